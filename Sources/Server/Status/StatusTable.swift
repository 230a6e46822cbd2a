public import Foundation
public import AnalysisKit

/// The table `sharpeyes status` prints: one row per camera, columns aligned for a terminal.
///
/// ```
/// ID          NAME        KIND  STATE         IN FPS  AN FPS  DROPPED  ERRORS  RECONNECTS  LAST FRAME  LAST ERROR
/// gate-north  Gate north  rtsp  live            25.0     5.0        0       0           0  0.4 s ago
/// ```
public enum StatusTable {
    /// Last errors are cut to this many columns.
    public static let errorWidth = 50

    public static func render(_ cameras: [CameraStatus], now: Date = Date()) -> String {
        let rows = [columns.map(\.title)] + cameras.map { camera in columns.map { $0.value(camera, now) } }
        let widths = columns.indices.map { index in rows.map { DisplayWidth.of($0[index]) }.max() ?? 0 }
        return rows.map { row in
            let cells = columns.indices.map { index in
                DisplayWidth.pad(row[index], to: widths[index], alignLeft: columns[index].alignLeft)
            }
            var line = cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }

    private struct Column: Sendable {
        var title: String
        var alignLeft: Bool
        var value: @Sendable (CameraStatus, Date) -> String
    }

    private static let columns: [Column] = [
        Column(title: "ID", alignLeft: true) { camera, _ in singleLine(camera.id) },
        Column(title: "NAME", alignLeft: true) { camera, _ in singleLine(camera.name) },
        Column(title: "KIND", alignLeft: true) { camera, _ in camera.kind },
        Column(title: "STATE", alignLeft: true) { camera, _ in state(camera) },
        Column(title: "IN FPS", alignLeft: false) { camera, _ in fps(camera.inputFps) },
        Column(title: "AN FPS", alignLeft: false) { camera, _ in fps(camera.analysedFps) },
        Column(title: "DROPPED", alignLeft: false) { camera, _ in "\(camera.framesDropped)" },
        Column(title: "ERRORS", alignLeft: false) { camera, _ in "\(camera.decodeErrors + camera.stageErrors)" },
        Column(title: "RECONNECTS", alignLeft: false) { camera, _ in "\(camera.reconnects)" },
        Column(title: "LAST FRAME", alignLeft: true) { camera, now in age(of: camera.lastFrameAt, now: now) },
        Column(title: "LAST ERROR", alignLeft: true) { camera, _ in
            DisplayWidth.truncate(singleLine(camera.lastError ?? ""), to: errorWidth)
        },
    ]
}
