import Media
import Logging
import Synchronization
import Foundation
import NIOCore
import NIOPosix

/// Requests the platform sends, and the responses that complete them.
extension SIPPlatform {
    /// A request to a registered device over the path it registered on; nil when the device is unknown.
    func makeRequest(_ method: String, to deviceID: String, uriUser: String, callID: String, fromTag: String = token(),
                     toTag: String? = nil, cseq: Int? = nil, contentType: String? = nil, body: [UInt8] = [],
                     extra: [(name: String, value: String)] = []) -> SIPMessage? {
        guard let peer = state.withLock({ $0.devices[deviceID]?.peer }) else { return nil }
        let transport = peer.transport.rawValue.uppercased()
        var headers: [(name: String, value: String)] = [
            ("Via", "SIP/2.0/\(transport) \(settings.mediaAddress):\(settings.port);rport;branch=z9hG4bK\(Self.token())"),
            ("From", "<sip:\(settings.id)@\(settings.domain)>;tag=\(fromTag)"),
            ("To", "<sip:\(uriUser)@\(settings.domain)>" + (toTag.map { ";tag=\($0)" } ?? "")),
            ("Call-ID", callID),
            ("CSeq", "\(cseq ?? nextSequence()) \(method)"),
            ("Max-Forwards", "70"),
            ("Contact", "<sip:\(settings.id)@\(settings.mediaAddress):\(settings.port)>"),
            ("User-Agent", "SharpEyes"),
        ]
        headers += extra
        if let contentType { headers.append(("Content-Type", contentType)) }
        return SIPMessage(.request(method: method, uri: "sip:\(uriUser)@\(peer.hostPort)"), headers: headers, body: body)
    }

    /// Sends a request; the future completes with the final response, or fails after `timeout`.
    func send(_ request: SIPMessage, to deviceID: String, timeout: TimeAmount = .seconds(5)) -> EventLoopFuture<SIPMessage> {
        guard let peer = state.withLock({ $0.devices[deviceID]?.peer }) else {
            return MultiThreadedEventLoopGroup.singleton.any().makeFailedFuture(GBError.offline(deviceID))
        }
        let promise = peer.channel.eventLoop.makePromise(of: SIPMessage.self)
        let key = Self.transactionKey(request)
        state.withLock { $0.transactions[key] = Transaction(promise: promise, peer: peer) }
        peer.channel.eventLoop.scheduleTask(in: timeout) { [self] in
            if let pending = state.withLock({ $0.transactions.removeValue(forKey: key) }) {
                pending.promise.fail(GBError.noAnswer(deviceID, request.method ?? "request"))
            }
        }
        peer.send(request)
        if peer.transport == .udp { retransmit(request, key: key, peer: peer, after: .milliseconds(500), until: timeout) }
        return promise.futureResult
    }

    /// RFC 3261 timer A: over UDP a request goes again after 0.5 s, 1 s, 2 s … while no final answer came.
    private func retransmit(_ request: SIPMessage, key: String, peer: Peer, after delay: TimeAmount, until limit: TimeAmount) {
        guard delay < limit else { return }
        peer.channel.eventLoop.scheduleTask(in: delay) { [self] in
            guard state.withLock({ $0.transactions[key] != nil }) else { return }
            peer.send(request)
            retransmit(request, key: key, peer: peer, after: delay * 2, until: limit - delay)
        }
    }

    /// A final response completes its request; provisional ones (100 Trying, 180) are ignored. A 2xx to an INVITE
    /// with no request waiting is answered as the dialog it opened requires. Only the path the request went out on
    /// may answer it: a response from anywhere else (someone who saw or guessed the Call-ID, refusing an INVITE or
    /// accepting it) is dropped and counted, and the request keeps waiting for its device.
    func resolve(_ response: SIPMessage, from peer: Peer) {
        guard let code = response.statusCode, code >= 200 else { return }
        let key = Self.transactionKey(response)
        enum Outcome { case answered(EventLoopPromise<SIPMessage>), foreign, none }
        let outcome: Outcome = state.withLock { state in
            guard let pending = state.transactions[key] else { return .none }
            guard pending.peer.isSame(as: peer) else {
                state.counters.foreignResponses += 1
                return .foreign
            }
            state.transactions[key] = nil
            return .answered(pending.promise)
        }
        switch outcome {
        case .answered(let promise): promise.succeed(response)
        case .foreign: logger.warning("GB28181 \(peer.hostPort): response \(code) for Call-ID \(response.callID ?? "?") from another path than its request went out on: dropped")
        case .none:
            guard (200..<300).contains(code), response.cseq?.method == "INVITE" else { return }
            guard isRegisteredPath(peer) else {
                state.withLock { $0.counters.foreignResponses += 1 }
                return logger.warning("GB28181 \(peer.hostPort): 2xx to an INVITE from no registered device: dropped")
            }
            answerLate(response, from: peer)
        }
    }

    static func transactionKey(_ message: SIPMessage) -> String {
        "\(message.callID ?? "")|\(message.cseq.map { "\($0.number) \($0.method)" } ?? "")"
    }
}
