import CVision
import Recognition
import Testing

/// The reader's C++ decoding holds reads to CVision's table of provinces and suffixes; `PlateText` checks reads
/// against its own sets. Until it reads the table (cvision.h), the two must hold the same characters.
struct PlateGrammarTableTests {
    @Test func theReaderAndPlateTextAgreeOnProvincesAndSuffixes() {
        let provinces = String(cString: cvision_plate_provinces()), suffixes = String(cString: cvision_plate_suffixes())
        #expect(provinces.count == 31 && Set(provinces) == PlateText.provinces)
        #expect(Set(suffixes) == PlateText.suffixes)
    }
}
