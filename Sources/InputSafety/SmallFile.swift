#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file that must be small, checking its size before reading and never reading more than the limit, so a
/// huge file, a device such as /dev/zero or a FIFO is refused at once.
package enum SmallFile {
    package enum Failure: Error {
        case cannotOpen(String)
        case notRegular
        case tooLarge(size: Int)
    }

    package static func contents(atPath path: String, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .cannotOpen(lastError) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .cannotOpen(lastError) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .notRegular }
        guard Int(status.st_size) <= limit else { throw .tooLarge(size: Int(status.st_size)) }
        return try readAll(descriptor, limit: limit)
    }

    /// Reads up to one byte past the limit: the file may have grown since `fstat`.
    private static func readAll(_ descriptor: Int32, limit: Int) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        var count = 0
        while count <= limit {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, limit + 1 - count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw .cannotOpen(lastError) }
            if got == 0 { break }
            count += got
        }
        guard count <= limit else { throw .tooLarge(size: count) }
        return Array(bytes[..<count])
    }

    private static var lastError: String {
        String(cString: strerror(errno))
    }
}
