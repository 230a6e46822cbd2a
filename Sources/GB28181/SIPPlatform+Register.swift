import NIOCore
import Media
import Logging
import Synchronization
import Foundation

/// REGISTER: challenge, check the digest, record or drop the registration.
extension SIPPlatform {
    func register(_ request: SIPMessage, from peer: Peer) {
        guard let deviceID = Self.user(in: request["From"]), DeviceID.isValid(deviceID) else {
            state.withLock { $0.counters.badDeviceIDs += 1 }
            return peer.send(request.response(400, "Bad Request"))
        }
        guard let header = request["Authorization"], let credentials = DigestCredentials(authorization: header) else {
            return challenge(request, peer: peer)
        }
        let issued = state.withLock { state in
            state.nonces = state.nonces.filter { Date().timeIntervalSince($0.value.issued) < 3600 }
            return state.nonces[credentials.nonce] != nil
        }
        guard issued else { return challenge(request, peer: peer) }
        guard credentials.username == deviceID, credentials.realm == settings.domain, let password = settings.password(deviceID),
              credentials.verify(password: password, method: "REGISTER") else {
            state.withLock { $0.counters.refused += 1 }
            logger.warning("GB28181 device \(deviceID) at \(peer.hostPort) refused: wrong password, realm or unknown device")
            return peer.send(request.response(403, "Forbidden"))
        }
        guard useNonce(credentials) else {
            state.withLock { $0.counters.replays += 1 }
            logger.warning("GB28181 device \(deviceID) at \(peer.hostPort): digest replayed (nonce and nc used before)")
            return challenge(request, peer: peer)
        }
        let expires = Self.expires(of: request) ?? settings.defaultExpires
        if expires == 0 { return unregister(deviceID, request: request, peer: peer) }
        let isNew = record(deviceID, request: request, peer: peer, expires: expires)
        var response = request.response(200, "OK", toTag: Self.token())
        response.headers.append(("Contact", request["Contact"] ?? "<sip:\(deviceID)@\(peer.hostPort)>"))
        response.headers.append(("Expires", "\(expires)"))
        response.headers.append(("Date", Self.gbDate(Date())))
        peer.send(response)
        if isNew {
            logger.notice("GB28181 device \(deviceID) registered from \(peer.hostPort) over \(peer.transport.rawValue)")
            queryCatalog(deviceID)
        }
    }

    private func challenge(_ request: SIPMessage, peer: Peer) {
        let nonce = Self.token() + Self.token()
        state.withLock { state in
            // Anyone can ask for a challenge: the nonces kept are bounded, the oldest go first.
            if state.nonces.count >= Self.nonceLimit, let oldest = state.nonces.min(by: { $0.value.issued < $1.value.issued }) {
                state.nonces[oldest.key] = nil
            }
            state.nonces[nonce] = Nonce(issued: Date())
        }
        var response = request.response(401, "Unauthorized", toTag: Self.token())
        response.headers.append(("WWW-Authenticate",
                                 "Digest realm=\"\(settings.domain)\", nonce=\"\(nonce)\", qop=\"auth\", algorithm=MD5"))
        peer.send(response)
    }

    /// Takes a verified answer's (nonce, nc) once: with qop, each use must count higher than the last (RFC 2617
    /// §3.2.2); without it, a nonce serves one registration. A captured REGISTER sent again is thus challenged.
    private func useNonce(_ credentials: DigestCredentials) -> Bool {
        let count = credentials.qop == nil ? 1 : credentials.nc.flatMap { Int($0, radix: 16) }
        return state.withLock { state in
            guard let count, var nonce = state.nonces[credentials.nonce], count > nonce.lastCount else { return false }
            nonce.lastCount = count
            state.nonces[credentials.nonce] = nonce
            return true
        }
    }

    /// Stores the registration; true when the device was not online under this registration before (a first
    /// registration, or a new one after it went offline), so its Catalog is asked for.
    private func record(_ deviceID: String, request: SIPMessage, peer: Peer, expires: Int) -> Bool {
        state.withLock { state in
            let now = Date()
            state.counters.registrations += 1
            let previous = state.devices[deviceID]
            let refresh = previous?.online == true && previous?.registrationCallID == request.callID
            var device = previous ?? SIPPlatform.Device(peer: peer, registeredAt: now, lastSeen: now, expires: expires, online: true)
            device.peer = peer
            device.registrationCallID = request.callID
            device.registeredAt = now
            device.lastSeen = now
            device.expires = expires
            device.online = true
            state.devices[deviceID] = device
            return !refresh
        }
    }

    private func unregister(_ deviceID: String, request: SIPMessage, peer: Peer) {
        let sessions = state.withLock { Self.takeOffline(deviceID, in: &$0) }
        var response = request.response(200, "OK", toTag: Self.token())
        response.headers.append(("Expires", "0"))
        response.headers.append(("Date", Self.gbDate(Date())))
        peer.send(response)
        logger.notice("GB28181 device \(deviceID) unregistered")
        for session in sessions { session.receiver.finish() }
    }

    /// Challenges outstanding at once; a flood of unauthenticated REGISTERs cannot grow memory past this.
    static let nonceLimit = 4096

    /// `Expires:` or the Contact's `;expires=`.
    static func expires(of request: SIPMessage) -> Int? {
        if let value = request["Expires"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) { return max(0, value) }
        guard let contact = request["Contact"], let range = contact.range(of: "expires=") else { return nil }
        return Int(contact[range.upperBound...].prefix { $0.isNumber }).map { max(0, $0) }
    }

    /// The `Date` devices set their clocks from: local time, `2026-12-01T08:00:00.000` (GB/T 28181 §A.2.1).
    static func gbDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
        return formatter.string(from: date)
    }
}
