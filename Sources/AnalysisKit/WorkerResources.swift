/// What one worker thread keeps for every camera it serves: models loaded once per worker (dlib objects are
/// not thread-safe), whichever camera's stages ask for them.
public final class WorkerResources {
    private var values: [String: Any] = [:]

    /// One per worker thread, made by the runtime.
    package init() {}

    /// The value stored under `key`, made by `make` on first use.
    public func shared<T>(_ key: String, _ make: () throws -> T) rethrows -> T {
        if let value = values[key] as? T { return value }
        let value = try make()
        values[key] = value
        return value
    }
}
