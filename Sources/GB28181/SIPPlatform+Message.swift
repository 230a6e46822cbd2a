import NIOCore
import Media
import Logging
import Synchronization
import Foundation

/// MESSAGE: keepalives and Catalog answers from registered devices, taken only on the path they registered on.
extension SIPPlatform {
    func notify(_ request: SIPMessage, from peer: Peer) {
        guard let deviceID = Self.user(in: request["From"]), DeviceID.isValid(deviceID) else {
            state.withLock { $0.counters.badDeviceIDs += 1 }
            return peer.send(request.response(400, "Bad Request"))
        }
        let registered = state.withLock { $0.devices[deviceID].flatMap { $0.online ? $0.peer : nil } }
        guard let registered else {
            // wvp answers an unregistered device's keepalive so: the device then registers again.
            return peer.send(request.response(403, "Forbidden"))
        }
        guard registered.isSame(as: peer) else {
            // Anyone can write a device's ID in From; only the path that authenticated speaks for it. A device whose
            // NAT mapping changed gets the same 403 and registers again from its new address.
            state.withLock { $0.counters.foreignMessages += 1 }
            logger.warning("GB28181 device \(deviceID): MESSAGE from \(peer.hostPort), not from where it registered (\(registered.hostPort))")
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
        case "Keepalive": keepalive(deviceID)
        case "Catalog" where body.root == "Response": catalog(deviceID, body)
        case "Alarm" where body.root == "Notify": alarm(deviceID, body)
        default: logger.debug("GB28181 device \(deviceID): \(body.root) \(body.cmdType) ignored")
        }
    }

    private func keepalive(_ deviceID: String) {
        state.withLock { state in
            let now = Date()
            state.counters.keepalives += 1
            state.devices[deviceID]?.lastSeen = now
            state.devices[deviceID]?.lastKeepalive = now
        }
    }

    /// Hands the alarm on and confirms it to the device (a `Response` with the notification's SN); one the platform
    /// cannot read as an alarm is counted and still answered, so the device stops repeating it.
    private func alarm(_ deviceID: String, _ body: MANSCDPMessage) {
        guard let alarm = DeviceAlarm(body, device: deviceID) else { return }
        state.withLock { $0.counters.alarms += 1 }
        logger.notice("GB28181 device \(deviceID): alarm from \(alarm.source), priority \(alarm.priority.map(String.init) ?? "-"), method \(alarm.method.map(String.init) ?? "-")")
        onAlarm(self, alarm)
        let request = makeRequest("MESSAGE", to: deviceID, uriUser: deviceID, callID: Self.token(), contentType: "Application/MANSCDP+xml",
                                  body: DeviceAlarm.confirmation(sn: body.sn ?? 0, deviceID: alarm.source))
        guard let request else { return }
        send(request, to: deviceID).whenFailure { [logger] error in
            logger.warning("GB28181 device \(deviceID): alarm confirmation failed: \(error)")
        }
    }

    /// Collects the answers of the query under way until SumNum items have come.
    private func catalog(_ deviceID: String, _ body: MANSCDPMessage) {
        let outcome = state.withLock { state in Self.collect(body, into: &state, deviceID: deviceID) }
        switch outcome {
        case .collecting: break
        case .refused(let reason):
            logger.warning("GB28181 device \(deviceID): Catalog answer dropped: \(reason)")
        case .complete(let channels):
            logger.notice("GB28181 device \(deviceID) has \(channels.count) channel(s): \(channels.map { "\($0.id) \($0.name)" }.joined(separator: ", "))")
            onCatalog(self, deviceID, channels)
        }
    }

    private enum CatalogProgress {
        case collecting
        case refused(String)
        case complete([DeviceStatus.ChannelInfo])
    }

    private static func collect(_ body: MANSCDPMessage, into state: inout State, deviceID: String) -> CatalogProgress {
        guard var query = state.devices[deviceID]?.catalogQuery, body.sn == query.sn else {
            state.counters.unsolicitedCatalogs += 1
            return .refused("SN \(body.sn.map(String.init) ?? "none") was not asked for (or was asked for too long ago)")
        }
        var fresh: [MANSCDPMessage.Item] = []
        for item in body.items where query.seen.insert(item.deviceID).inserted { fresh.append(item) }
        let valid = fresh.filter { DeviceID.isValid($0.deviceID) }
        state.counters.badChannelIDs += fresh.count - valid.count
        query.items += valid
        let total = query.total ?? body.value("SumNum").flatMap { Int($0) } ?? body.items.count
        query.total = total
        guard query.seen.count <= catalogLimit, total <= catalogLimit else {
            state.devices[deviceID]?.catalogQuery = nil
            state.counters.unsolicitedCatalogs += 1
            return .refused("more than \(catalogLimit) items")
        }
        guard query.seen.count >= total else {
            state.devices[deviceID]?.catalogQuery = query
            return .collecting
        }
        state.devices[deviceID]?.catalogQuery = nil
        let channels = query.items.map { DeviceStatus.ChannelInfo(id: $0.deviceID, name: $0.name, status: $0.status) }
        state.devices[deviceID]?.channels = channels
        return .complete(channels)
    }

    /// Asks a device for its channels.
    func queryCatalog(_ deviceID: String) {
        let sn = nextSequence()
        // Set before the query leaves, as the answer may come at once; an unfinished earlier query is dropped.
        state.withLock { $0.devices[deviceID]?.catalogQuery = CatalogQuery(sn: sn, sentAt: Date()) }
        let request = makeRequest("MESSAGE", to: deviceID, uriUser: deviceID, callID: Self.token(),
                                  contentType: "Application/MANSCDP+xml",
                                  body: MANSCDPMessage.query("Catalog", sn: sn, deviceID: deviceID))
        guard let request else { return }
        send(request, to: deviceID).whenFailure { [logger] error in
            logger.warning("GB28181 device \(deviceID): Catalog query failed: \(error)")
        }
    }
}
