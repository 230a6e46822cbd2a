// The recogniser's characters as the plate grammar sees them, and CTC decoding that holds a read to that grammar
// with the issuing-office priors (plate_issuers.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cvision.h"

namespace sharpeyes::plate {

// The plate grammar's characters beyond letters and digits, UTF-8: the provinces' and the suffixes (as issued after
// the serial). Swift reads these through cvision.h (`cvision_plate_provinces`, `cvision_plate_suffixes`).
inline constexpr char provinces[] = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
inline constexpr char suffixes[] = "学警挂港澳";

std::vector<std::string> split_utf8(const std::string &text);

// `issuer_o`: O is never a serial character but is the issuing-office letter of public-security plates (粤O).
enum CharacterClass : uint8_t { other = 0, province = 1, letter = 2, digit = 4, suffix = 8, separator = 16, issuer_o = 32 };

// The recogniser's character list (its model metadata) with each character's class.
struct Alphabet {
    std::vector<std::string> characters;  // index 0 is CTC's blank
    std::vector<uint8_t> classes;
    std::vector<size_t> province_indices, letter_indices;  // classes that may begin a plate / follow its province

    // `list`: one character a line, as the model's "character" metadata holds it.
    explicit Alphabet(const std::string &list);

    size_t index_of(const std::string &character) const;
    uint8_t class_of(const std::string &character) const;
    uint8_t classes_of_first(const char *text) const;
    // Seven or eight characters in the order a plate has them.
    bool follows_syntax(const char *text) const;
    // Five letters and digits (the last may be a suffix): the serial, without province or letter.
    bool is_serial_row(const char *text) const;

    // CTC greedy decoding of the recogniser's `steps` × characters probabilities into `result`'s text and
    // confidences. `upper_row`: the crop is the upper row of a two-row plate, decoded as a province and a letter.
    void decode(const std::vector<float> &probabilities, int steps, cvision_plate_read &result,
                bool upper_row = false) const;

private:
    struct Issuer {
        size_t province = 0, letter = 0;  // 0: no province/letter pair close enough to the greedy read
        float province_confidence = 0, letter_confidence = 0;
    };

    template <typename First, typename Second>
    Issuer decide_issuer(First first, Second second, float first_best, float second_best, bool police) const;
};

}  // namespace sharpeyes::plate
