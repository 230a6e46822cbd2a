import ArgumentParser
import Foundation
import Media

@main
enum Main {
    static func main() async {
        // FFmpeg speaks only of fatal errors unless `--log-level debug` asks for more (see makeLogger).
        FFmpegLog.configure(verbose: false)
        do {
            var command = try SharpEyes.parseAsRoot()
            if SharpEyes.needsDescriptors(type(of: command)) {
                do { try Descriptors.prepare() } catch { fail("\(error)") }
            }
            if var command = command as? any AsyncParsableCommand { try await command.run() } else { try command.run() }
        } catch {
            // A usage error (an unknown option, a value out of range) is an error like any other: one `error:` line,
            // where to find the usage, exit status 1. Help and version requests keep ArgumentParser's handling.
            guard SharpEyes.exitCode(for: error) == .validationFailure else { SharpEyes.exit(withError: error) }
            FileHandle.standardError.write(Data("error: \(SharpEyes.message(for: error))\n(see sharpeyes help)\n".utf8))
            exit(1)
        }
    }
}

struct SharpEyes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharpeyes",
        abstract: "Watches camera, drone and eagle-eye streams: decodes, samples, finds faces and plates, records sightings.",
        subcommands: [
            Analyze.self, Serve.self, ConfigCommand.self, Status.self, Watchlist.self, DispatchCommand.self, Token.self, Audit.self,
            Bench.self, Dev.self,
        ]
    )
}

/// Options every command that touches the database shares.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite database file (created if missing).")
    var db = "sharpeyes.sqlite"
}
