import Logging
import Synchronization
import Foundation
public import Media
import NIOCore

/// A live-video dialog: the INVITE's Call-ID and tags, and the receiver its video goes to.
struct Session: Sendable {
    let callID: String
    let deviceID: String
    let channelID: String
    let fromTag: String
    let toTag: String?
    let receiver: RTPReceiver
}

/// INVITE for live video, ACK, and BYE from either side.
extension SIPPlatform {
    /// Asks a device to send a channel's live video and returns the receiver it goes to. Blocking (it waits for the
    /// device to be online and to answer, within `timeout`): call it from a reader thread, never an event loop.
    public func play(deviceID: String, channelID: String, timeout: Duration,
                     isStopped: @escaping @Sendable () -> Bool = { false }) throws -> RTPReceiver {
        let deadline = ContinuousClock.now + timeout
        try waitOnline(deviceID, timeout: timeout, isStopped: isStopped)
        endEarlierDialogs(deviceID: deviceID, channelID: channelID)
        let ssrc = nextSSRC()
        let callID = Self.token()
        let fromTag = Self.token()
        let receiver = try RTPReceiver.bind(transport: settings.mediaTransport, host: settings.mediaBindHost,
                                            ports: settings.rtpPorts, ssrc: UInt32(ssrc)) { [weak self] in
            self?.hangUp(callID)
        }
        let sdp = SDP.playOffer(platformID: settings.id, address: settings.mediaAddress, port: receiver.port,
                                transport: settings.mediaTransport.rawValue, ssrc: ssrc)
        guard let invite = makeRequest("INVITE", to: deviceID, uriUser: channelID, callID: callID, fromTag: fromTag,
                                       contentType: "APPLICATION/SDP", body: Array(sdp.utf8),
                                       extra: [("Subject", "\(channelID):\(ssrc),\(settings.id):0")]) else {
            throw GBError.offline(deviceID)
        }
        state.withLock { state in
            state.counters.invites += 1
            state.invitesUnderWay.insert(callID)
        }
        // From here on a 2xx that finds no INVITE under way nor a session is a late answer, ACKed and hung up.
        defer { state.withLock { _ = $0.invitesUnderWay.remove(callID) } }
        let response: SIPMessage
        do {
            response = try Self.wait(for: send(invite, to: deviceID, timeout: TimeAmount(timeout)), isStopped: isStopped,
                                     deviceID: deviceID)
        } catch {
            receiver.finish()
            throw error as? MediaError ?? GBError.noAnswer(deviceID, "INVITE")
        }
        let toTag = Self.tag(in: response["To"])
        do {
            try acknowledge(invite, response: response, deviceID: deviceID, channelID: channelID)
        } catch {
            receiver.finish()
            throw error
        }
        state.withLock { state in
            state.sessions[callID] = Session(callID: callID, deviceID: deviceID, channelID: channelID, fromTag: fromTag,
                                             toTag: toTag, receiver: receiver)
        }
        logger.info("GB28181 device \(deviceID) plays channel \(channelID) to port \(receiver.port) (ssrc \(ssrc))")
        try waitForVideo(receiver, callID: callID, until: deadline, timeout: timeout, isStopped: isStopped, deviceID: deviceID, channelID: channelID)
        return receiver
    }

    /// A channel plays in one dialog at a time. A dialog still open when the channel is INVITEd again belongs to a
    /// stream its reader gave up on: it is ended now (BYE, port released), or the device would go on sending into
    /// a port nobody reads.
    private func endEarlierDialogs(deviceID: String, channelID: String) {
        let earlier = state.withLock { state in
            state.sessions.values.filter { $0.deviceID == deviceID && $0.channelID == channelID }
        }
        for session in earlier {
            logger.notice("GB28181 device \(deviceID): channel \(channelID) INVITEd again, its earlier dialog \(session.callID) ends")
            session.receiver.close()
        }
    }

