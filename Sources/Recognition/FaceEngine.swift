import CVision
public import Media
import Synchronization

/// A face as the detector sees it, in pixels of the image searched.
public struct FaceBox: Sendable, Equatable {
    public var box: Box
    /// HOG detector confidence (above 0 is a detection at the default threshold), or MTCNN's face probability.
    public var score: Double
}

/// dlib's HOG detector, 5-point landmarks and ResNet embedding: the models of face_recognition.
///
/// Not thread-safe: each worker owns one engine.
/// ```swift
/// let engine = try FaceEngine(models: ModelPaths.default)
/// for face in try engine.detect(in: image) { let vector = try engine.embed(face, in: image) }
/// ```
public final class FaceEngine {
    private let handle: OpaquePointer
    private let models: ModelPaths
    /// The process's MTCNN detector, looked up on first use by `detect(in:with:upsample:)`.
    private var mtcnn: MTCNNDetector?

    /// An engine for `models`. The files are parsed once per process; later engines are copies of that one.
    public init(models: ModelPaths) throws {
        self.models = models
        handle = try Self.prototypes.withLock { prototypes in
            let key = models.faceLandmarks + "\u{0}" + models.faceEmbedding
            var error = [CChar](repeating: 0, count: 512)
            var engine: OpaquePointer?
            if let prototype = prototypes[key]?.handle {
                let status = cvision_face_engine_copy(prototype, &engine, &error, error.count)
                guard status == CVISION_OK, let engine else { throw RecognitionError.model(NativeText.string(error)) }
                return engine
            }
            let status = cvision_face_engine_create(models.faceLandmarks, models.faceEmbedding, &engine, &error, error.count)
            guard status == CVISION_OK, let engine else { throw RecognitionError.model(NativeText.string(error)) }
            var copy: OpaquePointer?
            guard cvision_face_engine_copy(engine, &copy, &error, error.count) == CVISION_OK, let copy else {
                cvision_face_engine_destroy(engine)
                throw RecognitionError.model(NativeText.string(error))
            }
            prototypes[key] = Prototype(handle: engine)
            return copy
        }
    }

    /// Parsed models kept only to be copied, under the lock; never used for inference.
    private struct Prototype: @unchecked Sendable { let handle: OpaquePointer }
    private static let prototypes = Mutex<[String: Prototype]>([:])

    deinit { cvision_face_engine_destroy(handle) }

    /// Faces in an RGB image, best first. `upsample` enlarges the image 2^n times first (finds smaller faces, slower).
    public func detect(in image: Image, upsample: Int = 1, threshold: Double = 0) throws -> [FaceBox] {
        try precondition(image)
        var boxes = [cvision_face_box](repeating: cvision_face_box(), count: 64)
        var count: Int32 = 0
        var error = [CChar](repeating: 0, count: 512)
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            cvision_face_detect(handle, rgb(image, pixels), Int32(upsample), threshold, &boxes, Int32(boxes.count), &count,
                                &error, error.count)
        }
        guard status == CVISION_OK else { throw RecognitionError.native(NativeText.string(error)) }
        return boxes.prefix(Int(min(count, Int32(boxes.count)))).map {
            FaceBox(box: Box(x: Int($0.left), y: Int($0.top), width: Int($0.width), height: Int($0.height)), score: $0.score)
        }
    }

    /// Faces found by `detector`, best first: HOG on the image enlarged 2^upsample times, or MTCNN down to
    /// `detector.window(upsample:)` pixels. Loads MTCNN's models on first use (a missing file is a `.model` error).
    public func detect(in image: Image, with detector: FaceDetector, upsample: Int) throws -> [FaceBox] {
        switch detector {
        case .hog:
            return try detect(in: image, upsample: upsample)
        case .mtcnn:
            let mtcnn = try self.mtcnn ?? MTCNNDetector.shared(models: models)
            self.mtcnn = mtcnn
            return try mtcnn.detect(in: image, minimumFace: Int(detector.window(upsample: upsample))).map(Self.hogShaped)
        }
    }

    /// An MTCNN box as HOG would draw it, which is what the 5-point landmark model was trained on: MTCNN's box runs
    /// from the brow to below the chin (about 1.35 times as tall as wide), HOG's is a square as wide, centred about
    /// 7% of MTCNN's height lower (fitted on the development photos where both find the face).
    static func hogShaped(_ face: FaceBox) -> FaceBox {
        let box = face.box
        let centreY = Double(box.y) + Double(box.height) * 0.57
        let side = box.width
        let top = Int((centreY - Double(side) / 2).rounded())
        return FaceBox(box: Box(x: box.x, y: max(0, top), width: side, height: side), score: face.score)
    }

    /// The 128-D descriptor of a detected face.
    public func embed(_ face: FaceBox, in image: Image) throws -> FaceEmbedding {
        try precondition(image)
        var descriptor = [Float](repeating: 0, count: FaceEmbedding.dimensions)
        var error = [CChar](repeating: 0, count: 512)
        let box = cvision_face_box(left: Int32(face.box.x), top: Int32(face.box.y), width: Int32(face.box.width),
                                   height: Int32(face.box.height), score: face.score)
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            cvision_face_embed(handle, rgb(image, pixels), box, &descriptor, nil, &error, error.count)
        }
        guard status == CVISION_OK else { throw RecognitionError.native(NativeText.string(error)) }
        return FaceEmbedding(descriptor)
    }

    private func precondition(_ image: Image) throws {
        guard image.format == .rgb24 else { throw RecognitionError.badInput("face models need an RGB image") }
    }

    private func rgb(_ image: Image, _ pixels: UnsafeBufferPointer<UInt8>) -> cvision_rgb_image {
        cvision_rgb_image(pixels: pixels.baseAddress, length: pixels.count, width: Int32(image.width), height: Int32(image.height),
                          stride: Int32(image.rowBytes))
    }
}
