import Foundation
import Media
public import Server
import Synchronization
import Toolkit

/// The live views of the cameras running here: each analysis run attaches its packet ring, and a viewer watches
/// the fragmenter of the camera's current run (a run that ends closes its ring, which ends its viewers' streams;
/// the console reconnects to the next run).
public final class LiveCameras: LiveViews {
    private let fragmenters = Mutex<[String: LiveFragmenter]>([:])
    private let rings = Mutex<[String: PacketRing]>([:])

    /// What a camera that keeps no video for recording still holds for live view: a GOP or two.
    static let ringLimits = RingLimits(seconds: 4, bytes: 8 << 20)

    public init() {}

    /// `camera`'s new run reads into `ring`.
    func attach(camera: String, ring: PacketRing) {
        fragmenters.withLock { $0[camera] = LiveFragmenter(ring: ring) }
        rings.withLock { $0[camera] = ring }
    }

    /// What `camera` sees now (its newest kept keyframe) as JPEG; nil when it is not running here or has none yet.
    /// Decodes: call it off the concurrency pool.
    func picture(of camera: String) throws -> [UInt8]? {
        try rings.withLock { $0[camera] }?.keyframeJPEG()
    }

    public func picture(camera: String) async throws -> [UInt8]? {
        try await Blocking.run { try self.picture(of: camera) }
    }

    public func watch(camera: String) -> AsyncThrowingStream<LiveChunk, any Error>? {
        fragmenters.withLock { $0[camera] }?.watch { message in
            switch message {
            case .start(let mimeType, let initSegment): .start(mimeType: mimeType, initSegment: initSegment)
            case .fragment(let data, _): .fragment(data)
            }
        }
    }
}
