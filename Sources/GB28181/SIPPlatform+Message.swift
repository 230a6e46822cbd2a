import NIOCore
import Media
import Logging
import Synchronization
import Foundation

/// MESSAGE: keepalives and Catalog answers from registered devices.
extension SIPPlatform {
    func notify(_ request: SIPMessage, from peer: Peer) {
        guard let deviceID = Self.user(in: request["From"]),
              state.withLock({ $0.devices[deviceID]?.online == true }) else {
            // wvp answers an unregistered device's keepalive so: the device then registers again.
            return peer.send(request.response(403, "Forbidden"))
        }
        let body: MANSCDPMessage
        do {
            body = try MANSCDPMessage(body: request.body)
        } catch {
            state.withLock { $0.counters.badBodies += 1 }
            logger.warning("GB28181 device \(deviceID): unreadable MANSCDP body (\(error))")
            return peer.send(request.response(400, "Bad Request"))
        }
        peer.send(request.response(200, "OK"))
        switch body.cmdType {
        case "Keepalive": keepalive(deviceID, peer: peer)
        case "Catalog" where body.root == "Response": catalog(deviceID, body)
        default: logger.debug("GB28181 device \(deviceID): \(body.root) \(body.cmdType) ignored")
        }
    }

    /// A keepalive from a new address moves the device there (its NAT mapping changed).
    private func keepalive(_ deviceID: String, peer: Peer) {
        state.withLock { state in
            let now = Date()
            state.counters.keepalives += 1
            state.devices[deviceID]?.lastSeen = now
            state.devices[deviceID]?.lastKeepalive = now
            state.devices[deviceID]?.peer = peer
        }
    }

    /// Collects the answers of one query (one SN) until SumNum items have come.
    private func catalog(_ deviceID: String, _ body: MANSCDPMessage) {
        let sn = body.sn ?? 0
        let total = body.value("SumNum").flatMap { Int($0) } ?? body.items.count
        let complete: [DeviceStatus.ChannelInfo]? = state.withLock { state in
            guard state.devices[deviceID] != nil else { return nil }
            var collected = state.devices[deviceID]?.catalog[sn] ?? ([], total)
            // A retransmitted answer (UDP) repeats items: each channel counts once towards SumNum.
            let known = Set(collected.items.map(\.deviceID))
            collected.items += body.items.filter { !known.contains($0.deviceID) }
            guard collected.items.count >= collected.total else {
                state.devices[deviceID]?.catalog[sn] = collected
                return nil
            }
            state.devices[deviceID]?.catalog[sn] = nil
            let channels = collected.items.map { DeviceStatus.ChannelInfo(id: $0.deviceID, name: $0.name, status: $0.status) }
            state.devices[deviceID]?.channels = channels
            return channels
        }
        guard let complete else { return }
        logger.notice("GB28181 device \(deviceID) has \(complete.count) channel(s): \(complete.map { "\($0.id) \($0.name)" }.joined(separator: ", "))")
        onCatalog(self, deviceID, complete)
    }

    /// Asks a device for its channels.
    func queryCatalog(_ deviceID: String) {
        let sn = nextSequence()
        let request = makeRequest("MESSAGE", to: deviceID, uriUser: deviceID, callID: Self.token(),
                                  contentType: "Application/MANSCDP+xml",
                                  body: MANSCDPMessage.query("Catalog", sn: sn, deviceID: deviceID))
        guard let request else { return }
        send(request, to: deviceID).whenFailure { [logger] error in
            logger.warning("GB28181 device \(deviceID): Catalog query failed: \(error)")
        }
    }
}
