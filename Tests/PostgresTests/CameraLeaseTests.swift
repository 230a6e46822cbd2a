import Foundation
import Incidents
import PostgresStore
import TestSupport
import Testing

/// Camera leases with epoch fencing against the real PostgreSQL: two nodes claiming at once never hold one camera
/// both; a write of an older epoch is refused in its transaction and leaves nothing; a lease that is not renewed
/// expires by the database's clock and another node takes the camera, with a higher epoch; a release hands a
/// camera over at once.
struct CameraLeaseTests {
    private static let cameras = (1...10).map { (id: "cam-\($0)", definition: "{id: cam-\($0), kind: file, url: /dev/null}") }

    @Test func twoNodesClaimingAtOnceNeverHoldOneCameraBoth() async throws {
        try await withPostgresStore { store, _ in
            try await store.importCameras(Self.cameras)
            for node in ["a", "b"] { try await store.heartbeat(node: node, capacity: 10, roles: ["analysis"]) }
            var held: [String: [CameraLease]] = ["a": [], "b": []]
            for _ in 0..<20 {
                async let a = store.claimCameras(node: "a", capacity: 10, ttl: 30, liveWithin: 30)
                async let b = store.claimCameras(node: "b", capacity: 10, ttl: 30, liveWithin: 30)
                let (claimedA, claimedB) = try await (a, b)
                held["a", default: []] += claimedA
                held["b", default: []] += claimedB
                held["a"] = try await store.renewLeases(node: "a", held["a"] ?? [], ttl: 30)
                held["b"] = try await store.renewLeases(node: "b", held["b"] ?? [], ttl: 30)
                let idsA = Set((held["a"] ?? []).map(\.cameraId)), idsB = Set((held["b"] ?? []).map(\.cameraId))
                #expect(idsA.isDisjoint(with: idsB), "both hold \(idsA.intersection(idsB))")
            }
            #expect(held["a"]?.count == 5 && held["b"]?.count == 5, "each takes its fair share: \(held)")
            let rows = try await store.sharedCameras()
            #expect(rows.allSatisfy { $0.epoch == 1 }, "each camera was claimed once")
        }
    }

    @Test func aWriteOfAnOlderEpochIsRefusedAndLeavesNothing() async throws {
        try await withPostgresStore { store, _ in
            try await store.importCameras([Self.cameras[0]])
            try await store.save(Camera(id: "cam-1", name: "cam-1", kind: .file, url: "/dev/null"))
            let first = try #require(try await store.claimCameras(node: "a", capacity: 1, ttl: 2, liveWithin: 30).first)
            try await waitForExpiry(store)
            let second = try #require(try await store.claimCameras(node: "b", capacity: 1, ttl: 30, liveWithin: 30).first)
            #expect(second.epoch == first.epoch + 1)
            let error = await #expect(throws: PostgresStoreError.self) {
                try await store.record(Self.sighting(), incident: nil, epoch: first.epoch)
            }
            #expect(error?.kind == .fenced, "\(String(describing: error))")
            #expect(try await store.sightings(matching: HistoryFilter(), page: PageRequest()).items.isEmpty, "nothing landed")
            let (stored, _, _) = try await store.record(Self.sighting(), incident: nil, epoch: second.epoch)
            #expect(stored.id != nil, "the holder's write lands")
        }
    }

    @Test func anExpiredLeaseIsTakenOverWithAHigherEpoch() async throws {
        try await withPostgresStore { store, _ in
            try await store.importCameras([Self.cameras[0]])
            // 5 s: b's first claim must come while a's lease holds, also on a machine busy with other builds.
            let lease = try #require(try await store.claimCameras(node: "a", capacity: 1, ttl: 5, liveWithin: 30).first)
            #expect(try await store.claimCameras(node: "b", capacity: 1, ttl: 30, liveWithin: 30).isEmpty, "held: not claimable")
            try await waitForExpiry(store)
            #expect(try await store.renewLeases(node: "a", [lease], ttl: 30).isEmpty, "an expired lease is not renewed")
            let taken = try await store.claimCameras(node: "b", capacity: 1, ttl: 30, liveWithin: 30)
            #expect(taken.map(\.cameraId) == ["cam-1"] && taken.first?.epoch == lease.epoch + 1)
            #expect(try await store.renewLeases(node: "a", [lease], ttl: 30).isEmpty, "the old holder cannot renew it back")
            #expect(try await store.sharedCameras().first?.nodeId == "b")
        }
    }

    @Test func aReleasedCameraIsClaimedAtOnce() async throws {
        try await withPostgresStore { store, _ in
            try await store.importCameras(Array(Self.cameras.prefix(2)))
            #expect(try await store.claimCameras(node: "a", capacity: 2, ttl: 30, liveWithin: 30).count == 2)
            #expect(try await store.releaseLeases(node: "a") == 2)
            let taken = try await store.claimCameras(node: "b", capacity: 2, ttl: 30, liveWithin: 30)
            #expect(taken.count == 2 && taken.allSatisfy { $0.epoch == 2 })
        }
    }

    @Test func aRemovedCameraCannotBeRenewedAndItsWritesAreFenced() async throws {
        try await withPostgresStore { store, _ in
            try await store.importCameras([Self.cameras[0]])
            try await store.save(Camera(id: "cam-1", name: "cam-1", kind: .file, url: "/dev/null"))
            let lease = try #require(try await store.claimCameras(node: "a", capacity: 1, ttl: 30, liveWithin: 30).first)
            #expect(try await store.removeSharedCamera(id: "cam-1"))
            #expect(try await !store.removeSharedCamera(id: "cam-1"))
            #expect(try await store.renewLeases(node: "a", [lease], ttl: 30).isEmpty, "the holder learns at its renewal")
            let error = await #expect(throws: PostgresStoreError.self) {
                try await store.record(Self.sighting(), incident: nil, epoch: lease.epoch)
            }
            #expect(error?.kind == .fenced)
        }
    }

    /// A lease of 0.3 s is over once 0.5 s have passed (the database's clock and ours run at one rate).
    /// Until every lease has ended by the database's clock (this machine's too): polled, so a loaded machine that
    /// took long to claim does not find an expired lease where the test expects a held one (the TTL is 2 s).
    private func waitForExpiry(_ store: PostgresStore) async throws {
        let ends = try await store.sharedCameras().compactMap(\.expiresAt).max() ?? Date()
        while Date() <= ends.addingTimeInterval(0.05) { try await Task.sleep(for: .milliseconds(100)) }
    }

    private static func sighting() -> Sighting {
        let now = Date()
        return Sighting(cameraId: "cam-1", kind: .plate, label: "黑A12345", firstSeen: now, lastSeen: now, bestTime: now,
                        mediaOffset: 0, box: (0, 0, 10, 10), confidence: 0.9, frames: 3)
    }
}
