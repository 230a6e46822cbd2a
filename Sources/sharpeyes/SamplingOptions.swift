import ArgumentParser
import Media

/// `--fps N | --every N | --keyframes`, one at most.
struct SamplingOptions: ParsableArguments {
    @Option(help: "Analyse at most N frames per second (default 5).")
    var fps: Double?

    @Option(help: "Analyse every Nth decoded frame.")
    var every: Int?

    @Flag(help: "Analyse keyframes only, decoding nothing else.")
    var keyframes = false

    func validate() throws {
        let chosen = [fps != nil, every != nil, keyframes].filter { $0 }.count
        guard chosen <= 1 else { throw ValidationError("choose one of --fps, --every and --keyframes") }
        if let problem = policy.problem { throw ValidationError("--" + problem) }
    }

    var policy: SamplingPolicy {
        if let every { return .every(every) }
        if keyframes { return .keyframes }
        return .fps(fps ?? 5)
    }
}
