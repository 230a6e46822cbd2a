import Communities
import Foundation
import Incidents
import Logging
import Recognition
import Synchronization

/// One community as `serve` runs it: its register, loaded from the store (and reloaded when the register's change
/// counter moves), and the gate rules every passage at any of its gate cameras goes through. One `GateWatch` per
/// community, shared by its gates, so a stranger seen at two of them is one stranger.
final class CommunityGate: Sendable {
    let community: ServeConfig.Community
    private let state: Mutex<State>

    /// The gate rules, and their recent decisions by pass (see `observe`).
    private struct State {
        var watch: GateWatch
        var decided: [String: (AccessRecord, GateAlert?)] = [:]
    }
    private let loadedVersion: Mutex<Int>

    init(community: ServeConfig.Community, rows: CommunityRegisterRows) {
        self.community = community
        var rules = GateWatch.Rules()
        rules.strangerWindow = community.strangerWindow
        rules.nightStart = community.nightStart
        rules.nightEnd = community.nightEnd
        rules.timeZone = TimeZone(identifier: community.timeZone) ?? rules.timeZone
        state = Mutex(State(watch: GateWatch(register: Self.register(of: community, from: rows), rules: rules)))
        loadedVersion = Mutex(rows.version)
    }

    /// The community's register as stored, read now.
    static func load(_ community: ServeConfig.Community, from store: any CommunityStore) async throws -> CommunityGate {
        CommunityGate(community: community, rows: try await store.register(community: community.id))
    }

    /// The record of `passage`, and the alert a gate rule raises for it. `key` names the pass: a camera's sink tries
    /// a refused write again with the same pass, which must get the same decision, not be counted twice (a stranger
    /// "seen again") nor lose its alert (the two-gates rule raises once).
    func observe(_ passage: Passage, key: String) -> (AccessRecord, GateAlert?) {
        state.withLock { state in
            if let earlier = state.decided[key] { return earlier }
            let decision = state.watch.observe(passage)
            if state.decided.count >= 256 { state.decided.removeAll() }
            state.decided[key] = decision
            return decision
        }
    }

    var residentCount: Int { state.withLock { $0.watch.register.residentCount } }

    func hasResidents(in unit: String) -> Bool { state.withLock { $0.watch.register.hasResidents(in: unit) } }

    /// Re-reads the register when its change counter moved; the gates' memory of recent strangers is kept.
    /// True when it was reloaded.
    func reloadIfChanged(from store: any CommunityStore) async throws -> Bool {
        let version = try await store.registerVersion(community: community.id)
        guard version != loadedVersion.withLock({ $0 }) else { return false }
        let rows = try await store.register(community: community.id)
        let register = Self.register(of: community, from: rows)
        state.withLock { $0.watch.register = register }
        loadedVersion.withLock { $0 = rows.version }
        return true
    }

    /// The in-memory register of the stored rows (faces that are not 128-D embeddings are skipped).
    static func register(of community: ServeConfig.Community, from rows: CommunityRegisterRows) -> CommunityRegister {
        var register = CommunityRegister(community: community.id, threshold: community.threshold)
        for (resident, faces) in rows.residents {
            guard let id = resident.id else { continue }
            register.add(Resident(id: id, name: resident.name, unit: resident.unit), faces: faces.compactMap(Self.embedding))
        }
        for vehicle in rows.vehicles { register.add(Vehicle(plate: vehicle.plate, unit: vehicle.unit)) }
        for (pass, faces) in rows.passes {
            guard let id = pass.id else { continue }
            register.add(VisitorPass(id: id, hostUnit: pass.hostUnit, plate: pass.plate, validFrom: pass.validFrom,
                                     validUntil: pass.validUntil), faces: faces.compactMap(Self.embedding))
        }
        for watch in rows.watches { register.watch(KeyPersonWatch(residentId: watch.residentId, until: watch.until)) }
        return register
    }

    private static func embedding(_ data: Data) -> FaceEmbedding? { FaceEmbedding(bytes: [UInt8](data)) }
}
