@testable import Server
import Testing

/// The HTTP connections a server holds at once leave descriptors for everything else.
struct ExhaustionBudgetTests {
    @Test(arguments: [(256, 128), (1024, 768), (65536, 49152), (100, 16)])
    func theLimitKeepsAReserve(limit: Int, connections: Int) {
        #expect(ConnectionBudget.maximum(limit: limit) == connections)
    }

    @Test func noLimitNoCap() {
        #expect(ConnectionBudget.maximum(limit: nil) == .max)
    }
}
