import AnalysisKit
import Foundation
import Media

/// The store's sink with clips: passes are recorded by the wrapped sink; a pass that raised a new incident starts
/// its clip from the camera's packet ring, and one that joined an incident whose clip is still being written
/// extends it.
struct ClipSink: PassSink {
    let recorder: any PassSink
    let clips: CameraRecording
    let ring: PacketRing

    func prepare() throws {
        try recorder.prepare()
    }

    func record(_ pass: Pass, of run: PassRun, onRetry: (any Error, Duration) -> Void) throws -> Recorded {
        let recorded = try recorder.record(pass, of: run, onRetry: onRetry)
        if let incident = recorded.incidentID {
            if recorded.isNewIncident {
                clips.start(incident: incident, hit: pass.bestFrame.time, origin: run.origin, ring: ring)
            } else {
                clips.seenAgain(incident: incident, until: pass.lastTime)
            }
        }
        return recorded
    }
}
