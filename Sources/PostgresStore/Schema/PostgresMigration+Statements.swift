import Foundation

extension PostgresMigration {
    /// The migration's statements, split at each `;` outside a quoted literal or a `$$` function body: PostgresNIO
    /// sends every query as a prepared statement, which holds one command.
    var statements: [String] {
        var statements: [String] = []
        var current = ""
        var inQuote = false, inBody = false
        var characters = sql.makeIterator()
        var previous: Character?
        while let character = characters.next() {
            if character == "'" && !inBody { inQuote.toggle() }
            if character == "$" && previous == "$" && !inQuote { inBody.toggle() }
            if character == ";" && !inQuote && !inBody {
                statements.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        statements.append(current)
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
