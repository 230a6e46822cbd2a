import Foundation
import Media
import Testing

/// MISB ST 0601 decoding against the standard's published example values, and refusal of damaged packets.
struct TelemetryTests {
    /// One KLV packet holding `items` (tag, value bytes) and a checksum computed as the standard says.
    /// `lengthLie` replaces every item's declared length.
    private func packet(_ items: [(UInt8, [UInt8])], checksumDelta: UInt16 = 0, lengthLie: UInt8? = nil) -> [UInt8] {
        let set: [UInt8] = items.flatMap { [$0.0, lengthLie ?? UInt8($0.1.count)] + $0.1 } + [1, 2]
        var bytes = UASDatalink.key + [UInt8(set.count + 2)] + set
        let sum = UASDatalink.checksum(bytes) &+ checksumDelta
        bytes += [UInt8(sum >> 8), UInt8(sum & 0xFF)]
        return bytes
    }

    @Test func decodesThePublishedExampleValues() throws {
        // ST 0601's example packet: its items and the values the standard gives for them.
        let bytes = packet([
            (2, [0x00, 0x04, 0x59, 0xF4, 0xA6, 0xAA, 0x4A, 0xA8]),
            (5, [0x71, 0xC2]), (13, [0x55, 0x95, 0xB6, 0x6D]), (14, [0x5B, 0x53, 0x60, 0xC4]), (15, [0xC2, 0x21]),
            (16, [0xCD, 0x9C]), (17, [0xD9, 0x17]), (18, [0x72, 0x4A, 0x0A, 0x20]), (19, [0x87, 0xF8, 0x4B, 0x86]),
            (21, [0x03, 0x83, 0x09, 0x26]), (23, [0xF1, 0x01, 0xA2, 0x29]), (24, [0x14, 0xBC, 0x08, 0x2B]),
            (25, [0x34, 0xF3]), (65, [0x0D]),
        ])
        let telemetry = try UASDatalink.decode(bytes)
        let time = try #require(telemetry.timestamp)
        #expect(time.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)) == "2008-10-24T00:13:29.913")
        #expect(abs(try #require(telemetry.platformHeading) - 159.9744) < 0.0001)
        #expect(abs(try #require(telemetry.sensorLatitude) - 60.1768229669783) < 1e-9)
        #expect(abs(try #require(telemetry.sensorLongitude) - 128.426759042045) < 1e-9)
        #expect(abs(try #require(telemetry.sensorAltitude) - 14190.72) < 0.01)
        #expect(abs(try #require(telemetry.horizontalFieldOfView) - 144.5713) < 0.0001)
        #expect(abs(try #require(telemetry.verticalFieldOfView) - 152.6436) < 0.0001)
        #expect(abs(try #require(telemetry.sensorRelativeAzimuth) - 160.71921143697557) < 1e-7)
        #expect(abs(try #require(telemetry.sensorRelativeElevation) - -168.79232483394085) < 1e-7)
        #expect(abs(try #require(telemetry.slantRange) - 68590.98) < 0.01)
        #expect(abs(try #require(telemetry.frameCenterLatitude) - -10.5423886331461) < 1e-9)
        #expect(abs(try #require(telemetry.frameCenterLongitude) - 29.157890122923) < 1e-9)
        #expect(abs(try #require(telemetry.frameCenterElevation) - 3216.037) < 0.001)
        #expect(telemetry.version == 13)
    }

    @Test func encodesThePublishedExampleValuesToTheirBytes() {
        var telemetry = Telemetry()
        telemetry.sensorLatitude = 60.1768229669783
        telemetry.sensorLongitude = 128.426759042045
        telemetry.frameCenterLatitude = -10.5423886331461
        telemetry.sensorAltitude = 14190.72
        let bytes = UASDatalink.encode(telemetry)
        #expect(bytes.contains(subsequence: [13, 4, 0x55, 0x95, 0xB6, 0x6D]))
        #expect(bytes.contains(subsequence: [14, 4, 0x5B, 0x53, 0x60, 0xC4]))
        #expect(bytes.contains(subsequence: [23, 4, 0xF1, 0x01, 0xA2, 0x29]))
        #expect(bytes.contains(subsequence: [15, 2, 0xC2, 0x21]))
    }

    @Test func theErrorIndicatorReadsAsUnknown() throws {
        let telemetry = try UASDatalink.decode(packet([(13, [0x80, 0, 0, 0]), (14, [0x5B, 0x53, 0x60, 0xC4])]))
        #expect(telemetry.sensorLatitude == nil)
        #expect(telemetry.sensorLongitude != nil)
    }

