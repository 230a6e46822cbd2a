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
            if SharpEyes.needsDescriptors(type(of: command)) { try Descriptors.prepare() }
            if var command = command as? any AsyncParsableCommand { try await command.run() } else { try command.run() }
        } catch {
            report(error)
        }
    }

    /// The one place a command's failure reaches the terminal: one `error:` line and exit status 1. A usage error
    /// (an unknown option, a value out of range) also says where to find the usage; help, version and explicit exit
    /// codes keep ArgumentParser's handling.
    static func report(_ error: any Error) -> Never {
        let code = SharpEyes.exitCode(for: error)
        if code == .validationFailure {
            FileHandle.standardError.write(Data("error: \(SharpEyes.message(for: error))\n(see sharpeyes help)\n".utf8))
            exit(1)
        }
        guard code == .failure, !(error is ExitCode) else { SharpEyes.exit(withError: error) }
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}

struct SharpEyes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharpeyes",
        abstract: "Watches camera, drone and eagle-eye streams: decodes, samples, finds faces and plates, records sightings.",
        subcommands: [
            Analyze.self, Serve.self, ConfigCommand.self, Status.self, Watchlist.self, DispatchCommand.self, Token.self, Audit.self, Cameras.self, Export.self,
            Bench.self, Dev.self, Community.self,
        ]
    )
}

/// Options every command that touches the database shares.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite database file (created if missing).")
    var db = "sharpeyes.sqlite"
}
