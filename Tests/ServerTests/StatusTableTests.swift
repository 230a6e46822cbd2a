import Foundation
import AnalysisKit
import Testing
@testable import Server

struct StatusTableTests {
    let now = FakeStatus.lastFrame.addingTimeInterval(0.4)

    var cameras: [CameraStatus] {
        var wide = FakeStatus.gate
        wide.id = "北门-1"
        wide.name = "北门摄像头"
        var long = FakeStatus.yard
        long.lastError = String(repeating: "could not open input: ", count: 5) + "\nend"
        return [FakeStatus.gate, wide, long]
    }

    @Test func columnsLineUpInDisplayColumns() {
        let lines = StatusTable.render(cameras, now: now).split(separator: "\n")
        #expect(lines.count == 4)
        let header = cells(lines[0])
        #expect(header.map(\.text) == [
            "ID", "NAME", "KIND", "STATE", "IN FPS", "AN FPS", "DROPPED", "ERRORS", "RECONNECTS", "LAST FRAME", "LAST ERROR",
        ])
        let rightAligned = 4...8
        for line in lines.dropFirst() {
            for (index, cell) in cells(line).enumerated() {
                if rightAligned.contains(index) {
                    #expect(cell.end == header[index].end, "\(cell.text) in \(line)")
                } else {
                    #expect(cell.start == header[index].start, "\(cell.text) in \(line)")
                }
            }
        }
    }

    @Test func ageFpsAndTruncatedError() {
        let text = StatusTable.render(cameras, now: now)
        #expect(text.contains("0.4 s ago"))
        #expect(text.contains("never"))
        #expect(text.contains("25.0"))
        let errorLine = text.split(separator: "\n")[3]
        let error = String(errorLine[errorLine.range(of: "could not open")!.lowerBound...])
        #expect(error.hasSuffix("…"))
        #expect(DisplayWidth.of(error) == StatusTable.errorWidth)
        #expect(!text.contains("end"))
    }

    @Test(arguments: [("gate", 4), ("北门", 4), ("カメラ", 6), ("e\u{301}", 1), ("🚗", 2)])
    func displayWidth(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test(arguments: [(0.04, "0.0 s ago"), (12.7, "12 s ago"), (185, "3 min ago"), (7300, "2 h ago")])
    func ages(seconds: Double, text: String) {
        #expect(StatusTable.age(of: now.addingTimeInterval(-seconds), now: now) == text)
    }

    /// A rendered line's cells (text between runs of two or more spaces) with their first and past-the-end
    /// display columns.
    private func cells(_ line: Substring) -> [(text: String, start: Int, end: Int)] {
        var result: [(text: String, start: Int, end: Int)] = []
        var column = 0
        for part in line.split(separator: "  ", omittingEmptySubsequences: false) {
            let text = part.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty {
                let start = column + DisplayWidth.of(part.prefix { $0 == " " })
                result.append((text, start, start + DisplayWidth.of(text)))
            }
            column += DisplayWidth.of(part) + 2
        }
        return result
    }
}
