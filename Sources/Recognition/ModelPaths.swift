import Foundation

/// Where the installed model files are. `scripts/setup.sh` places them in `Models/` and checks their sums.
public struct ModelPaths: Sendable {
    public var faceLandmarks: String
    public var faceEmbedding: String
    public var plateDetector: String
    public var plateRecogniser: String
    /// ONNX Runtime's shared library, loaded with dlopen by the plate engine (and the MTCNN face detector).
    public var onnxRuntime: String
    /// MTCNN's proposal, refine and output networks (`scripts/install-mtcnn-models.sh`).
    public var mtcnnProposal: String
    public var mtcnnRefine: String
    public var mtcnnOutput: String

    public init(directory: String) {
        faceLandmarks = (directory as NSString).appendingPathComponent("shape_predictor_5_face_landmarks.dat")
        faceEmbedding = (directory as NSString).appendingPathComponent("dlib_face_recognition_resnet_model_v1.dat")
        plateDetector = (directory as NSString).appendingPathComponent("ch_PP-OCRv4_det_infer.onnx")
        plateRecogniser = (directory as NSString).appendingPathComponent("ch_PP-OCRv4_rec_infer.onnx")
        onnxRuntime = (directory as NSString).appendingPathComponent("libonnxruntime.so.1.31.1")
        mtcnnProposal = (directory as NSString).appendingPathComponent("mtcnn_pnet.onnx")
        mtcnnRefine = (directory as NSString).appendingPathComponent("mtcnn_rnet.onnx")
        mtcnnOutput = (directory as NSString).appendingPathComponent("mtcnn_onet.onnx")
    }

    /// `$SHARPEYES_MODELS`, else `Models/` beside the executable's package checkout, else `./Models`.
    public static var `default`: ModelPaths {
        if let directory = ProcessInfo.processInfo.environment["SHARPEYES_MODELS"] { return ModelPaths(directory: directory) }
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = url.appendingPathComponent("Models")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("shape_predictor_5_face_landmarks.dat").path) {
                return ModelPaths(directory: candidate.path)
            }
            url.deleteLastPathComponent()
        }
        return ModelPaths(directory: "Models")
    }

    /// Throws a message naming the missing file and the command that installs it.
    public func checkFaceModels() throws {
        try check([faceLandmarks, faceEmbedding], what: "face model")
    }

    public func checkPlateModels() throws {
        try check([plateDetector, plateRecogniser, onnxRuntime], what: "plate model or runtime")
    }

    public func checkMTCNNModels() throws {
        try check([mtcnnProposal, mtcnnRefine, mtcnnOutput, onnxRuntime], what: "MTCNN face model or runtime")
    }

    private func check(_ paths: [String], what: String) throws {
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw RecognitionError.model("\(what) \(path) is missing: run scripts/setup.sh (or set SHARPEYES_MODELS)")
        }
    }
}
