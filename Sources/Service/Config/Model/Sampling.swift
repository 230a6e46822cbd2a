public import Media

extension ServeConfig {
    /// Which decoded frames a camera analyses: the analysis's own type. A config allows at most 60 frames a
    /// second and every 1000th frame at most (`ConfigReader.sampling`).
    public typealias Sampling = SamplingPolicy

    /// An analysis stage a camera runs: the camera service's own type.
    public typealias Stage = StageKind
}

/// `fps 2`, `every 4 frames`, `keyframes`: a sampling policy as `config check` shows it.
func described(_ sampling: SamplingPolicy) -> String {
    switch sampling {
    case .fps(let rate): "fps \(formatted(rate))"
    case .every(let count): count == 1 ? "every frame" : "every \(count) frames"
    case .keyframes: "keyframes"
    }
}

/// `2`, `2.5`: a number as a person writes it.
func formatted(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
}
