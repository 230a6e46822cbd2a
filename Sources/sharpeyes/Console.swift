import ArgumentParser
import Foundation

/// A command's failure as the person at the terminal reads it: `Main` prints `error: ` and the message, exit 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// One JSON object on one line of stdout, keys sorted and in snake_case: the machine-readable last line of a command.
func printJSONLine(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    print(String(decoding: data, as: UTF8.self))
}
