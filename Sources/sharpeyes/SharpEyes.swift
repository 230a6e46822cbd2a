import ArgumentParser
import Media

@main
enum Main {
    static func main() async {
        // FFmpeg speaks only of fatal errors unless `--log-level debug` asks for more (see makeLogger).
        FFmpegLog.configure(verbose: false)
        await SharpEyes.main()
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
