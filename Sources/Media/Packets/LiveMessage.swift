public import Foundation

/// What a live viewer receives, in order: a start, then fragments; a new start when the camera's stream changed.
public enum LiveMessage: Sendable, Equatable {
    /// The Media Source Extensions type of what follows (`video/mp4; codecs="avc1.64001f"`) and the init segment
    /// (ftyp and moov, no samples).
    case start(mimeType: String, initSegment: Data)
    /// One moof/mdat fragment; the first after a start begins on a keyframe.
    case fragment(Data, keyframe: Bool)
}

/// The RFC 6381 codec string of an H.264 init segment, read from its `avcC` box (profile, constraints, level), as
/// Media Source Extensions ask for it.
enum CodecString {
    static func avc(initSegment: Data) -> String? {
        guard let box = initSegment.range(of: Data("avcC".utf8)), initSegment.count >= box.upperBound + 4 else {
            return nil
        }
        let bytes = initSegment[(box.upperBound + 1)..<(box.upperBound + 4)]
        return "avc1." + bytes.map { String(format: "%02x", $0) }.joined()
    }
}
