import Foundation
import AnalysisKit

extension StatusTable {
    static func fps(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// "reconnecting (8 s)" while a retry is pending, so the wait is visible without another column.
    static func state(_ camera: CameraStatus) -> String {
        guard camera.state == .reconnecting, let retry = camera.retryInSeconds else { return camera.state.rawValue }
        return "reconnecting (\(Int(retry.rounded(.up))) s)"
    }

    /// "0.4 s ago", "12 s ago", "3 min ago", "2 h ago"; "never" before the first frame.
    static func age(of date: Date?, now: Date) -> String {
        guard let date else { return "never" }
        let seconds = max(0, now.timeIntervalSince(date))
        switch seconds {
        case ..<10: return String(format: "%.1f s ago", seconds)
        case ..<60: return "\(Int(seconds)) s ago"
        case ..<3600: return "\(Int(seconds / 60)) min ago"
        default: return "\(Int(seconds / 3600)) h ago"
        }
    }

    /// Newlines and tabs in a message would break the row.
    static func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
