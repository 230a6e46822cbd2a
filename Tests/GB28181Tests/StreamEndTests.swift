import Foundation
import GB28181
import Media
import TestSupport
import Testing

/// A channel's stream ends, and its source must end with it at once (within a read's wait, far under the 5 s read
/// timeout), so that the pipeline closes what it has open: the device hangs up, its media or SIP connection
/// closes, it goes offline. And a dialog the platform no longer reads is ended with BYE, its port released.
@Suite(.serialized, .childProcesses)
struct StreamEndTests {
    /// The bound for the source's side: "well under" the 2 s the incident has to be dispatched in.
    static let prompt = 1.0

    /// When the simulator says it did `event`: its log line reaches the test through a pipe, and may come after the
    /// platform has already seen what the event caused (the time in it is the simulator's own).
    private func logged(_ event: String, by camera: ChildProcess) async -> Date? {
        await camera.waitUntil(10) { SimulatorLog($0.stdout).time(of: event) != nil }
        return SimulatorLog(camera.stdout).time(of: event)
    }

    @Test func aByeFromTheDeviceEndsTheSourceAtOnce() async throws {
        let harness = try await Harness()
        let camera = try await harness.camera(["--bye-after", "3"])
        #expect(await harness.waitForCatalog() != nil, "\(camera.stdout)")
        let reading = ChannelReading(harness)
        let end = try #require(await reading.end(within: 60), "\(camera.stdout)")
        let bye = try #require(await logged("sent bye", by: camera), "\(camera.stdout)")
        #expect(end.how == "end of stream" && reading.frames > 30, "\(end.how), \(reading.frames) frames")
        print("GB stream end: device BYE → source ended in \(end.at.timeIntervalSince(bye)) s")
        #expect(end.at.timeIntervalSince(bye) < Self.prompt, "the source ended \(end.at.timeIntervalSince(bye)) s after the BYE")
        await harness.close()
    }

    @Test func aClosedMediaConnectionEndsTheSourceAtOnce() async throws {
        let harness = try await Harness(mediaTransport: .tcp)
        let camera = try await harness.camera(["--close-media-after", "3"])
        #expect(await harness.waitForCatalog() != nil, "\(camera.stdout)")
        let reading = ChannelReading(harness)
        let end = try #require(await reading.end(within: 60), "\(camera.stdout)")
        let closed = try #require(await logged("media closed", by: camera), "\(camera.stdout)")
        #expect(end.how == "end of stream" && reading.frames > 30, "\(end.how), \(reading.frames) frames")
        print("GB stream end: media TCP close → source ended in \(end.at.timeIntervalSince(closed)) s")
        #expect(end.at.timeIntervalSince(closed) < Self.prompt, "ended \(end.at.timeIntervalSince(closed)) s after the close")
        await harness.close()
    }

    /// The device's SIP connection closes while its UDP video goes on: requests cannot reach it any more, so it is
    /// offline and its stream ends (before: only once three keepalive intervals had passed).
    @Test func aClosedSIPConnectionEndsTheSourceAtOnce() async throws {
        let harness = try await Harness(keepalive: 2)
        let camera = try await harness.camera(["--transport", "tcp", "--close-sip-after", "3"], keepalive: 2)
        #expect(await harness.waitForCatalog() != nil, "\(camera.stdout)")
        let reading = ChannelReading(harness)
        let end = try #require(await reading.end(within: 60), "\(camera.stdout)")
        let closed = try #require(await logged("sip closed", by: camera), "\(camera.stdout)")
        #expect(end.how == "end of stream" && reading.frames > 30, "\(end.how), \(reading.frames) frames")
        print("GB stream end: SIP TCP close → source ended in \(end.at.timeIntervalSince(closed)) s")
        #expect(end.at.timeIntervalSince(closed) < Self.prompt, "ended \(end.at.timeIntervalSince(closed)) s after the close")
        #expect(harness.platform.devices.first?.online == false)
        await harness.close()
    }

    @Test func aDeviceGoneOfflineEndsTheSourceAtOnce() async throws {
        let harness = try await Harness(keepalive: 0.5)
        let camera = try await harness.camera(["--stop-keepalive-after", "3"], keepalive: 0.5)
        #expect(await harness.waitForCatalog() != nil, "\(camera.stdout)")
        let reading = ChannelReading(harness)
        #expect(await reading.waitForFrames(10))
        // The video goes on after the keepalives stop; the platform marks the device offline after 1.5 s of silence.
        #expect(await eventually(30) { harness.platform.devices.first?.online == false }, "\(camera.stdout)")
        let offline = Date()
        let end = try #require(await reading.end(within: 30))
        #expect(end.how == "end of stream", "\(end.how)")
        print("GB stream end: device offline → source ended in \(end.at.timeIntervalSince(offline)) s")
        #expect(end.at.timeIntervalSince(offline) < Self.prompt, "ended \(end.at.timeIntervalSince(offline)) s after going offline")
        await harness.close()
    }

