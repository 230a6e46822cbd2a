import Media
import Pipeline

/// What a camera analyses: `sampling:`, `stages:`, `read_timeout:` — in a camera or under `defaults:`.
extension ConfigReader {
    /// Exactly one of `{fps: N}`, `{every: N}`, `{keyframes: true}`.
    func sampling(_ field: Field) -> ServeConfig.Sampling? {
        guard let given = mapping(field, known: ["fps", "every", "keyframes"]) else { return nil }
        guard given.entries.count == 1 else {
            log.add(field, "give exactly one of {fps: N}, {every: N}, {keyframes: true}")
            return nil
        }
        if let fps = given["fps"] { return number(fps, .above(0, atMost: 60)).map { .fps($0) } }
        if let every = given["every"] { return integer(every, in: 1...1000).map { .every($0) } }
        guard let keyframes = given["keyframes"], let on = flag(keyframes) else { return nil }
        if !on { log.add(keyframes, "only keyframes: true is meaningful; for other frames use fps or every") }
        return on ? .keyframes : nil
    }

    /// Some of motion, faces, plates, each once; kept in that order.
    func stages(_ field: Field) -> [ServeConfig.Stage]? {
        guard let items = list(field) else { return nil }
        guard !items.isEmpty else {
            log.add(field, "give at least one of motion, faces, plates (or set enabled: false)")
            return nil
        }
        var stages: [ServeConfig.Stage] = []
        for item in items {
            guard let text = item.node.text, let stage = ServeConfig.Stage(rawValue: text) else {
                log.add(item, "expected motion, faces or plates, got \(item.node.kindDescription)")
                continue
            }
            guard !stages.contains(stage) else {
                log.add(item, "\(text) is listed twice")
                continue
            }
            stages.append(stage)
        }
        return stages.sorted()
    }

    func readTimeout(_ field: Field) -> Double? {
        number(field, .above(0, atMost: AnalysisOptions.timeoutRange.upperBound.seconds))
    }
}
