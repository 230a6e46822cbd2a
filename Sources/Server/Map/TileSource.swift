public import Foundation
import GRDB
import Toolkit

/// Map tiles the operator provides, so the console's map needs no tile server on the internet: a directory of
/// `{z}/{x}/{y}.png` files (or `.jpg`, `.webp`, `.pbf`, as tile tools write them) or an MBTiles file (SQLite, rows
/// in TMS order, as `mb-util` and most tile tools export).
public struct TileSource: Sendable {
    enum Storage: Sendable {
        case directory(URL)
        case mbtiles(DatabaseQueue)
    }

    /// `png`, `jpg`, `webp` or `pbf`.
    public let format: String
    public let zoom: ClosedRange<Int>
    let storage: Storage

    static let formats = ["png", "jpg", "jpeg", "webp", "pbf"]

    /// Opens `path` (a directory or an `.mbtiles` file) and learns its format and zoom levels.
    public init(path: String) throws(TileSourceError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TileSourceError("\(path) does not exist")
        }
        if isDirectory.boolValue {
            (format, zoom) = try Self.survey(directory: URL(fileURLWithPath: path))
            storage = .directory(URL(fileURLWithPath: path))
        } else {
            let queue = try Self.open(mbtiles: path)
            (format, zoom) = try Self.survey(mbtiles: queue, path: path)
            storage = .mbtiles(queue)
        }
    }

    /// The MIME type of this source's tiles.
    public var contentType: String {
        switch format {
        case "jpg", "jpeg": "image/jpeg"
        case "webp": "image/webp"
        case "pbf": "application/x-protobuf"
        default: "image/png"
        }
    }

    /// The tile at `z/x/y` (XYZ numbering, as web maps count rows: 0 at the top), nil when there is none.
    public func tile(z: Int, x: Int, y: Int) async throws -> Data? {
        guard zoom.contains(z), (0..<(1 << z)).contains(x), (0..<(1 << z)).contains(y) else { return nil }
        switch storage {
        case .directory(let root):
            let file = root.appendingPathComponent("\(z)/\(x)/\(y).\(format)")
            // A file read blocks its thread: the blocking pool, not the cooperative one; only inside the root.
            return try await Blocking.run { try MediaFile.read(file.path, inside: root.path) }
        case .mbtiles(let queue):
            return try await queue.read { db in
                try Data.fetchOne(db, sql: """
                    SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?
                    """, arguments: [z, x, (1 << z) - 1 - y])
            }
        }
    }

    private static func survey(directory: URL) throws(TileSourceError) -> (String, ClosedRange<Int>) {
        let levels = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .compactMap(Int.init).filter { (0...24).contains($0) }.sorted()
        guard let low = levels.first, let high = levels.last else {
            throw TileSourceError("\(directory.path) holds no zoom level directories ({z}/{x}/{y}.png)")
        }
        let column = directory.appendingPathComponent("\(low)")
        let files = (try? FileManager.default.subpathsOfDirectory(atPath: column.path)) ?? []
        guard let format = files.lazy.map({ ($0 as NSString).pathExtension.lowercased() }).first(where: formats.contains) else {
            throw TileSourceError("\(column.path) holds no tiles (.png, .jpg, .webp or .pbf files)")
        }
        return (format, low...high)
    }

    private static func open(mbtiles path: String) throws(TileSourceError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        do { return try DatabaseQueue(path: path, configuration: configuration) } catch {
            throw TileSourceError("\(path) is neither a directory of tiles nor an MBTiles file")
        }
    }

    private static func survey(mbtiles queue: DatabaseQueue, path: String) throws(TileSourceError) -> (String, ClosedRange<Int>) {
        do {
            return try queue.read { db in
                let metadata = try Dictionary(Row.fetchAll(db, sql: "SELECT name, value FROM metadata").map {
                    (String($0["name"] ?? ""), String($0["value"] ?? ""))
                }, uniquingKeysWith: { first, _ in first })
                let range = try Row.fetchOne(db, sql: "SELECT MIN(zoom_level) AS low, MAX(zoom_level) AS high FROM tiles")
                guard let low: Int = range?["low"], let high: Int = range?["high"] else {
                    throw TileSourceError("\(path) holds no tiles")
                }
                return (metadata["format"].map { $0.lowercased() } ?? "png", low...high)
            }
        } catch let error as TileSourceError { throw error } catch {
            throw TileSourceError("\(path) is not an MBTiles file (no metadata and tiles tables)")
        }
    }
}

/// Why a tile source could not be opened.
public struct TileSourceError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) { self.description = description }
}
