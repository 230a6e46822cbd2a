import Incidents
import Testing

/// The id source behind order ids (webhook idempotency keys), claim tokens and file names.
struct ExhaustionRandomIDTests {
    @Test func idsAreVersion4UUIDsInLowerCase() throws {
        let id = try RandomID.uuid()
        let groups = id.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
        #expect(groups == [8, 4, 4, 4, 12], "\(id)")
        #expect(id.allSatisfy { "0123456789abcdef-".contains($0) }, "\(id)")
        #expect(Array(id)[14] == "4", "version 4: \(id)")
        #expect("89ab".contains(Array(id)[19]), "RFC 4122 variant: \(id)")
    }

    @Test func idsDoNotRepeatAndAreNeverZero() throws {
        let ids = try (0..<20_000).map { _ in try RandomID.uuid() }
        #expect(Set(ids).count == ids.count)
        #expect(!ids.contains("00000000-0000-4000-8000-000000000000"))
        let bytes = try RandomID.randomBytes(4096)
        #expect(bytes.count == 4096 && Set(bytes).count > 200, "4 KiB of random bytes use most byte values")
    }

    @Test func shortHexNamesHaveTheLengthAsked() throws {
        let name = try RandomID.hex(8)
        #expect(name.count == 8 && name.allSatisfy(\.isHexDigit), "\(name)")
    }
}
