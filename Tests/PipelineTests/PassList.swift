import AnalysisKit
import Foundation
import Synchronization

/// A sink that keeps in memory every pass the runtime hands it, with the run it came with. It can be told to refuse
/// (`prepare` or `record` throw) or to report pictures it could not write, as the store's sink does.
final class PassList: PassSink {
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    private let kept = Mutex<[(pass: Pass, run: PassRun)]>([])
    private let wasPrepared = Mutex(false)
    private let refusesPreparing: Bool
    private let refusesPasses: Bool
    private let snapshotFailure: String?

    init(refusesPreparing: Bool = false, refusesPasses: Bool = false, snapshotFailure: String? = nil) {
        self.refusesPreparing = refusesPreparing
        self.refusesPasses = refusesPasses
        self.snapshotFailure = snapshotFailure
    }

    var passes: [Pass] { kept.withLock { $0.map(\.pass) } }
    var runs: [PassRun] { kept.withLock { $0.map(\.run) } }
    var prepared: Bool { wasPrepared.withLock { $0 } }

    func prepare() throws {
        if refusesPreparing { throw Refusal(description: "the sink cannot take passes") }
        wasPrepared.withLock { $0 = true }
    }

    func record(_ pass: Pass, of run: PassRun, onRetry: (any Error, Duration) -> Void) throws -> Recorded {
        if refusesPasses { throw Refusal(description: "the sink refused the pass") }
        let id = kept.withLock { kept in
            kept.append((pass, run))
            return Int64(kept.count)
        }
        return Recorded(sightingID: id, incidentID: pass.incident == nil ? nil : id, isNewIncident: pass.incident != nil,
                        snapshotFailure: snapshotFailure)
    }
}
