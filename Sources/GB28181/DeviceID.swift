/// GB/T 28181 codes (Annex D): 20 decimal digits. Device and channel IDs become camera IDs, folder names and parts
/// of SIP request lines, so anything else a device sends as one is refused rather than carried along.
enum DeviceID {
    static func isValid(_ id: String) -> Bool {
        id.utf8.count == 20 && id.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