    /// A device that sends its video unpaced, two seconds of frames at once: every frame decodes, none is lost in
    /// the receive buffer, and its BYE still ends the source at once.
    @Test func unpacedBurstsDecodeAndTheByeStillEndsTheSource() async throws {
        let harness = try await Harness()
        let camera = try await harness.camera(["--burst", "2", "--bye-after", "7"])
        #expect(await harness.waitForCatalog() != nil, "\(camera.stdout)")
        let reading = ChannelReading(harness)
        #expect(await eventually(30) { harness.platform.mediaCounters(channelID: Harness.channelID)?.frames ?? 0 > 60 })
        let counters = try #require(harness.platform.mediaCounters(channelID: Harness.channelID))
        let end = try #require(await reading.end(within: 60), "\(camera.stdout)")
        let bye = try #require(await logged("sent bye", by: camera), "\(camera.stdout)")
        #expect(counters.gaps == 0 && counters.framesDropped == 0 && counters.late == 0, "\(counters)")
        #expect(end.how == "end of stream" && reading.frames > 150, "\(end.how), \(reading.frames) frames")
        print("GB stream end: BYE after unpaced bursts → source ended in \(end.at.timeIntervalSince(bye)) s, \(counters)")
        #expect(end.at.timeIntervalSince(bye) < Self.prompt, "ended \(end.at.timeIntervalSince(bye)) s after the BYE")
        await harness.close()
    }

    /// The trial: the device's video stalls, the read times out and the stream is lost, but its reader was kept (as
    /// the pipeline kept its first one). The dialog must end then (BYE, port released), not when the reader is freed.
    @Test func aStreamLostToTheReadTimeoutIsHungUpThoughItsReaderIsKept() async throws {
        let harness = try await Harness(keepalive: 30)
        let camera = try await harness.camera(["--stall-after", "2", "--stall-for", "8"], keepalive: 30)
        #expect(await harness.waitForCatalog() != nil, "\(camera.stdout)")
        let reading = ChannelReading(harness, readTimeout: .seconds(1), keep: true)
        defer { reading.release() }
        let end = try #require(await reading.end(within: 60), "\(camera.stdout)")
        #expect(end.how.contains("timed out"), "\(end.how)")
        let stream = try #require(SimulatorLog(camera.stdout).streams.first, "\(camera.stdout)")
        #expect(await eventually(5) { SimulatorLog(camera.stdout).byes.contains(stream.callID) },
                "the device got no BYE for \(stream.callID): \(camera.stdout)")
        #expect(await eventually(5) { !isBound(stream.port, transport: .udp) }, "port \(stream.port) is still bound")
        // When the stalled video resumes, nothing is sent to the old port any more.
        try await Task.sleep(for: .milliseconds(500))
        #expect(!camera.stdout.contains("resumed \(stream.port) \(stream.callID)"), "\(camera.stdout)")
        await harness.close()
    }

    /// A channel INVITEd again while its earlier dialog is still open (its reader gave up without closing it): the
    /// earlier dialog gets a BYE and its port is released, so one port per channel stays bound.
    @Test func aChannelINVITEdAgainEndsItsEarlierDialog() async throws {
        let harness = try await Harness(keepalive: 30)
        let camera = try await harness.camera([], keepalive: 30)
        #expect(await harness.waitForCatalog() != nil, "\(camera.stdout)")
        let first = ChannelReading(harness, keep: true)
        defer { first.release() }
        #expect(await first.waitForFrames(10), "\(camera.stdout)")
        let second = ChannelReading(harness)
        #expect(await second.waitForFrames(10), "\(camera.stdout)")
        let streams = SimulatorLog(camera.stdout).streams
        try #require(streams.count == 2, "\(camera.stdout)")
        // What happens, not how fast (the hang-up's own time is measured by the tests above): generous on a loaded
        // machine, where 5 s once passed before the port was let go.
        #expect(await eventually(30) { SimulatorLog(camera.stdout).byes == [streams[0].callID] }, "\(camera.stdout)")
        #expect(await eventually(30) { !isBound(streams[0].port, transport: .udp) }, "port \(streams[0].port) is still bound")
        #expect(isBound(streams[1].port, transport: .udp))
        #expect(await first.end(within: 30)?.how == "end of stream", "the earlier reader sees its stream end")
        await harness.close()
    }

    /// A device that accepts the INVITE and sends nothing is named as such, not as one that did not answer.
    @Test func aDeviceThatAnswersAndSendsNoVideoIsSaidSo() async throws {
        let harness = try await Harness(keepalive: 30)
        let device = try UDPClient(port: harness.port)
        #expect(try await device.register(Harness.deviceID, password: Harness.password)?.hasPrefix("SIP/2.0 200") == true)
        let reading = ChannelReading(harness, openTimeout: .seconds(2))
        let invite = try await InviteAnswerTests.invite(at: device)
        device.send(invite.response(200, "OK", toTag: "mute").serialised)
        let end = try #require(await reading.end(within: 20))
        #expect(end.how.contains("answered the INVITE for channel \(Harness.channelID) but sent no video within 2"),
                "\(end.how)")
        #expect(!end.how.contains("no answer"), "\(end.how)")
        // The dialog nobody will read is ended.
        #expect(await device.receive(timeout: 10) { $0.hasPrefix("BYE ") }?.contains(invite.callID ?? "?") == true)
        await harness.close()
    }
}
