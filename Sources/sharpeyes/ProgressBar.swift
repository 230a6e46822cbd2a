import Foundation
import Pipeline

/// A one-line progress display on a terminal: percent and speed for files, frames per second for live.
final class ProgressBar: @unchecked Sendable {
    private let timer: (any DispatchSourceTimer)?
    private let lock = NSLock()
    private var shown = false

    /// `read` gives the run's summary so far, or nil while there is none (nothing is drawn then).
    init(enabled: Bool, read: @escaping @Sendable () -> Summary?) {
        guard enabled else { timer = nil; return }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "sharpeyes.progress"))
        self.timer = timer
        timer.schedule(deadline: .now() + .milliseconds(300), repeating: .milliseconds(300))
        timer.setEventHandler { [weak self] in if let summary = read() { self?.draw(summary) } }
        timer.resume()
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        timer?.cancel()
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)); shown = false }
    }

    private func draw(_ summary: Summary) {
        lock.lock()
        defer { lock.unlock() }
        guard !(timer?.isCancelled ?? true) else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + Self.line(summary)).utf8))
        shown = true
    }

    static func line(_ summary: Summary) -> String {
        let counts = "\(summary.framesDecoded) frames, \(summary.framesAnalyzed) analysed, \(summary.sightings) sightings"
        if summary.live {
            let rate = summary.wallSeconds > 0 ? Double(summary.framesDecoded) / summary.wallSeconds : 0
            return String(format: "live %.1f fps · ", rate) + counts
        }
        let fraction = summary.mediaDuration.map { min(1, summary.mediaPosition / max($0, 0.001)) } ?? 0
        let width = 24, filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let speed = summary.wallSeconds > 0 ? summary.mediaPosition / summary.wallSeconds : 0
        return String(format: "%@ %3.0f%% %.1f× realtime · ", bar, fraction * 100, speed) + counts
    }
}
