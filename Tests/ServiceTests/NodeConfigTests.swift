import Foundation
import Service
import Testing

/// `node: {id, capacity, roles}`: one node does everything by default; an API-only node takes no cameras and may not
/// hold the GB/T 28181 platform; a given capacity below the config's cameras is refused.
struct NodeConfigTests {
    private static let twoCameras = """
    cameras:
      - {id: a, kind: file, url: /srv/a.mp4}
      - {id: b, kind: file, url: /srv/b.mp4}

    """

    @Test func aNodeAloneDoesEverything() throws {
        let node = try load(minimalConfig).node
        #expect(node.roles == [.analysis, .api] && node.givenCapacity == nil && node.id == ProcessInfo.processInfo.hostName)
        #expect(node.capacity == 6 * ProcessInfo.processInfo.activeProcessorCount, "six cameras a core when claiming")
    }

    @Test func theSectionIsRead() throws {
        let node = try load(minimalConfig + Self.twoCameras + "node: {id: api-1, capacity: 2, roles: [api]}\n").node
        #expect(node.id == "api-1" && node.givenCapacity == 2 && node.roles == [.api])
        #expect(!node.runsCameras && node.servesAPI)
        let summary = try load(minimalConfig + "node: {id: det-7, roles: [analysis]}\n").summary
        #expect(summary.first == "node: det-7 (analysis), every camera listed here", "\(summary)")
    }

    @Test(arguments: [
        ("node: {roles: [analysis, gateway]}", "node.roles[1]: 'gateway' is not a role (analysis or api)"),
        ("node: {roles: []}", "node.roles: give at least one role"),
        ("node: {id: 'gate node'}", "node.id: 'gate node' must be 1 to 64 letters"),
        ("node: {capacity: 0}", "node.capacity: must be 1 to 10000"),
        ("node: {capacity: 1}", "node.capacity: 1 is less than the 2 enabled cameras of this config"),
        ("node: {roles: [api]}\ngb28181: {domain: '3402000000', id: '34020000002000000001', password: {env: P}}",
         "gb28181: the GB/T 28181 platform runs on an analysis node"),
    ])
    func badNodesAreRefused(section: String, message: String) throws {
        let error = try #require(loadError(minimalConfig + Self.twoCameras + section + "\n", environment: ["P": "secret123"]))
        #expect("\(error)".contains(message), "\(error)")
    }
}
