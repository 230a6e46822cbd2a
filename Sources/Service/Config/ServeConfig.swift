public import Dispatching
// Public: the default `environment:` argument names ProcessInfo.
public import Foundation
import InputSafety
import Yams

/// The configuration of `sharpeyes serve`: storage, workers, HTTP, recognition, cameras and dispatch, read from
/// one YAML file and checked as a whole.
///
/// ```swift
/// let config = try ServeConfig(path: "/etc/sharpeyes/sharpeyes.yaml")
/// for camera in config.cameras where camera.enabled {
///     open(camera.streamURL)            // credentials included
///     logger.info("camera \(camera.id) at \(camera.displayURL)")   // password shown as ***
/// }
/// ```
///
/// Loading reports every problem at once, each with its path and line (see ``ConfigError``). Passwords are read
/// at load from the environment or a file and never appear in messages.
public struct ServeConfig: Sendable {
    /// Config files over this size are refused before they are read.
    public static let sizeLimit = ConfigText.sizeLimit

    public let storage: Storage
    /// Analysis workers, 1...64; by default one per core.
    public let workers: Int
    public let http: HTTPSettings
    public let recognition: RecognitionSettings
    public let cameras: [Camera]
    public let dispatch: DispatchConfig
    /// The GB/T 28181 platform, when devices register to this service.
    public let gb28181: GB28181?
    /// This node's name, capacity and roles.
    public let node: NodeSettings
    /// The devices that may raise alarms; nil when the config has no `alarms:`.
    public let alarms: Alarms?
    /// The residential communities and their gate cameras (`communities:`).
    public internal(set) var communities: [Community] = []

    init(storage: Storage, workers: Int, http: HTTPSettings, recognition: RecognitionSettings, cameras: [Camera],
         dispatch: DispatchConfig, gb28181: GB28181? = nil, node: NodeSettings = NodeSettings(), alarms: Alarms? = nil) {
        self.gb28181 = gb28181
        self.alarms = alarms
        self.node = node
        self.storage = storage
        self.workers = workers
        self.http = http
        self.recognition = recognition
        self.cameras = cameras
        self.dispatch = dispatch
    }

    /// Reads the file at `path`; relative paths in it are resolved against its folder.
    public init(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) {
        let file = URL(fileURLWithPath: path).lastPathComponent
        let text = try ConfigText.read(path: path, file: file)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try self.init(text: text, file: file, baseDirectory: folder, environment: environment)
    }

    /// Reads YAML text; relative paths in it are resolved against `baseDirectory`.
    public init(yaml: String, baseDirectory: String,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) {
        try self.init(text: yaml, file: "config", baseDirectory: baseDirectory, environment: environment)
    }

    private init(text: String, file: String, baseDirectory: String, environment: [String: String]) throws(ConfigError) {
        try ConfigText.check(text, file: file)
        let root = try Document.compose(text, file: file)
        let log = IssueLog()
        let reader = ConfigReader(log: log, baseDirectory: baseDirectory, environment: environment)
        guard let config = reader.config(from: root) else {
            throw ConfigError(.invalid, file: file, errors: log.sorted)
        }
        self = config
    }
}