    /// Waits for the first bytes of video, so that a device that answers and sends nothing is named as such (the
    /// probe would only say that nothing came). The dialog is ended when none come.
    private func waitForVideo(_ receiver: RTPReceiver, callID: String, until deadline: ContinuousClock.Instant, timeout: Duration,
                              isStopped: () -> Bool, deviceID: String, channelID: String) throws {
        do {
            while try !receiver.waitForMedia(wait: .milliseconds(100)) {
                if isStopped() { throw GBError.noAnswer(deviceID, "INVITE (the camera stopped)") }
                if ContinuousClock.now >= deadline { throw GBError.noVideo(deviceID, channelID, timeout) }
                if state.withLock({ $0.sessions[callID] == nil }) {
                    throw MediaError(.unreachable, "GB28181 device \(deviceID) ended channel \(channelID) before sending video")
                }
            }
        } catch {
            receiver.close()
            throw error
        }
    }

    /// Every final response to an INVITE is ACKed (RFC 3261 §17.1.1.3 for a refusal, §13.2.2.4 for a 2xx); only
    /// a 2xx opens the dialog.
    private func acknowledge(_ invite: SIPMessage, response: SIPMessage, deviceID: String, channelID: String) throws {
        guard let peer = state.withLock({ $0.devices[deviceID]?.peer }) else { throw GBError.offline(deviceID) }
        let code = response.statusCode ?? 0
        peer.send(Self.ack(invite, response: response, newBranch: (200..<300).contains(code)))
        guard (200..<300).contains(code) else {
            throw GBError.refused(deviceID, channelID, code, {
                if case .response(_, let reason) = response.startLine { reason } else { "" }
            }())
        }
    }

    /// The ACK of `invite`'s final `response`: the INVITE's headers with the answer's To tag. A refusal's ACK is
    /// part of the INVITE transaction (same branch); a 2xx's is a transaction of its own.
    static func ack(_ invite: SIPMessage, response: SIPMessage, newBranch: Bool) -> SIPMessage {
        var ack = invite
        ack.startLine = .request(method: "ACK", uri: {
            if case .request(_, let uri) = invite.startLine { uri } else { "" }
        }())
        ack.body = []
        ack.headers = ack.headers.filter { !["content-type", "subject"].contains(SIPMessage.canonical($0.name)) }.map { header in
            switch SIPMessage.canonical(header.name) {
            case "to": (header.name, response["To"] ?? header.value)
            case "cseq": (header.name, "\(invite.cseq?.number ?? 1) ACK")
            case "via" where newBranch: (header.name, header.value.replacing(/branch=[^;]*/, with: "branch=z9hG4bK\(token())"))
            default: header
            }
        }
        return ack
    }

    /// A 2xx to an INVITE the platform no longer waits for (it came after the timeout, or the camera stopped): the
    /// device has started a dialog nobody reads, so it is ACKed and ended at once. A 2xx repeated for a live dialog
    /// (the device did not get the ACK) is ACKed again.
    func answerLate(_ response: SIPMessage, from peer: Peer) {
        guard let callID = response.callID, let number = response.cseq?.number else { return }
        let live = state.withLock { $0.sessions[callID] != nil || $0.invitesUnderWay.contains(callID) }
        let contact = response["Contact"].flatMap { $0.firstMatch(of: /<?(sip:[^>;]+)/).map { String($0.1) } }
        let uri = contact ?? "sip:\(Self.user(in: response["To"]) ?? "")@\(peer.hostPort)"
        func request(_ method: String, _ cseq: Int) -> SIPMessage {
            SIPMessage(.request(method: method, uri: uri), headers: [
                ("Via", "SIP/2.0/\(peer.transport.rawValue.uppercased()) \(settings.mediaAddress):\(settings.port);rport;branch=z9hG4bK\(Self.token())"),
                ("From", response["From"] ?? ""), ("To", response["To"] ?? ""), ("Call-ID", callID),
                ("CSeq", "\(cseq) \(method)"), ("Max-Forwards", "70"), ("User-Agent", "SharpEyes"),
            ])
        }
        peer.send(request("ACK", number))
        guard !live else { return }
        state.withLock { $0.counters.lateAnswers += 1 }
        logger.warning("GB28181 \(peer.hostPort): 200 OK to an INVITE no longer waited for (Call-ID \(callID)): ACK and BYE")
        peer.send(request("BYE", number + 1))
    }

