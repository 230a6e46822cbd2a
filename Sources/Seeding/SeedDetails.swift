/// The `details` JSON of seeded sightings, key for key what the trackers write (`PlateDecision` in snake case,
/// `FaceDecision` in camel case, both with sorted keys), built as text: an encoder per row would cost more than the
/// insert. Motion sightings have no details.
enum SeedDetails {
    struct Plate {
        let label: String
        let json: String
    }

    /// A plate pass of `reads` reads of `plate`. Now and then one read (or, rarely, the vote) took an OCR look-alike:
    /// the variant is kept beside the plate, as the tracker keeps every text it read.
    static func plate(_ plate: String, reads: Int, hotlisted: Bool, _ random: inout SplitMix64) -> Plate {
        var variants = [plate: reads], label = plate
        if reads >= 2, random.chance(0.15), let misread = SeedPlates.misread(plate, &random) {
            let wrong = random.within(1...max(1, reads / 3))
            variants = [plate: reads - wrong, misread: wrong]
            if random.chance(0.1) { label = misread; variants = [plate: wrong, misread: reads - wrong] }
        }
        var fields = ["\"character_confidences\":[" + label.map { _ in confidence(random.within(850...999)) }.joined(separator: ",") + "]"]
        fields.append("\"colour\":\"\(SeedPlates.colour(plate, &random))\"")
        if hotlisted { fields.append("\"confusions\":\(label == plate ? 0 : 1)") }
        if hotlisted { fields.append("\"hotlist_pattern\":\"\(plate)\"") }
        fields.append("\"kind\":\"\(label.count == 8 ? "new_energy" : "standard")\"")
        fields.append("\"matching_reads\":\(variants[label] ?? 0)")
        fields.append("\"reads\":\(reads)")
        fields.append("\"text\":\"\(label)\"")
        let counts = variants.keys.sorted().map { "\"\($0)\":\(variants[$0]!)" }.joined(separator: ",")
        fields.append("\"variants\":{\(counts)}")
        return Plate(label: label, json: "{" + fields.joined(separator: ",") + "}")
    }

    /// A face track: matched to `identity` (name, list) at a small distance, or unknown at a large one.
    static func face(identity: (name: String, list: String)?, frames: Int, _ random: inout SplitMix64) -> (json: String, confidence: Double) {
        let mean = identity == nil ? random.within(550...800) : random.within(300...450)
        let best = mean - random.within(10...80)
        let matching = identity == nil ? frames : random.within(max(1, frames - 2)...frames)
        let weight = Double(matching) * (1 - Double(mean) / 1000)
        var fields = ["\"bestDistance\":\(confidence(best))", "\"frames\":\(frames)"]
        if let identity { fields += ["\"identity\":\"\(identity.name)\"", "\"list\":\"\(identity.list)\""] }
        fields += ["\"matchingFrames\":\(matching)", "\"meanDistance\":\(confidence(mean))"]
        let unknownVotes = identity == nil ? weight : Double(frames - matching) * 0.3
        fields.append("\"unknownVotes\":\(rounded(unknownVotes))")
        fields.append(identity.map { "\"votes\":{\"\($0.list)/\($0.name)\":\(rounded(weight))}" } ?? "\"votes\":{}")
        return ("{" + fields.joined(separator: ",") + "}", 1 - Double(mean) / 1000)
    }

    /// Thousandths (0...999) as a JSON number: 973 → 0.973, 45 → 0.045.
    private static func confidence(_ thousandths: Int) -> String { rounded(Double(thousandths) / 1000) }

    /// Three decimals, as the trackers' numbers read after rounding.
    private static func rounded(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
