public import Media

/// What a detection, and the pass it becomes part of, is of. The store keeps the same three kinds of sighting;
/// Service maps one onto the other.
public enum DetectionKind: String, Sendable, CaseIterable {
    case motion, face, plate
}

/// One thing a stage found in one frame, in full-resolution pixel coordinates.
public struct Detection: Sendable {
    public var kind: DetectionKind
    public var box: Box
    public var confidence: Double
    /// Text or identity, when the stage knows it.
    public var label: String?
    /// Stage-specific data the stage's tracker understands (an embedding, per-character scores …).
    public var payload: (any Sendable)?

    public init(kind: DetectionKind, box: Box, confidence: Double, label: String? = nil, payload: (any Sendable)? = nil) {
        self.kind = kind
        self.box = box
        self.confidence = confidence
        self.label = label
        self.payload = payload
    }
}
