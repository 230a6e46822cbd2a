import Foundation
import GB28181
import Media
import Synchronization
import TestSupport
import Toolkit

/// A channel read as a camera reads it (`MediaReader` through `ChannelOpener`), on a thread of its own (a camera's
/// reader loop runs on a `DedicatedThread`), until its source ends; when and how it ended is recorded. With `keep`,
/// the reader is held after its stream ended, as a pipeline that kept its first reader did.
final class ChannelReading: Sendable {
    struct End: Sendable {
        let at: Date
        /// "end of stream", or the error that ended the source.
        let how: String
    }

    private struct State {
        var frames = 0
        var end: End?
        var kept: MediaReaderBox?
    }

    /// The reader, when kept.
    private final class MediaReaderBox: @unchecked Sendable {
        let reader: MediaReader
        init(_ reader: MediaReader) { self.reader = reader }
    }

    private let state = Mutex(State())

    init(_ harness: Harness, readTimeout: Duration = .seconds(5), openTimeout: Duration = .seconds(10), keep: Bool = false) {
        let platform = harness.platform
        Task.detached { [self] in await DedicatedThread.run { [self] in read(platform, readTimeout, openTimeout, keep) } }
    }

    private func read(_ platform: SIPPlatform, _ readTimeout: Duration, _ openTimeout: Duration, _ keep: Bool) {
        do {
            var options = ReaderOptions(threads: 1)
            options.source.byteStream = ChannelOpener(platform: platform, deviceID: Harness.deviceID, channelID: Harness.channelID)
            options.source.readTimeout = readTimeout
            options.source.openTimeout = openTimeout
            let reader = try MediaReader(url: "gb28181://\(Harness.deviceID)/\(Harness.channelID)", options: options)
            if keep { state.withLock { $0.kept = MediaReaderBox(reader) } }
            while try reader.decodeNext() != nil { state.withLock { $0.frames += 1 } }
            finish("end of stream")
        } catch {
            finish("\(error)")
        }
    }

    private func finish(_ how: String) { state.withLock { $0.end = End(at: Date(), how: how) } }

    var frames: Int { state.withLock { $0.frames } }

    /// How the source ended, waiting up to `timeout` seconds for it; nil when it has not.
    /// (The reader notes the time of the end itself: how often this looks does not change it.)
    func end(within timeout: Double) async -> End? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let end = state.withLock({ $0.end }) { return end }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return state.withLock { $0.end }
    }

    /// Waits until `count` frames are decoded.
    func waitForFrames(_ count: Int, timeout: Double = 60) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, frames < count, state.withLock({ $0.end == nil }) { try? await Task.sleep(for: .milliseconds(20)) }
        return frames >= count
    }

    /// Lets a kept reader go.
    func release() { state.withLock { $0.kept = nil } }
}

/// Whether a UDP or TCP port on loopback is bound by someone (a bind of our own fails).
func isBound(_ port: Int, transport: RTPReceiver.Transport) -> Bool {
    let fd = socket(AF_INET, transport == .udp ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    return withLoopbackAddress(port: port) { bind(fd, $0, $1) } != 0
}

/// Waits, polling every 50 ms, until `condition` holds or `timeout` seconds pass.
func eventually(_ timeout: Double, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return condition()
}
