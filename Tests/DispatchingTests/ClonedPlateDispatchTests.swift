import Dispatching
import Foundation
import GRDB
import Incidents
import Testing

/// A cloned-plate incident goes through the dispatcher like a watchlist hit: orders and outbox messages in the
/// transaction that stores the second read.
struct ClonedPlateDispatchTests {
    @Test func aClonedPlateIsPlannedAndSaysWhatItIs() throws {
        let fixture = try DispatchFixture(clonedPlates: ClonedPlateRule())
        try fixture.store.save(Camera(id: "gate-7", name: "Ring road", kind: .fixed, url: "rtsp://g7",
                                      latitude: 45.761, longitude: 126.950))
        let now = fixture.clock.now()
        for (camera, seconds) in [("gate-1", 0.0), ("gate-7", 120.0)] {
            let time = now.addingTimeInterval(seconds)
            let sighting = Sighting(cameraId: camera, kind: .plate, label: "黑A12345", firstSeen: time, lastSeen: time,
                                    bestTime: time, mediaOffset: 0, box: (0, 0, 10, 10), confidence: 0.97, frames: 3)
            try fixture.store.record(sighting)
        }
        let incident = try #require(try fixture.store.incidents().first)
        #expect(incident.type == .clonedPlate)
        let orders = try fixture.orders()
        #expect(!orders.isEmpty && orders.allSatisfy { $0.incidentId == incident.id })
        let messages = try fixture.messages()
        #expect(messages.count == orders.count)
        let payload = try Payload.decode(try #require(messages.first).body)
        #expect(payload.event.type == "cloned_plate" && payload.event.watchlist == nil)
        #expect(payload.event.reason?.hasPrefix("read at gate-1 and gate-7, 23.3 km apart, 2 min between") == true)
    }
}
