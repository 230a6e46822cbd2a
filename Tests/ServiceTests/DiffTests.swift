import Service
import Testing

/// A reload compares cameras by id.
struct DiffTests {
    private func cameras(_ lines: String...) -> String {
        minimalConfig + "cameras:\n" + lines.map { "  - \($0)" }.joined(separator: "\n")
    }

    @Test func camerasAreAddedRemovedChangedOrUnchanged() throws {
        let old = try load(cameras(
            "{id: a, kind: fixed, url: 'rtsp://h/a'}",
            "{id: b, kind: fixed, url: 'rtsp://h/b'}",
            "{id: c, kind: fixed, url: 'rtsp://h/c', password: {env: C}}"
        ), environment: ["C": "one"])
        let new = try load(cameras(
            "{id: c, kind: fixed, url: 'rtsp://h/c', password: {env: C}}",
            "{id: a, kind: fixed, url: 'rtsp://h/a'}",
            "{id: d, kind: file, url: d.mp4}"
        ), environment: ["C": "two"])
        let diff = new.diff(from: old)
        #expect(diff.added.map(\.id) == ["d"])
        #expect(diff.removed.map(\.id) == ["b"])
        #expect(diff.changed.map(\.id) == ["c"], "a new password changes the camera")
        #expect(diff.unchanged.map(\.id) == ["a"])
    }

    @Test func anySettingChangesTheCamera() throws {
        let old = try load(cameras("{id: a, kind: fixed, url: 'rtsp://h/a'}"))
        let changes = ["name: A", "enabled: false", "sampling: {fps: 1}", "stages: [motion]", "position: [45.7, 126.6]"]
        for change in changes {
            let new = try load(cameras("{id: a, kind: fixed, url: 'rtsp://h/a', \(change)}"))
            #expect(new.diff(from: old).changed.map(\.id) == ["a"], "\(change)")
        }
        #expect(try load(cameras("{id: a, kind: fixed, url: 'rtsp://h/a'}")).diff(from: old).unchanged.count == 1)
    }
}
