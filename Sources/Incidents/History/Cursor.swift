import Foundation

/// A keyset position, (time, id) of the last row sent, tied to the query it continues: opaque to clients, stable
/// under inserts (new rows never shift a page, unlike OFFSET), and refused on any other query. The time is the
/// column's stored text, so the next page compares exactly what SQLite holds.
struct Cursor: Equatable {
    let time: String
    let id: Int64

    /// `<time>|<id>|<query hash>` in base64url.
    func encoded(for query: String) -> String {
        Data("\(time)|\(id)|\(Self.hash(query))".utf8).base64URLEncoded
    }

    static func decode(_ token: String, for query: String) throws(HistoryQueryError) -> Cursor {
        guard token.count <= 160, let data = Data(base64URLEncoded: token), let text = String(data: data, encoding: .utf8)
        else { throw .invalid("cursor", "not a cursor this server issued") }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count <= 40, parts[0].allSatisfy({ $0.isNumber || " -:.TZ".contains($0) }),
              let id = Int64(parts[1]) else {
            throw .invalid("cursor", "not a cursor this server issued")
        }
        guard parts[2] == Self.hash(query) else { throw .foreignCursor }
        return Cursor(time: String(parts[0]), id: id)
    }

    /// FNV-1a: a cursor only has to recognise its own query, not resist forgery (the filters are applied anyway).
    private static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return String(value, radix: 36)
    }
}
