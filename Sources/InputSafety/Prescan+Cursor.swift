/// Character classes and movement, as libyaml's macros define them (`IS_BREAK`, `IS_BLANKZ`, `SKIP`, `SKIP_LINE`).
extension Prescan {
    var atEnd: Bool { position >= bytes.count }

    func byte(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    func isCharacter(_ character: Character, at offset: Int = 0) -> Bool {
        byte(offset) == character.asciiValue
    }

    func isOneOf(_ characters: String, at offset: Int = 0) -> Bool {
        guard let byte = byte(offset) else { return false }
        return characters.utf8.contains(byte)
    }

    func isBlank(at offset: Int = 0) -> Bool {
        isCharacter(" ", at: offset) || isCharacter("\t", at: offset)
    }

    /// CR, LF, NEL (U+0085), LS (U+2028) and PS (U+2029).
    func isBreak(at offset: Int = 0) -> Bool {
        switch byte(offset) {
        case 0x0D, 0x0A: return true
        case 0xC2: return byte(offset + 1) == 0x85
        case 0xE2: return byte(offset + 1) == 0x80 && (byte(offset + 2) == 0xA8 || byte(offset + 2) == 0xA9)
        default: return false
        }
    }

    func isBreakOrEnd(at offset: Int = 0) -> Bool {
        byte(offset) == nil || isBreak(at: offset)
    }

    func isBlankOrEnd(at offset: Int = 0) -> Bool {
        isBlank(at: offset) || isBreakOrEnd(at: offset)
    }

    /// `---` or `...` at the start of a line, followed by a blank or the end.
    var atDocumentIndicator: Bool {
        guard column == 0, let first = byte(), first == UInt8(ascii: "-") || first == UInt8(ascii: ".") else {
            return false
        }
        return byte(1) == first && byte(2) == first && isBlankOrEnd(at: 3)
    }

    var atByteOrderMark: Bool {
        byte() == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF
    }

    /// Moves past one character (1 to 4 bytes of UTF-8).
    mutating func skip() {
        guard let lead = byte() else { return }
        position += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        column += 1
        index += 1
    }

    /// Moves past a line break; CR LF counts as one.
    mutating func skipLineBreak() {
        if isCharacter("\r") && isCharacter("\n", at: 1) {
            position += 2
            index += 2
        } else if isBreak() {
            skip()
        } else {
            return
        }
        column = 0
        line += 1
    }

    mutating func skipToLineEnd() {
        while !isBreakOrEnd() { skip() }
    }
}
