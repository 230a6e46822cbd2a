import Foundation
import Service
import Testing

/// `communities:` and cameras' `mode: access`: a community's gates are cameras in access mode, each camera a gate
/// of one community; every mistake is named with its path and line.
struct CommunityConfigTests {
    private static let cameras = """
    cameras:
      - {id: north, kind: file, url: /srv/a.mp4, mode: access}
      - {id: south, kind: file, url: /srv/b.mp4, mode: access}
      - {id: street, kind: file, url: /srv/c.mp4}
    grids:
      - {id: Y, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78]]}

    """

    @Test func theSectionIsRead() throws {
        let config = try load(minimalConfig + Self.cameras + """
            communities:
              - {id: yuyuan, name: 裕园小区, grid: Y, gates: [north, south], time_zone: UTC, night: [22, 6], threshold: 0.4,
                 stranger_window: 1800, polygon: [[126.64, 45.75], [126.66, 45.75], [126.66, 45.77]]}

            """)
        let community = try #require(config.communities.first)
        #expect(community.id == "yuyuan" && community.name == "裕园小区" && community.grid == "Y" && community.gates == ["north", "south"])
        #expect(community.timeZone == "UTC" && community.nightStart == 22 && community.nightEnd == 6)
        #expect(community.threshold == 0.4 && community.strangerWindow == 1800 && community.polygon?.count == 3)
        #expect(config.cameras.map(\.mode) == [.access, .access, .watch])
        #expect(config.cameras.map(\.grid) == ["Y", "Y", nil], "a gate is in its community's grid")
        #expect(config.community(ofGate: "south")?.id == "yuyuan" && config.community(ofGate: "street") == nil)
        #expect(config.summary.contains("community yuyuan \"裕园小区\": grid Y, gates north, south; register threshold 0.4, night 22-6 UTC, "
                                        + "strangers remembered 1800 s"), "\(config.summary)")
        #expect(config.summary.contains { $0.hasPrefix("  north file") && $0.contains("access mode") })
    }

    @Test func theDefaultsAreTheRegistersAndChinasNight() throws {
        let config = try load(minimalConfig + Self.cameras + "communities:\n  - {id: c, gates: [north, south]}\n")
        let community = try #require(config.communities.first)
        #expect(community.name == "c" && community.threshold == 0.45 && community.timeZone == "Asia/Shanghai")
        #expect(community.nightStart == 23 && community.nightEnd == 5 && community.strangerWindow == 3600)
    }

    @Test(arguments: [
        ("communities:\n  - {id: c, gates: [north, south, street]}", "camera 'street' is a gate: give it mode: access"),
        ("communities:\n  - {id: c, gates: [north, south, gone]}", "no camera 'gone' in cameras:"),
        ("communities:\n  - {id: c, gates: [north]}", "cameras[1].mode: camera 'south' is in access mode but no community lists it"),
        ("communities:\n  - {id: c, gates: [north, south]}\n  - {id: d, gates: [south]}", "camera 'south' is already a gate of community 'c'"),
        ("communities:\n  - {id: c, gates: [north, south]}\n  - {id: c, gates: [north]}", "community 'c' is listed twice"),
        ("communities:\n  - {id: c, gates: [north, south], grid: X}", "communities[0].grid: no grid 'X'"),
        ("communities:\n  - {id: c, gates: [north, south], time_zone: Mars/Olympus}", "no time zone 'Mars/Olympus'"),
        ("communities:\n  - {id: c, gates: [north, south], night: [23, 24]}", "communities[0].night[1]: must be 0 to 23"),
        ("communities:\n  - {id: c, gates: [north, south], threshold: 0.9}", "communities[0].threshold"),
        ("communities:\n  - {id: c, gates: [north, south], polygon: [[1, 2]]}", "a polygon needs at least 3"),
        ("communities:\n  - {id: 'c c', gates: [north, south]}", "communities[0].id: must be 1-64 characters"),
        ("communities:\n  - {gates: [north, south]}", "communities[0].id: missing"),
        ("communities:\n  - {id: c, gates: [north, south], gate: [x]}", "communities[0].gate: unknown key (did you mean gates?)"),
    ])
    func mistakesAreNamedWithTheirPath(section: String, message: String) throws {
        let error = try #require(loadError(minimalConfig + Self.cameras + section + "\n"))
        #expect("\(error)".contains(message), "\(error)")
    }

    @Test func aGateInAnotherGridIsRefused() throws {
        let error = try #require(loadError(minimalConfig + """
            cameras:
              - {id: north, kind: file, url: /srv/a.mp4, mode: access, grid: Z}
            grids:
              - {id: Y, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78]]}
              - {id: Z, polygon: [[126.00, 45.00], [126.10, 45.00], [126.10, 45.10]]}
            communities:
              - {id: c, gates: [north], grid: Y}

            """))
        #expect("\(error)".contains("cameras[0].grid: camera 'north' is a gate of community 'c', whose grid is 'Y'"), "\(error)")
    }

    @Test func aCamerasModeIsWatchOrAccess() throws {
        let error = try #require(loadError(config(camera: "{id: a, kind: file, url: /srv/a.mp4, mode: gate}")))
        #expect("\(error)".contains("cameras[0].mode: expected watch or access, got 'gate'"), "\(error)")
        #expect(try load(config(camera: "{id: a, kind: file, url: /srv/a.mp4, mode: watch}")).cameras.first?.mode == .watch)
    }
}
