import Incidents
import Media
import Pipeline

extension ServeConfig.Camera {
    /// What the camera service runs for this camera: the same `CameraSpec` `analyze` builds from its flags
    /// (`SourceRequest.spec(stages:)`), with `serve`'s differences named here and in `RecognitionSettings`.
    public func spec(in config: ServeConfig) -> CameraSpec {
        var options = AnalysisOptions()
        options.sampling = sampling
        options.motionGate = motionGate
        options.loop = loop
        options.realtime = realtime
        options.source.readTimeout = .clamping(seconds: readTimeout)
        options.source.displayName = displayURL
        options.snapshotDirectory = config.storage.snapshots
        options.repeatWindow = config.recognition.repeatWindow
        // Many cameras share few cores: one decoder thread each is the cheapest way to decode them all.
        options.decoderThreads = 1
        options.tile(tiling)
        let camera = Camera(id: id, name: name, kind: Camera.Kind(rawValue: kind.rawValue) ?? .fixed, url: displayURL,
                            latitude: position?.latitude, longitude: position?.longitude, grid: grid)
        var spec = CameraSpec(camera: camera, streamURL: streamURL, displayURL: displayURL, stages: Set(stages),
                              enabled: enabled, options: options, storesUnknownFaces: storeUnknownFaces,
                              unknownFacesDays: unknownFacesDays, tiling: tiling, retry: .forever)
        spec.recording = config.recording(for: self)
        return spec
    }
}
