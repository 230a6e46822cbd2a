import ArgumentParser
import Foundation
import Service

extension SharpEyes {
    struct ConfigCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config", abstract: "Check a `serve` configuration file.", subcommands: [Check.self])
    }
}

extension SharpEyes.ConfigCommand {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file and print what would run; exit 1 with every error found.")

        @Argument(help: "The configuration file (YAML).")
        var file: String

        func run() async throws {
            do {
                let config = try ServeConfig(path: file)
                print(config.summary.joined(separator: "\n"))
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
