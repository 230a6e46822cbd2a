public import Foundation

/// Where a camera is in its life, as the status API and `sharpeyes status` show it.
public enum CameraState: String, Codable, Sendable, CaseIterable {
    /// Opening the source for the first time.
    case connecting
    /// Frames are arriving.
    case live
    /// The source was lost or could not be opened; the next attempt waits `retryInSeconds`.
    case reconnecting
    /// Gave up (analyze only: `serve` retries forever while a camera is enabled).
    case failed
    /// `enabled: false` in the configuration.
    case disabled
    /// A recording that reached its end (not looped).
    case finished
    /// Draining after a stop: queued frames are analysed and committed.
    case stopping
}

/// One camera's state and counters at one moment. Counters count from the start of the process.
public struct CameraStatus: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: String
    /// The source URL with any password removed.
    public var url: String
    public var state: CameraState
    /// Decoded frames per second over the last few seconds.
    public var inputFps: Double
    /// Analysed frames per second over the last few seconds.
    public var analysedFps: Double
    public var framesDecoded: Int
    public var framesSampled: Int
    public var framesAnalysed: Int
    public var framesDropped: Int
    public var decodeErrors: Int
    public var stageErrors: Int
    public var reconnects: Int
    public var sightings: Int
    public var incidents: Int
    /// Sampled frames waiting for a worker.
    public var queueDepth: Int
    public var lastFrameAt: Date?
    public var lastError: String?
    /// While reconnecting: the wait before the next attempt, and how many attempts failed in a row.
    public var retryInSeconds: Double?
    public var failedAttempts: Int
    /// For a GB/T 28181 channel: when its device last sent a keepalive (nil for other cameras).
    public var lastKeepaliveAt: Date?

    public init(id: String, name: String, kind: String, url: String, state: CameraState) {
        self.id = id
        self.name = name
        self.kind = kind
        self.url = url
        self.state = state
        inputFps = 0
        analysedFps = 0
        framesDecoded = 0
        framesSampled = 0
        framesAnalysed = 0
        framesDropped = 0
        decodeErrors = 0
        stageErrors = 0
        reconnects = 0
        sightings = 0
        incidents = 0
        queueDepth = 0
        failedAttempts = 0
    }
}

/// The health of one long-lived part of the service (a camera, the store, delivery, the HTTP server).
public struct ComponentHealth: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case ok, degraded, failed }

    public var name: String
    public var status: Status
    public var detail: String?

    public init(name: String, status: Status, detail: String? = nil) {
        self.name = name
        self.status = status
        self.detail = detail
    }
}

/// What the HTTP server asks the running service.
public protocol StatusSource: Sendable {
    func cameras() async -> [CameraStatus]
    func components() async -> [ComponentHealth]
}
