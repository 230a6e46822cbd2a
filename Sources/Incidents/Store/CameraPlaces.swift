import GRDB

/// Where every camera the store knows is (its position and grid): what the console's map draws. Its own protocol,
/// beside the API's, so a second back end adds it when it adds a map.
public protocol CameraPlaces: Sendable {
    func allCameras() async throws -> [Camera]
}

extension SQLiteStore: CameraPlaces {
    public func allCameras() async throws -> [Camera] {
        try await read { db in try Camera.order(Column("id")).fetchAll(db) }
    }
}
