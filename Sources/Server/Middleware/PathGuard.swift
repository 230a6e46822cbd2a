import Hummingbird

/// Refuses a path that holds a control character, raw or percent-encoded (`%00`, `%0A`, `%7F`), with a 400 before
/// any route or file sees it: no route or console file has one in its name, and a NUL is where a C file name ends,
/// so `/console/index.html%00.png` was served, the index, as `image/png`. API paths are left to their routes, which
/// refuse such a parameter themselves after the caller is known, so that a refused history read is audited.
struct PathGuard<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/") || !Self.holdsControlByte(path) else {
            throw ServerError.badRequest("the path holds a control character")
        }
        return try await next(request, context)
    }

    static func holdsControlByte(_ path: String) -> Bool {
        var bytes = path.utf8[...]
        while let byte = bytes.popFirst() {
            var value = byte
            if byte == UInt8(ascii: "%"), bytes.count >= 2, let high = hexDigit(bytes.first!), let low = hexDigit(bytes.dropFirst().first!) {
                value = high << 4 | low
                bytes = bytes.dropFirst(2)
            }
            if value < 0x20 || value == 0x7F { return true }
        }
        return false
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
