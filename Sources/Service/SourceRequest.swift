import Foundation
public import Incidents
public import Pipeline
public import Recognition

/// One source analysed as one camera (`sharpeyes analyze`): what its flags ask for, with the library's defaults.
/// `spec(stages:)` gives the same `CameraSpec` a `serve` config gives for the same camera; what differs between the
/// two commands is named here (`retry`, `options.decoderThreads`, `settings.faceDetectionNeedsWatchlist`, no shared
/// worker pool, no cloned-plate check).
///
/// ```swift
/// var request = SourceRequest(source: "clip.mp4", database: "sharpeyes.sqlite")
/// request.faces = false
/// let runtime = try await AnalyzeRuntime(request: request, logger: logger)
/// let summary = try await runtime.camera.runOnce()
/// ```
public struct SourceRequest: Sendable {
    /// A video file or a stream URL.
    public var source: String
    /// The camera id recorded with each sighting; nil: from the file name or the URL (`cameraID(for:)`).
    public var cameraID: String?
    /// Nil: `fixed` for a stream URL, `file` for a file.
    public var kind: Camera.Kind?
    public var position: ServeConfig.Position?
    /// The SQLite database sightings go to.
    public var database: String
    /// Sampling, workers, analysis width, decoder threads, timeouts, duration, recording time, repeat window.
    /// `snapshotDirectory` nil: `snapshots` beside the database.
    public var options = AnalysisOptions()
    /// Consecutive attempts to reach a live source before the run gives up.
    public var retries = ReconnectPolicy().attempts
    /// Faces and plates: nil runs them when their list has entries.
    public var faces: Bool?
    public var plates: Bool?
    public var tiling = TilingChoice.auto(TilingSettings())
    public var settings = StageSettings()
    /// OCR confusions a plate read may differ from a hotlist entry by and still hit.
    public var plateConfusions = PlateHotlist.defaultConfusions

    public init(source: String, database: String) {
        self.source = source
        self.database = database
    }

    /// Who the camera is: named by `cameraID`, else by its file name or host and path.
    public var camera: Camera {
        let live = source.contains("://") && !source.hasPrefix("file:")
        return Camera(id: cameraID ?? Self.cameraID(for: source), name: cameraID ?? source,
                      kind: kind ?? (live ? .fixed : .file), url: source,
                      latitude: position?.latitude, longitude: position?.longitude)
    }

    /// A readable id from a path or URL: the file name without extension, or host and path.
    public static func cameraID(for source: String) -> String {
        let base: String
        if let url = URL(string: source), let host = url.host, source.contains("://") {
            base = host + (url.port.map { "-\($0)" } ?? "") + url.path
        } else {
            base = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
        }
        let id = base.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        return String(id).trimmingCharacters(in: CharacterSet(charactersIn: "_"))
    }

    /// Motion always; faces and plates when asked, else when their list has entries.
    public func stages(watchlists: Watchlists) -> Set<StageKind> {
        var stages: Set<StageKind> = [.motion]
        if faces ?? !watchlists.faces.entries.isEmpty { stages.insert(.faces) }
        if plates ?? !watchlists.plates.entries.isEmpty { stages.insert(.plates) }
        return stages
    }

    /// The camera service's spec for this source running `stages`.
    public func spec(stages: Set<StageKind>) -> CameraSpec {
        let camera = camera
        let tiling = tiling.settings(kind: camera.kind)
        var options = options
        options.snapshotDirectory = options.snapshotDirectory ?? URL(fileURLWithPath: database).deletingLastPathComponent()
            .appendingPathComponent("snapshots").path
        options.tile(tiling)
        return CameraSpec(camera: camera, streamURL: source, displayURL: source, stages: stages, enabled: true,
                          options: options, tiling: tiling, retry: .finite(retries))
    }
}

/// Whether a camera's frames are cut into tiles for faces and plates.
public enum TilingChoice: Sendable, Equatable {
    /// On for eagle-eye cameras, off for the rest (a `serve` camera without `tiling:`, `analyze --tiling auto`).
    case auto(TilingSettings)
    case on(TilingSettings)
    case off

    /// The tiling for a camera of `kind`, or nil when frames are analysed whole.
    public func settings(kind: Camera.Kind) -> TilingSettings? {
        switch self {
        case .off: nil
        case .on(let settings): settings
        case .auto(let settings): kind == .eagleEye ? settings : nil
        }
    }
}

extension AnalysisOptions {
    /// Tiled cameras find motion on a finer thumbnail, to tell which tiles moved.
    mutating func tile(_ settings: TilingSettings?) {
        tiling = settings
        if settings != nil { motionWidth = TilingSettings.motionWidth }
    }
}
