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
    /// The clips of the cameras that keep video for incidents (recording `events` or `continuous`).
    private let recordings = Mutex<[String: CameraRecording]>([:])

    /// What a camera that keeps no video for recording still holds for live view: a GOP or two.
    static let ringLimits = RingLimits(seconds: 4, bytes: 8 << 20)

    public init() {}

    /// `camera`'s new run reads into `ring`; with `recording`, its incidents get clips.
    func attach(camera: String, ring: PacketRing, recording: CameraRecording? = nil) {
        fragmenters.withLock { $0[camera] = LiveFragmenter(ring: ring) }
        rings.withLock { $0[camera] = ring }
        recordings.withLock { $0[camera] = recording }
    }

    /// Starts the clip of `incident`, raised outside the camera's analysis (an alarm), around this moment: the
    /// camera's pre-roll from its ring, its post-roll as it arrives. False when the camera does not run here, keeps
    /// no video for incidents, or has no packet yet.
    @discardableResult
    func clip(of camera: String, incident: Int64) -> Bool {
        guard let recording = recordings.withLock({ $0[camera] }), let ring = rings.withLock({ $0[camera] }),
              let now = ring.newestTime else { return false }
        // The ring's times are the run's media time line; a live camera's newest packet is this moment.
        recording.start(incident: incident, hit: now, origin: Date().addingTimeInterval(-now), ring: ring)
        return true
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
