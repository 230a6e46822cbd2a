public import Dispatching
public import Foundation
public import Incidents
public import Severities
import Synchronization

/// What the API routes work on: the store, the dispatcher (order actions), the face models (photo enrolment and
/// search, absent when no camera needs faces) and where snapshots live.
public struct APIServices: Sendable {
    /// The SQLite store, when the API runs on one (nil on a shared PostgreSQL store).
    public var store: IncidentStore?
    /// The store as the routes use it: async, and free of database types (both back ends implement these protocols).
    public var records: any RecordStore & DispatchStore
    /// Pairing grants (phones signed in with a code).
    public var pairings: any PairingStore
    public var dispatcher: Dispatcher?
    /// The nodes sharing the store (`/api/nodes`); nil on a store of this node's own.
    public var nodes: (any NodeStore)?
    public var faces: (any FaceService)?
    /// Exports of continuous recording; nil where this server keeps none.
    public var recordings: (any RecordingExports)?
    /// Cameras' live views (`GET /api/cameras/{id}/live`); nil where this server runs no camera.
    public var live: (any LiveViews)?
    /// Media files are served only from inside this directory (nil: wherever the rows point).
    public var snapshotDirectory: String?
    /// Trajectory legs faster than this are marked impossible.
    public var speedLimitKmh: Double
    /// Device alarms (`alarms:` in the serve config); nil where none are configured.
    public var alarms: AlarmDesk?
    /// Communities' registers and gates (`communities:`); nil where none are configured.
    public var communities: CommunityDirectory?
    /// The operator's map tiles (`http.map_tiles`), when any.
    public var tiles: TileSource?
    /// How the live feed is read, and how many streams it serves.
    public var feedSettings = FeedSettings()
    /// The live feed's one broadcaster, made at first use with the `feedSettings` of that moment and shared by
    /// every copy of these services (one server, one reader of the feed).
    public var feed: FeedBroadcaster { feedBox.broadcaster(store: records, settings: feedSettings) }
    private let feedBox = FeedBox()

    public init(store: IncidentStore, dispatcher: Dispatcher? = nil, faces: (any FaceService)? = nil,
                snapshotDirectory: String? = nil, speedLimitKmh: Double = 150) {
        self.init(records: store.async, pairings: store.async, dispatcher: dispatcher, faces: faces,
                  snapshotDirectory: snapshotDirectory, speedLimitKmh: speedLimitKmh)
        self.store = store
    }

    /// The API on any store that implements the protocols (a shared PostgreSQL store).
    public init(records: any RecordStore & DispatchStore, pairings: any PairingStore, dispatcher: Dispatcher? = nil,
                faces: (any FaceService)? = nil, snapshotDirectory: String? = nil, speedLimitKmh: Double = 150) {
        self.records = records
        self.pairings = pairings
        self.dispatcher = dispatcher
        self.faces = faces
        self.snapshotDirectory = snapshotDirectory
        self.speedLimitKmh = speedLimitKmh
    }
}

/// Holds the broadcaster that `APIServices` makes at first use.
private final class FeedBox: Sendable {
    private let made = Mutex<FeedBroadcaster?>(nil)

    func broadcaster(store: any FeedStore & AccessStore, settings: FeedSettings) -> FeedBroadcaster {
        made.withLock { made in
            if let made { return made }
            let broadcaster = FeedBroadcaster(store: store, settings: settings)
            made = broadcaster
            return broadcaster
        }
    }
}

/// Face work the API needs from the models: enrol a watchlist photo, find sightings of the face in a photo.
/// Implementations run the models off the concurrency pool and refuse photos with `PhotoError`.
public protocol FaceService: Sendable {
    /// Adds (or adds a photo to) `name` on `list`; returns the identity.
    func enrol(photo: Data, name: String, list: String, severity: Severity, reason: String?) async throws -> WatchlistIdentity
    /// Sightings whose stored face is within tolerance of the face in `photo`, best first.
    func search(photo: Data, cameras: [String], from: Date?, to: Date?, limit: Int) async throws -> [FaceMatch]
}

/// A stored face near the one searched for.
public struct FaceMatch: Sendable, Equatable {
    public var sightingId: Int64
    public var distance: Double

    public init(sightingId: Int64, distance: Double) {
        self.sightingId = sightingId
        self.distance = distance
    }
}
