/// Which detector finds the faces that the 5-point landmarks and the ResNet then embed.
public enum FaceDetector: String, Sendable, CaseIterable, Codable {
    /// dlib's HOG frontal-face detector: an 80-px window, slid over the picture (enlarged 2^upsample times).
    case hog
    /// MTCNN (P-, R- and O-nets under ONNX Runtime): faces from `mtcnnMinimumFace` px (halved per upsample step).
    case mtcnn

    /// The smallest face MTCNN looks for at upsample 0, in pixels of the picture searched. HOG's window is 80 px and
    /// its boxes of the smallest faces it finds are about 80 px; 40 finds faces half that size without enlarging the
    /// picture (as HOG's upsample 1 does, at a quarter of its cost or less), and keeps P-net's pyramid small: it starts
    /// at 12/40 of the picture.
    public static let mtcnnMinimumFace = 40

    /// The smallest face found in a picture searched at `upsample`, in that picture's pixels: HOG's window, or MTCNN's
    /// minimum face, each halved per upsample step.
    public func window(upsample: Int) -> Double {
        switch self {
        case .hog: 80.0 / Double(1 << upsample)
        case .mtcnn: max(12, Double(Self.mtcnnMinimumFace) / Double(1 << upsample))  // 12: P-net's own window
        }
    }

    /// `hog | mtcnn`: the names config files and flags accept.
    public static var names: String { allCases.map(\.rawValue).joined(separator: " | ") }
}
