import Foundation
public import Incidents
public import Logging
public import Pipeline

extension Analysis {
    /// An analysis of `camera` whose passes the store keeps, with their pictures under `options.snapshotDirectory`
    /// (`Recorder`): what `analyze` and `serve` run.
    public convenience init(url: String, camera: Camera, store: IncidentStore, options: AnalysisOptions,
                            pool: WorkerPool? = nil, stages: @escaping StageFactory, trackers: @escaping TrackerFactory,
                            logger: Logger) {
        let recorder = Recorder(store: store, camera: camera,
                                snapshotDirectory: options.snapshotDirectory.map { URL(fileURLWithPath: $0) },
                                repeatWindow: options.repeatWindow)
        self.init(url: url, camera: camera.id, sink: recorder, options: options, pool: pool, stages: stages,
                  trackers: trackers, logger: logger)
    }
}
