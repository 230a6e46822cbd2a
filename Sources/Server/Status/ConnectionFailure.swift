import AsyncHTTPClient
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The short reason behind a failed request ("connection refused"), without NIO's type names.
enum ConnectionFailure {
    static func reason(for error: any Error) -> String {
        switch error {
        case let error as IOError:
            return String(cString: strerror(error.errnoCode)).lowercased()
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return reason(for: first.error) }
            return "cannot resolve \(error.host)"
        case let error as HTTPClientError:
            return reason(for: error)
        default:
            return "\(error)"
        }
    }

    private static func reason(for error: HTTPClientError) -> String {
        switch error {
        case .connectTimeout: "timed out connecting"
        case .deadlineExceeded, .readTimeout: "timed out waiting for an answer"
        case .remoteConnectionClosed: "the connection was closed"
        default: "\(error)"
        }
    }
}
