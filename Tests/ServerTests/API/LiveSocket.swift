import Foundation
import TestSupport

/// A live view watched over a raw socket, reading the server's frames byte by byte. HummingbirdWSClient sometimes
/// missed the frames that arrive in the same read as the `101` (a refusal's close frame follows it at once) and
/// then waited for ever; a browser does not, and this reader does not either.
struct LiveSocket {
    struct Watched {
        var messages: [String] = []
        var code: Int?
        var reason = ""
    }

    /// Upgrades `/api/cameras/{camera}/live` offering `sharpeyes` and `bearer.<token>`, then reads messages until a
    /// close frame (answered, as a client must) or `patience` seconds (generous: a loaded machine took over 15).
    static func watch(port: Int, camera: String, token: String?, patience: Double = 60) async throws -> Watched {
        let connection = try RawConnection(port: port)
        let offered = (["sharpeyes"] + (token.map { ["bearer.\($0)"] } ?? [])).joined(separator: ", ")
        await connection.send(["GET /api/cameras/\(camera)/live HTTP/1.1", "Host: sharpeyes", "Connection: Upgrade",
                         "Upgrade: websocket", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                         "Sec-WebSocket-Protocol: \(offered)"].joined(separator: "\r\n") + "\r\n\r\n")
        var reader = FrameReader()
        let deadline = Date().addingTimeInterval(patience)
        while Date() < deadline {
            guard case .bytes(let bytes) = await connection.read(timeout: 0.5) else { continue }
            reader.bytes += bytes
            if try reader.drain() {
                await connection.send([0x88, 0x80, 0, 0, 0, 0])  // a masked, empty close: the client's answer
                return reader.watched
            }
        }
        return reader.watched
    }

    /// The `101` head, then unmasked server frames.
    struct FrameReader {
        var bytes: [UInt8] = []
        var watched = Watched()
        private var headRead = false
        private var current: (opcode: UInt8, payload: [UInt8])?

        struct NotUpgraded: Error { let head: String }

        /// Reads what is complete; true once a close frame was read.
        mutating func drain() throws -> Bool {
            if !headRead {
                guard let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else { return false }
                let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
                guard head.hasPrefix("HTTP/1.1 101") else { throw NotUpgraded(head: head) }
                bytes.removeSubrange(..<end.upperBound)
                headRead = true
            }
            while let (fin, opcode, payload) = nextFrame() {
                if opcode == 8 {
                    watched.code = payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : nil
                    watched.reason = String(decoding: payload.dropFirst(2), as: UTF8.self)
                    return true
                }
                guard opcode <= 2 else { continue }  // pings
                let message = (opcode == 0 ? current?.opcode ?? 2 : opcode, (opcode == 0 ? current?.payload ?? [] : []) + payload)
                current = message
                guard fin else { continue }
                watched.messages.append(message.0 == 1 ? "text \(String(decoding: message.1, as: UTF8.self))" : "binary \(message.1.count)")
                current = nil
            }
            return false
        }

        private mutating func nextFrame() -> (Bool, UInt8, [UInt8])? {
            guard bytes.count >= 2 else { return nil }
            var length = Int(bytes[1] & 0x7f), start = 2
            if length == 126 {
                guard bytes.count >= 4 else { return nil }
                (length, start) = (Int(bytes[2]) << 8 | Int(bytes[3]), 4)
            } else if length == 127 {
                guard bytes.count >= 10 else { return nil }
                (length, start) = (bytes[2..<10].reduce(0) { $0 << 8 | Int($1) }, 10)
            }
            guard bytes.count >= start + length else { return nil }
            let frame = (bytes[0] & 0x80 != 0, bytes[0] & 0x0f, Array(bytes[start..<start + length]))
            bytes.removeSubrange(..<(start + length))
            return frame
        }
    }
}
