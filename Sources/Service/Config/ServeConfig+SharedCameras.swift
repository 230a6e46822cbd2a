import Foundation
import Yams

/// Cameras as the database keeps them for nodes that share it: each config entry as YAML text, read back with the
/// node's own config (its defaults and grids), so one checker reads a camera however it arrived.
extension ServeConfig {
    /// Each `cameras:` entry of the config at `path`, as YAML, by id; the whole file is checked first.
    public static func cameraDefinitions(path: String) throws -> [(id: String, definition: String)] {
        let config = try ServeConfig(path: path)
        let root = try compose(path: path)
        let entries = root["cameras"]?.sequence.map(Array.init) ?? []
        return try zip(config.cameras, entries).map { camera, entry in (camera.id, try Yams.serialize(node: entry)) }
    }

    /// The config at `path` with `definitions` as its cameras (its own `cameras:` set aside), checked whole.
    public static func withCameras(path: String, definitions: [String]) throws -> ServeConfig {
        var root = try compose(path: path)
        let entries = try definitions.map { try Yams.compose(yaml: $0) ?? Node("") }
        root["cameras"] = Node.sequence(Node.Sequence(entries))
        let text = try Yams.serialize(node: root)
        return try ServeConfig(yaml: text, baseDirectory: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    private static func compose(path: String) throws -> Node {
        let file = URL(fileURLWithPath: path).lastPathComponent
        return try Document.compose(try ConfigText.read(path: path, file: file), file: file)
    }
}
