import ArgumentParser

@main
struct SharpEyes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharpeyes",
        abstract: "Watches camera, drone and eagle-eye streams: decodes, samples, finds faces and plates, records sightings.",
        subcommands: [Analyze.self, Bench.self]
    )
}

/// Options every command that touches the database shares.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite database file (created if missing).")
    var db = "sharpeyes.sqlite"
}
