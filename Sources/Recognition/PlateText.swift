/// Licence plate text: normalisation of OCR output and the syntax of Chinese plates.
public enum PlateText {
    /// The 31 provincial abbreviations that begin a civil plate.
    public static let provinces: Set<Character> = Set("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼")
    /// Suffixes of special plates: driving school, police, trailer, Hong Kong, Macau.
    public static let suffixes: Set<Character> = Set("学警挂港澳")
    /// Letters and digits on plates (I and O are never issued).
    static let serial: Set<Character> = Set("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")

    /// Upper case, full-width to half-width, separators dropped: `黑Ａ·１２３４５` → `黑A12345`.
    public static func normalise(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }  // full-width ASCII
            guard let normal = Unicode.Scalar(value) else { continue }
            let character = Character(normal)
            if character.isWhitespace || "·•・.-_".contains(character) { continue }
            result += String(character).uppercased()
        }
        return result
    }

    public enum Kind: String, Sendable, Codable {
        /// Blue or yellow: province, letter, five characters (the last may be 学警挂港澳).
        case standard
        /// Green new-energy plate: province, letter, six characters.
        case newEnergy = "new_energy"
    }

    /// The kind of a valid plate, or nil when the text cannot be a Chinese civil plate. The second character is the
    /// issuing office's letter (never I; O only for public-security vehicles, as in 粤O).
    public static func kind(of plate: String) -> Kind? {
        let characters = Array(plate)
        guard characters.count == 7 || characters.count == 8, provinces.contains(characters[0]),
              let letter = characters[1].unicodeScalars.first, ("A"..."Z").contains(letter), letter != "I"
        else { return nil }
        let rest = characters[2...]
        if characters.count == 8 {
            return rest.allSatisfy(serial.contains) ? .newEnergy : nil
        }
        let body = rest.dropLast()
        guard body.allSatisfy(serial.contains), let last = rest.last else { return nil }
        return serial.contains(last) || suffixes.contains(last) ? .standard : nil
    }

    /// Levenshtein distance in characters (a missing or extra character counts one, like a wrong one).
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
