import AnalysisKit
import Media
import Synchronization

/// Which frames of a camera the costly stages (faces, plates) see when they run only where something moved.
///
/// A frame passes unless its `attention` is `.still`: so the first frame of a connection (nothing to compare it
/// with: a car parked in view when the camera connects or reconnects), a cut and a change of the whole picture pass,
/// as does any motion. A still picture passes once per `stillInterval` seconds of media, per camera (its workers
/// share one gate): a car that stopped where its plate was unreadable, or arrived in frames a busy camera dropped, is
/// looked at again at a small, bounded cost.
final class MotionGate: Sendable {
    /// Seconds of media between two searches of a still picture.
    static let stillInterval = 10.0
    /// Media time of the latest frame the gate let through.
    private let lastPassed = Mutex(-Double.infinity)

    /// Whether the gated stages run on this frame; decide once per frame, after the motion stage measured it.
    func passes(_ input: StageInput) -> Bool {
        let still = input.attention == .still, time = input.frame.time
        return lastPassed.withLock { last in
            guard !still || abs(time - last) >= Self.stillInterval else { return false }
            last = time
            return true
        }
    }
}
