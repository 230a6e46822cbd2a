/// Plates of the seeded city: mostly Heilongjiang (黑A is Harbin), some from the neighbouring provinces; one in seven
/// a green new-energy plate (黑AD12345). Serial letters are rarer than digits, and never I or O, as on real plates.
enum SeedPlates {
    private static let provinces: [(Character, [Character], Double)] = [
        ("黑", Array("AAAAAALBCEFGHKMNPR"), 0.86), ("吉", Array("ABCH"), 0.06), ("辽", Array("ABDH"), 0.04),
        ("京", Array("ACEFGHJKNPQ"), 0.02), ("蒙", Array("ABEH"), 0.02),
    ]
    private static let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
    private static let digits = Array("0123456789")

    static func make(_ random: inout SplitMix64) -> String {
        let (province, offices, _) = provinces[random.weighted(provinces.map(\.2))]
        var plate = [province, offices[random.below(offices.count)]]
        if random.chance(1.0 / 7) {
            plate.append(random.chance(0.8) ? "D" : "F")  // small new-energy cars: D electric, F hybrid, then digits
            for _ in 0..<5 { plate.append(digits[random.below(10)]) }
        } else {
            for _ in 0..<5 { plate.append(random.chance(0.15) ? letters[random.below(letters.count)] : digits[random.below(10)]) }
        }
        return String(plate)
    }

    /// The plate with one character after the office letter read as its OCR look-alike (0↔D, 8↔B, 5↔S, 2↔Z, 6↔G,
    /// 1↔I), or nil when it has none.
    static func misread(_ plate: String, _ random: inout SplitMix64) -> String? {
        var characters = Array(plate)
        let candidates = characters.indices.dropFirst(2).filter { swaps[characters[$0]] != nil }
        guard !candidates.isEmpty else { return nil }
        let position = candidates[random.below(candidates.count)]
        characters[position] = swaps[characters[position]]!
        return String(characters)
    }

    private static let swaps: [Character: Character] = [
        "0": "D", "D": "0", "8": "B", "B": "8", "5": "S", "S": "5", "2": "Z", "Z": "2", "6": "G", "G": "6", "1": "I",
    ]

    /// Plate colour as the tracker stores it: green for new energy, yellow for some large vehicles, else blue.
    static func colour(_ plate: String, _ random: inout SplitMix64) -> String {
        plate.count == 8 ? "green" : random.chance(0.12) ? "yellow" : "blue"
    }
}