    /// The platform ends a dialog (the camera stopped, or its stream broke): BYE to the device.
    func hangUp(_ callID: String) {
        guard let session = state.withLock({ $0.sessions.removeValue(forKey: callID) }) else { return }
        guard let bye = makeRequest("BYE", to: session.deviceID, uriUser: session.channelID, callID: callID,
                                    fromTag: session.fromTag, toTag: session.toTag) else { return }
        send(bye, to: session.deviceID).whenComplete { _ in }
        logger.info("GB28181 device \(session.deviceID): BYE for channel \(session.channelID)")
    }

    /// The device ends a dialog: what it sent is read out, then the stream ends. Only the device's registered path
    /// may end its dialog; a BYE from anywhere else is answered 403 and the stream goes on.
    func bye(_ request: SIPMessage, from peer: Peer) {
        enum Outcome { case ended(Session), foreign(Session), unknown }
        let outcome: Outcome = state.withLock { state in
            guard let callID = request.callID, let session = state.sessions[callID] else { return .unknown }
            guard state.devices[session.deviceID]?.peer.isSame(as: peer) == true else {
                state.counters.foreignMessages += 1
                return .foreign(session)
            }
            state.sessions[callID] = nil
            return .ended(session)
        }
        switch outcome {
        case .unknown: peer.send(request.response(481, "Call/Transaction Does Not Exist"))
        case .foreign(let session):
            logger.warning("GB28181 device \(session.deviceID): BYE for channel \(session.channelID) from \(peer.hostPort), not from where it registered")
            peer.send(request.response(403, "Forbidden"))
        case .ended(let session):
            peer.send(request.response(200, "OK"))
            logger.notice("GB28181 device \(session.deviceID) ended channel \(session.channelID) (BYE)")
            session.receiver.finish()
        }
    }

    private func waitOnline(_ deviceID: String, timeout: Duration, isStopped: () -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while state.withLock({ $0.devices[deviceID]?.online != true }) {
            guard ContinuousClock.now < deadline, !isStopped() else { throw GBError.offline(deviceID) }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Waits for a response in short slices, so that a stopping camera does not wait out the transaction's timeout.
    private static func wait(for future: EventLoopFuture<SIPMessage>, isStopped: () -> Bool,
                             deviceID: String) throws -> SIPMessage {
        let done = DispatchSemaphore(value: 0)
        let result = Slot()
        future.whenComplete { outcome in
            result.set(outcome)
            done.signal()
        }
        while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if isStopped() { throw GBError.noAnswer(deviceID, "INVITE (the camera stopped)") }
        }
        return try result.get()
    }

    /// The outcome of a future, handed from the event loop to the waiting reader thread.
    private final class Slot: Sendable {
        private let outcome = Mutex<Result<SIPMessage, any Error>?>(nil)
        func set(_ value: Result<SIPMessage, any Error>) { outcome.withLock { $0 = value } }
        func get() throws -> SIPMessage {
            guard let outcome = outcome.withLock({ $0 }) else { throw GBError.noAnswer("?", "INVITE") }
            return try outcome.get()
        }
    }

    /// `y=`: 0 (live), the domain's digits 4–8, and a 4-digit index that no live dialog shares.
    private func nextSSRC() -> String {
        let index = state.withLock { state in
            state.ssrcIndex = (state.ssrcIndex + 1) % 10000
            return state.ssrcIndex
        }
        let domain = Array(settings.domain)
        let middle = domain.count >= 8 ? String(domain[3..<8]) : "00000"
        let digits = middle.allSatisfy(\.isNumber) ? middle : "00000"
        return "0" + digits + String(format: "%04d", index)
    }

    static func tag(in header: String?) -> String? {
        guard let header, let range = header.range(of: ";tag=") else { return nil }
        return String(header[range.upperBound...].prefix { $0 != ";" && $0 != ">" })
    }
}

extension SIPPlatform {
    /// What the receiver of a channel's live stream has counted, while it plays.
    public func mediaCounters(channelID: String) -> RTPCounters? {
        state.withLock { state in state.sessions.values.first { $0.channelID == channelID }?.receiver.counters }
    }
}
