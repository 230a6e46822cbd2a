#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `host:port` where host is an IPv4 address, `[IPv6]` or a name, and port 1...65535.
enum ListenAddressParser {
    struct Problem: Error {
        let message: String
    }

    static func parse(_ text: String) -> Result<ServeConfig.ListenAddress, Problem> {
        let host: Substring, port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]:") else {
                return .failure(Problem(message: "is not [IPv6]:port"))
            }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
            guard isAddress(host, family: AF_INET6) else { return .failure(Problem(message: "has no valid IPv6 address")) }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return .failure(Problem(message: "is not host:port")) }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
            if let problem = hostProblem(host) { return .failure(Problem(message: problem)) }
        }
        guard let number = Int(port), (1...65535).contains(number) else {
            return .failure(Problem(message: "has no port 1 to 65535"))
        }
        return .success(ServeConfig.ListenAddress(host: String(host), port: number))
    }

    private static func hostProblem(_ host: Substring) -> String? {
        if host.isEmpty { return "has no host (0.0.0.0 listens on every interface)" }
        if host.contains(":") { return "has an IPv6 address without brackets: write [::1]:8080" }
        if host.allSatisfy({ $0.isNumber || $0 == "." }) {
            return isAddress(host, family: AF_INET) ? nil : "has no valid IPv4 address"
        }
        return isHostName(host) ? nil : "has no valid host name"
    }

    private static func isAddress(_ text: Substring, family: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(family, String(text), &buffer) == 1
    }

    /// Labels of letters, digits and inner hyphens, 1-63 characters each, 253 in all.
    private static func isHostName(_ host: Substring) -> Bool {
        guard host.utf8.count <= 253 else { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
