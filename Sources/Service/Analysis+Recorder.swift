import AnalysisKit
import Foundation
public import Incidents
public import Logging
import Media
public import Pipeline

extension Analysis {
    /// An analysis of `camera` whose passes the store keeps, with their pictures under `options.snapshotDirectory`
    /// (`Recorder`): what `analyze` and `serve` run. With `recording`, the reader keeps the camera's packets in a ring
    /// of this run, and each new incident gets its video clip; with `live`, the ring (a short one without
    /// `recording`) also feeds the camera's live view.
    public convenience init(url: String, camera: Camera, store: IncidentStore, options: AnalysisOptions,
                            pool: WorkerPool? = nil, stages: @escaping StageFactory, trackers: @escaping TrackerFactory,
                            logger: Logger, recording: CameraRecording? = nil, live: LiveCameras? = nil) {
        self.init(url: url, camera: camera, on: .sqlite(store), options: options, pool: pool, stages: stages,
                  trackers: trackers, logger: logger, recording: recording, live: live)
    }

    /// The same on either store (`CameraStore`).
    public convenience init(url: String, camera: Camera, on store: CameraStore, options: AnalysisOptions,
                            pool: WorkerPool? = nil, stages: @escaping StageFactory, trackers: @escaping TrackerFactory,
                            logger: Logger, recording: CameraRecording? = nil, live: LiveCameras? = nil) {
        let recorder = Recorder(store: store, camera: camera,
                                snapshotDirectory: options.snapshotDirectory.map { URL(fileURLWithPath: $0) },
                                repeatWindow: options.repeatWindow)
        var options = options
        var sink: any PassSink = recorder
        if recording != nil || live != nil {
            let ring = PacketRing(limits: recording?.settings.ringLimits ?? LiveCameras.ringLimits)
            options.packets = ring
            if let recording {
                sink = ClipSink(recorder: recorder, clips: recording, ring: ring)
                recording.startSegments(ring: ring)
            }
            live?.attach(camera: camera.id, ring: ring, recording: recording)
        }
        self.init(url: url, camera: camera.id, sink: sink, options: options, pool: pool, stages: stages,
                  trackers: trackers, logger: logger)
    }
}
