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

    public var isStopped: Bool { state.pointee.stop != 0 }

    func install(on context: UnsafeMutablePointer<AVFormatContext>) {
        CFFmpeg_interrupt_install(context, state)
    }

    /// The next blocking call fails once `timeout` has passed; `nil` removes the deadline.
    func arm(_ timeout: Duration?) {
        let microseconds = timeout.map { $0.components.seconds * 1_000_000 + $0.components.attoseconds / 1_000_000_000_000 }
        CFFmpeg_interrupt_arm(state, microseconds ?? 0)
    }
}
