import CFFmpeg

/// Lets another thread end a blocking FFmpeg call, and gives every network open or read a deadline.
///
/// libavformat polls the callback installed here while it waits on a socket.
public final class Interrupter: @unchecked Sendable {
    let state: UnsafeMutablePointer<CFFmpeg_Interrupt>

    public init() {
        state = .allocate(capacity: 1)
        state.initialize(to: CFFmpeg_Interrupt(deadline_us: 0, stop: 0))
    }

    deinit { state.deallocate() }

    /// Ends the blocking call under way and every later one.
    public func stop() { CFFmpeg_interrupt_stop(state) }

    /// An atomic load: the flag is stored atomically by `stop()` on another thread and read by libavformat's callback.
    public var isStopped: Bool { CFFmpeg_interrupt_is_stopped(state) != 0 }

    /// The armed deadline has passed: a call that failed now failed because it ran out of time, whatever
    /// error the demuxer made of it (RTSP reports an interrupted reply as invalid data).
    var hasExpired: Bool { CFFmpeg_interrupt_expired(state) != 0 }

    func install(on context: UnsafeMutablePointer<AVFormatContext>) {
        CFFmpeg_interrupt_install(context, state)
    }

    /// The longest deadline `arm` sets; longer timeouts are cut to it.
    static let longestTimeout: Duration = .seconds(86_400)

    /// The next blocking call fails once `timeout` has passed; `nil` removes the deadline.
    /// A zero or negative timeout expires at once (it never means "no deadline"); longer than a day counts as a day.
    func arm(_ timeout: Duration?) {
        guard let timeout else { return CFFmpeg_interrupt_arm(state, 0) }
        let bounded = min(max(timeout, .microseconds(1)), Self.longestTimeout)
        CFFmpeg_interrupt_arm(state, bounded.saturatingMicroseconds)
    }
}
