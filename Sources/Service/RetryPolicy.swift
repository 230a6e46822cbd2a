package import Pipeline

/// How long a camera service keeps trying its source: the one difference in reconnecting between `serve` and
/// `analyze`, named.
public enum RetryPolicy: Sendable, Equatable {
    /// `serve`: every failure is retried, with backoff capped at 30 s, for as long as the camera is enabled.
    case forever
    /// `analyze --retries N`: a source that cannot be reached or was lost is tried N times in a row, then the run
    /// ends; a missing or undecodable file is not retried.
    case finite(Int)

    /// `options` with this policy's reconnect settings.
    package func applied(to options: AnalysisOptions) -> AnalysisOptions {
        var options = options
        switch self {
        case .forever:
            options.reconnect.attempts = .max
            options.reconnect.retriesEveryFailure = true
            // Retried for months: a camera that stays down is tried twice a minute, not every few seconds.
            options.reconnect.maximumDelay = .seconds(30)
        case .finite(let attempts):
            options.reconnect.attempts = attempts
        }
        return options
    }
}
