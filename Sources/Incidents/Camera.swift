public import Foundation
public import GRDB

/// A video source: a fixed camera, an eagle-eye, a drone, a community face checkpoint or a recorded file.
public struct Camera: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case fixed, eagleEye = "eagle_eye", drone, checkpoint, file
    }

    public var id: String
    public var name: String
    public var kind: Kind
    public var url: String
    public var latitude: Double?
    public var longitude: Double?
    public var grid: String?
    public var createdAt: Date

    public init(id: String, name: String, kind: Kind, url: String,
                latitude: Double? = nil, longitude: Double? = nil, grid: String? = nil, createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.kind = kind
        self.url = url
        self.latitude = latitude
        self.longitude = longitude
        self.grid = grid
        self.createdAt = createdAt
    }
}
