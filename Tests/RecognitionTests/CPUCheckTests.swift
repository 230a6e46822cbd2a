import CVision
import Testing

/// CVision's C++ is compiled for x86-64-v3; its CPU check runs on any x86-64 CPU and passes on one that has the
/// features (this process got past it already: it runs before `main`).
struct CPUCheckTests {
    @Test func thisCPUHasWhatTheBuildNeeds() {
        var why = [CChar](repeating: 0, count: 320)
        let passed = cvision_cpu_check(&why, why.count)
        let reason = String(decoding: why.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #expect(passed == 1, "\(reason)")
        #expect(why[0] == 0, "nothing written when nothing is missing")
        #expect(cvision_cpu_check(nil, 0) == 1, "the reason is optional")
    }
}
