import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing
import Toolkit

struct ReloadOnHangupTests {
    /// SIGHUP is trapped from the moment the service is made: a signal before the group runs is not lost (and does
    /// not end the process), and each one reloads once. Graceful shutdown ends the service.
    @Test func eachHangupReloadsOnceUntilShutdown() async throws {
        let reloads = Atomic<Int>(0)
        let service = await ReloadOnHangup { reloads.add(1, ordering: .relaxed) }
        kill(getpid(), SIGHUP)
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        let running = Task { try await group.run() }
        try await waitFor { reloads.load(ordering: .relaxed) == 1 }
        kill(getpid(), SIGHUP)
        try await waitFor { reloads.load(ordering: .relaxed) == 2 }
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(reloads.load(ordering: .relaxed) == 2)
    }
}
