import Foundation

/// One HTTP byte range (RFC 9110 §14.1.2) of a file of known size: `bytes=first-last`, `bytes=first-` or
/// `bytes=-suffix`.
struct ByteRange: Equatable {
    let first: Int
    let last: Int

    var count: Int { last - first + 1 }

    /// What a `Range` header asks of a file of `size` bytes.
    enum Request: Equatable {
        /// No range, or several (answered with the whole file, as the RFC allows).
        case whole
        case part(ByteRange)
        /// Not a byte range this file can satisfy: 416.
        case unsatisfiable
    }

    static func parse(_ header: String?, size: Int) -> Request {
        guard let header else { return .whole }
        guard header.hasPrefix("bytes="), size > 0 else { return .unsatisfiable }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        if spec.contains(",") { return .whole }
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { return .unsatisfiable }
        let (from, to) = (Int(parts[0]), Int(parts[1]))
        switch (parts[0].isEmpty, parts[1].isEmpty) {
        case (true, false):
            guard let suffix = to, suffix > 0 else { return .unsatisfiable }
            return .part(ByteRange(first: max(0, size - suffix), last: size - 1))
        case (false, true):
            guard let from, from >= 0, from < size else { return .unsatisfiable }
            return .part(ByteRange(first: from, last: size - 1))
        case (false, false):
            guard let from, let to, from >= 0, from <= to, from < size else { return .unsatisfiable }
            return .part(ByteRange(first: from, last: min(to, size - 1)))
        case (true, true):
            return .unsatisfiable
        }
    }
}
