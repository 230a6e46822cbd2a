import Dispatching
import Foundation
import Incidents
import Service
import Testing

/// `forces:`, `grids:` and `rules:` decode into Dispatching's types and are checked by DispatchConfig.
struct DispatchSectionTests {
    private let grids = "grids: [{id: A, polygon: [[126.6, 45.74], [126.7, 45.74], [126.7, 45.78]]}]\n"

    static let cases: [(String, String)] = [
        ("forces: [{id: p, name: P, type: tank, position: [1, 1]}]", "config:3: forces[0].type: Cannot initialize ForceType from invalid String value tank"),
        ("forces: [{id: p, type: patrol, position: [1, 1]}]", "config:3: forces[0].name: missing"),
        ("forces: [{id: p, name: P, type: patrol, position: [1, 1], webhok: {url: 'http://x'}}]",
         "config:3: forces[0].webhok: unknown key (did you mean webhook?)"),
        ("forces: [{id: p, name: P, type: patrol, position: [1, 1], webhook: {url: 'http://x', secret: 0123456789abcdef, sekret: x}}]",
         "config:3: forces[0].webhook.sekret: unknown key (did you mean secret?)"),
        ("rules: [{name: r, send: [{type: patrol}], acknowlege_within: 5}]",
         "config:3: rules[0].acknowlege_within: unknown key (did you mean acknowledge_within?)"),
        ("forces: [{id: p, name: P, type: patrol, position: [95, 10]}]", "config:3: forces[0].position: latitude 95.0 is not within ±90"),
        ("forces:\n  - {id: w, name: W, type: grid_worker, grid: Z}", "config:4: forces[0].grid: no grid 'Z'"),
        ("rules: [{name: r, send: []}]", "config:3: rules[0].send: empty"),
        ("rules: [{name: r, when: {severity: [urgent]}, send: [{type: patrol}]}]",
         "config:3: rules[0].when.severity[0]: severity must be low, medium, high or critical, got 'urgent'"),
        ("forces: {not: a list}", "config:3: forces: expected a list, got a mapping"),
    ]

    @Test(arguments: cases)
    func problemsNameTheField(yaml: String, expected: String) {
        let error = loadError(minimalConfig + grids + yaml)
        #expect(error?.description.hasPrefix(expected) == true, "\(error?.description ?? "")")
    }

    @Test func nonFiniteNumbersAreRefused() {
        let yaml = minimalConfig + "grids: [{id: B, polygon: [[1, .nan], [2, 2], [3, 3]]}]"
        let error = loadError(yaml)?.description ?? ""
        #expect(error.hasPrefix("config:2: grids[0].polygon[0][1]: must be a finite number, got '.nan'"), "\(error)")
    }

    @Test func everyBadElementIsReported() throws {
        let yaml = minimalConfig + """
        forces:
          - {id: a, type: patrol}
          - {id: b, name: B, type: tank}
        """
        #expect(loadError(yaml)?.errors.map(\.path) == ["forces[0].name", "forces[1].type"])
    }

    @Test func camerasMustNameADefinedGrid() throws {
        let camera = "cameras: [{id: c, kind: fixed, url: 'rtsp://h/s', grid: B}]"
        #expect(loadError(minimalConfig + grids + camera)?.description == "config:3: cameras[0].grid: no grid 'B' (grids: A)")
        let config = try load(minimalConfig + grids + camera.replacingOccurrences(of: "grid: B", with: "grid: A"))
        #expect(config.cameras.first?.grid == "A")
        #expect(config.dispatch.grids.count == 1)
    }
}
