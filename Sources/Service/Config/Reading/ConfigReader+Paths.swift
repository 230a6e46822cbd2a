import Foundation

/// File paths in the config are absolute or relative to the config file's folder.
extension ConfigReader {
    func filePath(_ field: Field) -> String? {
        string(field).map(resolve)
    }

    func resolve(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : baseDirectory + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    static func folder(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
}
