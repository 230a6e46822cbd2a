import Foundation
import Service
import Testing

/// The smallest valid config, to which a test appends what it checks.
let minimalConfig = """
storage: {database: /tmp/sharpeyes-test/db.sqlite}

"""

/// A config with `camera` (a YAML mapping in flow style) as its only camera.
func config(camera: String) -> String {
    minimalConfig + "cameras:\n  - \(camera)\n"
}

func load(_ yaml: String, environment: [String: String] = [:]) throws(ConfigError) -> ServeConfig {
    try ServeConfig(yaml: yaml, baseDirectory: "/etc/sharpeyes", environment: environment)
}

/// The error loading `yaml` throws; fails the test when it loads.
func loadError(_ yaml: String, environment: [String: String] = [:],
               sourceLocation: SourceLocation = #_sourceLocation) -> ConfigError? {
    do {
        _ = try load(yaml, environment: environment)
        Issue.record("the config loaded", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// A fresh folder under the temporary directory.
func temporaryFolder() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-config-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}

/// The package's root, found from this file.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
