import Foundation
import InputSafety
public import Pipeline

extension ServeConfig {
    /// A camera, drone, checkpoint or recording to analyse, with `defaults:` and the built-in defaults applied.
    public struct Camera: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            case fixed, eagleEye = "eagle_eye", drone, checkpoint, file

            /// Everything but `file` is a network stream.
            public var isLive: Bool { self != .file }
        }

        /// 1-64 characters of `A-Z a-z 0-9 _ . -`, unique in the config.
        public let id: String
        public let name: String
        public let kind: Kind
        /// The stream URL without credentials, or for `file` the absolute path.
        public let url: String
        public let username: String?
        public let password: Secret?
        public let position: Position?
        /// The id of one of the config's grids (a community's gate: its community's, unless given).
        public internal(set) var grid: String?
        public let sampling: Sampling
        /// In the order motion, faces, plates.
        public let stages: [Stage]
        /// Faces and plates run only on frames where motion was found; false when motion is not among the stages.
        public let motionGate: Bool
        public let enabled: Bool
        /// `file` only: start again at the end.
        public let loop: Bool
        /// `file` only: read at the media's own pace, like a live camera.
        public let realtime: Bool
        /// Seconds a live source may stay silent before it counts as lost.
        public let readTimeout: Double
        /// Faces that match no one are recorded with their embedding, searchable by photo (faces stage only).
        public let storeUnknownFaces: Bool
        /// Days the embeddings of this camera's unknown faces stay searchable (1...365, default 7); the sightings
        /// themselves follow `storage.retention`.
        public let unknownFacesDays: Int
        let resolvedPassword: SecretValue?
        /// Eagle-eye frames are analysed in full-resolution tiles (`tiling:`; on by default for `eagle_eye`).
        public internal(set) var tiling: TilingSettings? = nil
        /// Incident clips (`recording:`).
        public internal(set) var recording = Recording()
        /// `access`: a community's gate (`communities:`).
        public internal(set) var mode = Mode.watch

        /// The URL to open, with the username and password as userinfo; for `file` the path.
        public var streamURL: String {
            guard kind.isLive, let stream = StreamURL(url), username != nil || resolvedPassword != nil else { return url }
            let password = resolvedPassword.map { ":" + percentEncoded($0.value) } ?? ""
            return stream.replacingUserInfo(with: percentEncoded(username ?? "") + password)
        }

        /// The URL to show and log: the password replaced by `***`.
        public var displayURL: String {
            guard kind.isLive, let stream = StreamURL(url), username != nil || resolvedPassword != nil else {
                return URLCredentials.maskingURLs(in: url)
            }
            return stream.replacingUserInfo(with: percentEncoded(username ?? "") + (resolvedPassword == nil ? "" : ":***"))
        }

        /// `text` with the password of every URL in it replaced by `***` (userinfo and password-like query
        /// parameters), e.g. for a message from the media layer that quotes the URL it opened.
        public static func redactingPasswords(in text: String) -> String {
            URLCredentials.maskingURLs(in: text)
        }
    }

    /// A point in degrees: latitude within ±90, longitude within ±180.
    public struct Position: Sendable, Equatable {
        public let latitude: Double
        public let longitude: Double

        public static let latitudeRange = -90.0...90.0
        public static let longitudeRange = -180.0...180.0

        public init(latitude: Double, longitude: Double) {
            self.latitude = latitude
            self.longitude = longitude
        }

        /// `LAT,LON` in degrees (`analyze --location`), or nil when it is not two numbers within range.
        public init?(_ text: String) {
            let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, Self.latitudeRange.contains(parts[0]), Self.longitudeRange.contains(parts[1]) else {
                return nil
            }
            self.init(latitude: parts[0], longitude: parts[1])
        }
    }
}
