import Foundation
import Synchronization

/// One camera's live view as fragmented MP4, shared by its viewers: it follows the camera's `PacketRing` on a
/// thread of its own, started with the first viewer and ended after the last leaves, and copies packets (no
/// decoding) into an init segment and one fragment per packet.
///
/// ```swift
/// let live = LiveFragmenter(ring: ring)
/// for try await message in live.watch() { ... }   // .start(mimeType:initSegment:), then .fragment(_:keyframe:)
/// ```
/// A viewer gets the init segment and the fragments since the latest keyframe at once (a picture without waiting
/// up to a GOP), then each new fragment. A viewer too slow to take them loses fragments up to the next keyframe
/// rather than stalling the others. H.264 and H.265 (which the browser plays where it can, and otherwise shows the
/// camera's picture each second); other codecs end the view with `MediaError.unsupportedCodec`.
public final class LiveFragmenter: Sendable {
    private let ring: PacketRing
    private let state = Mutex(State())
    /// Fragments a viewer may have waiting before it skips to the next keyframe.
    static let viewerBacklog = 256

    /// A viewer's stream, whatever its element: `send` says false when the viewer's backlog is full.
    struct Viewer {
        let send: @Sendable (LiveMessage) -> Bool
        let finish: @Sendable (any Error) -> Void
        var needsKeyframe = false
    }

    struct State {
        var viewers: [Int: Viewer] = [:]
        var nextViewer = 0
        var running = false
        /// The current start message and the fragments since the latest keyframe: what a new viewer is sent first.
        var start: LiveMessage?
        var gop: [LiveMessage] = []
    }

    public init(ring: PacketRing) {
        self.ring = ring
    }

    /// Viewers watching now.
    public var viewers: Int { state.withLock { $0.viewers.count } }

    /// Whether the fragmenting thread runs (it ends within half a second after the last viewer left).
    public var isRunning: Bool { state.withLock { $0.running } }

    /// The live view from now on; ending the iteration (or cancelling its task) leaves.
    public func watch() -> AsyncThrowingStream<LiveMessage, any Error> { watch { $0 } }

    /// The live view from now on, each message made into what the caller sends on (another module's type).
    public func watch<Element: Sendable>(as transform: @escaping @Sendable (LiveMessage) -> Element)
        -> AsyncThrowingStream<Element, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Element.self,
                                                                    bufferingPolicy: .bufferingOldest(Self.viewerBacklog))
        let viewer = Viewer(send: { if case .dropped = continuation.yield(transform($0)) { false } else { true } },
                            finish: { continuation.finish(throwing: $0) })
        let (id, startThread) = state.withLock { state in
            let id = state.nextViewer
            state.nextViewer += 1
            state.viewers[id] = viewer
            if let start = state.start { ([start] + state.gop).forEach { _ = viewer.send($0) } }
            let idle = !state.running
            state.running = true
            return (id, idle)
        }
        continuation.onTermination = { [weak self] _ in self?.leave(id) }
        if startThread { start() }
        return stream
    }

    private func leave(_ id: Int) {
        _ = state.withLock { $0.viewers.removeValue(forKey: id) }
    }

    private func start() {
        let thread = Thread { [self] in run() }
        thread.name = "live"
        thread.start()
    }

    /// Follows the ring while anyone watches; a failure ends every viewer's stream with it.
    private func run() {
        var session: LiveSession?
        // From the latest keyframe the ring holds; again from there if this thread fell behind its eviction.
        var (pending, next) = ring.window(from: ring.newestTime ?? 0)
        while stillWatched() {
            if let error = deliver(pending, into: &session) { return stop(error) }
            switch ring.packets(from: next, waiting: 0.5) {
            case .packets(let packets, let following): (pending, next) = (packets, following)
            case .missed: (pending, next) = ring.window(from: ring.newestTime ?? 0)
            case .ended: return stop(MediaError(.streamLost, "the camera's stream ended"))
            case .idle: pending = []
            }
        }
    }

    /// Writes packets and sends what they made; returns the error that ends the view, if any.
    private func deliver(_ packets: [Packet], into session: inout LiveSession?) -> (any Error)? {
        for packet in packets {
            do {
                if session.map({ !$0.canWrite(packet) }) ?? true {
                    guard packet.isKeyframe else { continue }
                    let started = try LiveSession(format: packet.format)
                    broadcast(started.startMessage)
                    session = started
                }
                if let fragment = try session?.write(packet) { broadcast(fragment) }
            } catch {
                return error
            }
        }
        return nil
    }

    private func broadcast(_ message: LiveMessage) {
        state.withLock { state in
            switch message {
            case .start: (state.start, state.gop) = (message, [])
            case .fragment(_, true): state.gop = [message]
            case .fragment: state.gop.append(message)
            }
            for id in state.viewers.keys { Self.send(message, to: &state.viewers[id]!) }
        }
    }

    private static func send(_ message: LiveMessage, to viewer: inout Viewer) {
        switch message {
        case .start: viewer.needsKeyframe = false
        case .fragment(_, let keyframe):
            if keyframe { viewer.needsKeyframe = false }
            if viewer.needsKeyframe { return }
        }
        if !viewer.send(message) { viewer.needsKeyframe = true }
    }

    /// Whether anyone still watches; if not, the thread is marked ended under the same lock, so a viewer arriving
    /// now starts a new one.
    private func stillWatched() -> Bool {
        state.withLock { state in
            if state.viewers.isEmpty { (state.running, state.start, state.gop) = (false, nil, []) }
            return state.running
        }
    }

    private func stop(_ error: any Error) {
        let viewers = state.withLock { state in
            defer { (state.viewers, state.running, state.start, state.gop) = ([:], false, nil, []) }
            return state.viewers.values
        }
        // Outside the lock: finishing a stream calls its `onTermination` (`leave`) at once.
        viewers.forEach { $0.finish(error) }
    }
}

/// One fragmented MP4 of one stream format: a camera that changes its stream gets a new session (and its viewers a
/// new start).
final class LiveSession {
    private let output: FragmentOutput
    private let writer: MP4Writer
    let startMessage: LiveMessage

    init(format: StreamFormat) throws {
        guard let read = CodecString.reader(for: format.codecName) else {
            throw MediaError(.unsupportedCodec, "live view plays H.264 and H.265 only; this camera sends \(format.codecName)")
        }
        output = try FragmentOutput()
        writer = try MP4Writer(fragmentsTo: output, format: format)
        let initSegment = output.take()
        guard let codec = read(initSegment) else {
            throw MediaError(.unsupportedCodec, "live view: the \(format.codecName) stream carries no decoder setup (parameter sets)")
        }
        startMessage = .start(mimeType: "video/mp4; codecs=\"\(codec)\"", initSegment: initSegment)
    }

    func canWrite(_ packet: Packet) -> Bool { writer.canContinue(packet.format) }

    /// The fragment `packet` made, if the writer kept it.
    func write(_ packet: Packet) throws -> LiveMessage? {
        let before = writer.written
        try writer.write(packet)
        guard writer.written > before else { return nil }
        return .fragment(output.take(), keyframe: packet.isKeyframe)
    }
}
