public import Foundation

/// A blocking GET over loopback (curl, so the test process needs no HTTP stack of its own): (status, body).
public func httpGet(_ url: String, timeout: Double = 5) -> (status: Int, body: String) {
    guard let child = try? ChildProcess("/usr/bin/curl", ["-s", "-m", "\(Int(timeout))", "-w", "\n%{http_code}", url]) else {
        return (0, "")
    }
    child.wait(timeout: timeout + 2)
    var lines = child.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let status = Int(lines.popLast() ?? "") ?? 0
    return (status, lines.joined(separator: "\n"))
}

/// The JSON array or object a GET returns, or nil.
public func httpJSON(_ url: String) -> Any? {
    let (status, body) = httpGet(url)
    guard status == 200 else { return nil }
    return try? JSONSerialization.jsonObject(with: Data(body.utf8))
}