    @Test func aBadChecksumIsRefused() {
        #expect(throws: KLVError(.badChecksum, "")) { try UASDatalink.decode(packet([(5, [0x71, 0xC2])], checksumDelta: 1)) }
        var flipped = packet([(13, [0x55, 0x95, 0xB6, 0x6D])])
        flipped[UASDatalink.key.count + 4] ^= 0x10  // a latitude byte changed in transit
        #expect(throws: KLVError(.badChecksum, "")) { try UASDatalink.decode(flipped) }
    }

    @Test func truncatedPacketsAndItemsAreRefused() {
        let whole = packet([(13, [0x55, 0x95, 0xB6, 0x6D]), (14, [0x5B, 0x53, 0x60, 0xC4])])
        #expect(throws: KLVError(.truncated, "")) { try UASDatalink.decode(Array(whole.dropLast(5))) }
        #expect(throws: KLVError(.truncated, "")) { try UASDatalink.decode(Array(whole.prefix(10))) }
        // An item whose length runs past the set, with a valid checksum over the lie.
        #expect(throws: KLVError(.truncated, "")) { try UASDatalink.decode(packet([(13, [0x55, 0x95])], lengthLie: 9)) }
        #expect(throws: KLVError(.unknownKey, "")) { try UASDatalink.decode([0x06, 0x0E] + Array(repeating: 0, count: 20)) }
    }

    @Test func damagedPacketsNeverCrashTheDecoder() {
        // Every single-byte change and every cut of a real packet, and random sets behind the key: each decodes or
        // throws a KLVError, nothing else.
        var telemetry = Telemetry()
        telemetry.timestamp = Date(timeIntervalSince1970: 1_796_000_000)
        telemetry.sensorLatitude = 45.75
        telemetry.frameCenterLongitude = 126.63
        telemetry.horizontalFieldOfView = 56
        let whole = UASDatalink.encode(telemetry)
        var outcomes = (decoded: 0, refused: 0)
        func attempt(_ bytes: [UInt8]) {
            do { _ = try UASDatalink.decode(bytes); outcomes.decoded += 1 } catch { outcomes.refused += 1 }
        }
        for index in whole.indices {
            for value: UInt8 in [0x00, 0x7F, 0x80, 0xFF] {
                var damaged = whole
                damaged[index] = value
                attempt(damaged)
            }
            attempt(Array(whole.prefix(index)))
        }
        var state: UInt64 = 14
        for _ in 0..<2000 {
            let length = Int(next(&state) % 64)
            attempt(UASDatalink.key + [UInt8(length)] + (0..<length).map { _ in UInt8(truncatingIfNeeded: next(&state)) })
        }
        #expect(outcomes.refused > 2000, "damage is refused: \(outcomes)")
        #expect(outcomes.decoded >= 1, "the undamaged packet decodes")
    }

    @Test func valuesOutOfRangeAreClampedNotTrapped() throws {
        var telemetry = Telemetry()
        telemetry.sensorLatitude = 1e300
        telemetry.sensorAltitude = -1e9
        telemetry.platformHeading = .nan
        telemetry.timestamp = Date(timeIntervalSince1970: 1e30)
        let decoded = try UASDatalink.decode(UASDatalink.encode(telemetry))
        #expect(abs(decoded.sensorLatitude! - 90) < 1e-6)
        #expect(decoded.sensorAltitude == -900)
        #expect(decoded.platformHeading == nil)
    }

    @Test func roundTripsWithinTheStandardsResolution() throws {
        var telemetry = Telemetry()
        telemetry.timestamp = Date(timeIntervalSince1970: 1_796_000_000.25)
        telemetry.platformHeading = 30
        telemetry.sensorLatitude = 45.75
        telemetry.sensorLongitude = 126.63
        telemetry.sensorAltitude = 210
        telemetry.horizontalFieldOfView = 56.1
        telemetry.frameCenterElevation = 150
        telemetry.version = 17
        let decoded = try UASDatalink.decode(UASDatalink.encode(telemetry))
        #expect(decoded.timestamp == telemetry.timestamp)
        #expect(abs(decoded.sensorLatitude! - 45.75) < 1e-7)
        #expect(abs(decoded.sensorLongitude! - 126.63) < 1e-7)
        #expect(abs(decoded.sensorAltitude! - 210) < 0.16, "altitude resolution is 19900/65535 m")
        #expect(abs(decoded.platformHeading! - 30) < 0.003)
        #expect(decoded.frameCenterLatitude == nil)
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { self[$0..<$0 + subsequence.count].elementsEqual(subsequence) }
    }
}

/// SplitMix64: the same pseudo-random bytes on every run.
private func next(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
