/// Reads the composed config into ``ServeConfig``, logging every problem and going on after it with a stand-in
/// value, so one pass finds them all. The sections are in `Sections/`.
struct ConfigReader {
    let log: IssueLog
    /// The config file's folder: relative paths are resolved against it.
    let baseDirectory: String
    let environment: [String: String]
}
