extension ServeConfig {
    /// Which decoded frames a camera analyses.
    public enum Sampling: Sendable, Equatable, CustomStringConvertible {
        /// At most N frames per second (0 < N <= 60).
        case fps(Double)
        /// Every Nth decoded frame (1...1000).
        case every(Int)
        /// Keyframes only.
        case keyframes

        public var description: String {
            switch self {
            case .fps(let rate): "fps \(formatted(rate))"
            case .every(let count): count == 1 ? "every frame" : "every \(count) frames"
            case .keyframes: "keyframes"
            }
        }
    }

    /// An analysis stage a camera runs.
    public enum Stage: String, Sendable, CaseIterable, Comparable {
        case motion, faces, plates

        /// In the order of `allCases`, so a camera's stages compare equal however they were written.
        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }
}

/// `2`, `2.5`: a number as a person writes it.
func formatted(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
}
