/// A value made once, asynchronously, by whichever test asks first; the others wait for it (a corpus, a clip).
public actor Lazily<Value: Sendable> {
    private let make: @Sendable () async throws -> Value
    private var made: Task<Value, any Error>?

    public init(_ make: @escaping @Sendable () async throws -> Value) { self.make = make }

    public var value: Value {
        get async throws {
            if let made { return try await made.value }
            let task = Task { try await make() }
            made = task
            return try await task.value
        }
    }
}
