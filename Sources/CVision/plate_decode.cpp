// Plate syntax, for decoding position by position.
#include "plate_decode.hpp"

#include <algorithm>
#include <cstdio>

#include "plate_issuers.hpp"

namespace sharpeyes::plate {

std::vector<std::string> split_utf8(const std::string &text) {
    std::vector<std::string> characters;
    for (size_t i = 0; i < text.size();) {
        unsigned char lead = static_cast<unsigned char>(text[i]);
        size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        characters.push_back(text.substr(i, length));
        i += length;
    }
    return characters;
}

Alphabet::Alphabet(const std::string &list) {
    characters.push_back("");
    size_t start = 0;
    while (start <= list.size()) {
        size_t end = list.find('\n', start);
        if (end == std::string::npos) end = list.size();
        if (end > start) characters.push_back(list.substr(start, end - start));
        start = end + 1;
    }
    characters.push_back(" ");
    classes.assign(characters.size(), other);
    const std::string province_list(provinces), suffix_list(suffixes);
    for (size_t i = 1; i < characters.size(); ++i) {
        const std::string &c = characters[i];
        if (c.size() == 1 && c[0] >= 'A' && c[0] <= 'Z' && c[0] != 'I' && c[0] != 'O') classes[i] = letter;
        else if (c == "O") classes[i] = issuer_o;
        else if (c.size() == 1 && c[0] >= '0' && c[0] <= '9') classes[i] = digit;
        else if (c.size() == 1 && (c[0] == '.' || c[0] == '-' || c[0] == ' ' || c[0] == ':')) classes[i] = separator;
        else if (c == "·" || c == "•" || c == "・") classes[i] = separator;
        else if (c.size() > 1 && province_list.find(c) != std::string::npos) classes[i] = province;
        else if (c.size() > 1 && suffix_list.find(c) != std::string::npos) classes[i] = suffix;
        if (classes[i] == province) province_indices.push_back(i);
        if (classes[i] & (letter | issuer_o)) letter_indices.push_back(i);
    }
}

size_t Alphabet::index_of(const std::string &character) const {
    return static_cast<size_t>(std::find(characters.begin(), characters.end(), character) - characters.begin());
}

uint8_t Alphabet::class_of(const std::string &character) const {
    const size_t index = index_of(character);
    return index < classes.size() ? classes[index] : static_cast<uint8_t>(other);
}

uint8_t Alphabet::classes_of_first(const char *text) const {
    const std::vector<std::string> split = split_utf8(text);
    if (split.empty()) return other;
    const auto found = std::find(characters.begin(), characters.end(), split.front());
    return found == characters.end() ? other : classes[static_cast<size_t>(found - characters.begin())];
}

bool Alphabet::follows_syntax(const char *text) const {
    const std::vector<std::string> split = split_utf8(text);
    if (split.size() != 7 && split.size() != 8) return false;
    for (size_t i = 0; i < split.size(); ++i) {
        const uint8_t c = class_of(split[i]);
        const uint8_t allowed = i == 0 ? province : i == 1 ? (letter | issuer_o)
                              : i + 1 == split.size() ? (letter | digit | suffix) : (letter | digit);
        if (!(c & allowed)) return false;
    }
    return true;
}

bool Alphabet::is_serial_row(const char *text) const {
    const std::vector<std::string> split = split_utf8(text);
    if (split.size() != 5) return false;
    for (size_t i = 0; i < split.size(); ++i)
        if (!(class_of(split[i]) & (i + 1 == split.size() ? (letter | digit | suffix) : (letter | digit)))) return false;
    return true;
}

// The province and issuing letter decided together: every province the first character could be (within 10×
// of the likeliest character there, as the greedy re-decision allows) against every letter the second could be,
// scored by both confidences and the pair's prior (`issuer_prior`). A round second character read as the digit
// 0 counts, at half weight, for O, Q and D — the letters it is confused with.
template <typename First, typename Second>
Alphabet::Issuer Alphabet::decide_issuer(First first, Second second, float first_best, float second_best, bool police) const {
    const size_t zero = index_of("0");
    Issuer best;
    float best_score = 0;
    for (size_t p : province_indices) {
        const float pc = first(p);
        if (pc < 0.02f || pc < 0.1f * first_best) continue;
        for (size_t l : letter_indices) {
            float lc = second(l);
            const std::string &letter = characters[l];
            if (zero < characters.size() && (letter == "O" || letter == "Q" || letter == "D"))
                lc = std::max(lc, 0.5f * second(zero));
            if (lc < 0.02f || lc < 0.1f * second_best) continue;
            const float score = pc * lc * sharpeyes::issuer_prior(characters[p], letter, police);
            if (score > best_score) {
                best_score = score;
                best = {p, l, pc, lc};
            }
        }
    }
    return best;
}

// CTC greedy decoding into runs of one character; then, when the runs (separators aside) number 7 or 8, the
// province and letter are decided together (`decide_issuer`) and each other run is re-decided among the
// characters its position allows on a plate, if that is not far less likely. The upper row of a two-row plate
// (two runs) gets the province-and-letter decision only.
void Alphabet::decode(const std::vector<float> &probabilities, int steps, cvision_plate_read &result,
                      bool upper_row) const {
    const size_t classes_count = characters.size();
    struct Run { int first, last; size_t best; };
    std::vector<Run> runs;
    size_t previous = 0;
    for (int t = 0; t < steps; ++t) {
        const float *row = probabilities.data() + static_cast<size_t>(t) * classes_count;
        const size_t best = static_cast<size_t>(std::max_element(row, row + classes_count) - row);
        if (best != 0 && best != previous) runs.push_back({t, t, best});
        else if (best != 0 && !runs.empty()) runs.back().last = t;
        previous = best;
    }
    runs.erase(std::remove_if(runs.begin(), runs.end(), [&](const Run &run) { return classes[run.best] == separator; }),
               runs.end());
    const bool plate_shaped = runs.size() == 7 || runs.size() == 8;
    auto confidence_in = [&](const Run &run, size_t index) {
        float value = 0;
        for (int t = run.first; t <= run.last; ++t)
            value = std::max(value, probabilities[static_cast<size_t>(t) * classes_count + index]);
        return value;
    };
    // The evidence for a character over its whole run (its peak alone lets one odd timestep outvote the rest).
    auto mean_in = [&](const Run &run, size_t index) {
        float sum = 0;
        for (int t = run.first; t <= run.last; ++t) sum += probabilities[static_cast<size_t>(t) * classes_count + index];
        return sum / static_cast<float>(run.last - run.first + 1);
    };
    Issuer issuer{};
    if (plate_shaped || (upper_row && runs.size() == 2)) {
        const bool police = characters[runs.back().best] == "警";
        issuer = decide_issuer([&](size_t index) { return mean_in(runs[0], index); },
                               [&](size_t index) { return mean_in(runs[1], index); },
                               mean_in(runs[0], runs[0].best), mean_in(runs[1], runs[1].best), police);
        if (issuer.province) {
            issuer.province_confidence = confidence_in(runs[0], issuer.province);
            issuer.letter_confidence = std::max(confidence_in(runs[1], issuer.letter), issuer.letter_confidence);
        }
    }
    std::string text;
    int count = 0;
    for (size_t position = 0; position < runs.size(); ++position) {
        const Run &run = runs[position];
        auto confidence = [&](size_t index) { return confidence_in(run, index); };
        size_t chosen = run.best;
        float chosen_confidence = confidence(run.best);
        if (issuer.province && position < 2) {
            chosen = position == 0 ? issuer.province : issuer.letter;
            chosen_confidence = position == 0 ? issuer.province_confidence : issuer.letter_confidence;
        } else if (plate_shaped && position >= 2 && (classes[run.best] & issuer_o || characters[run.best] == "I")) {
            // O and I are never serial characters: take the likelier of the characters they are confused with.
            const char *const look_alikes = characters[run.best] == "I" ? "1" : "0DQ";
            float best_look_alike = -1;
            for (const char *c = look_alikes; *c; ++c) {
                const size_t index = index_of(std::string(1, *c));
                if (index < classes_count && confidence(index) > best_look_alike) {
                    chosen = index;
                    best_look_alike = confidence(index);
                }
            }
            chosen_confidence = std::max(chosen_confidence * 0.5f, best_look_alike);
        } else if (plate_shaped) {
            uint8_t allowed = position == 0 ? province
                            : position == 1 ? (letter | issuer_o)
                            : position + 1 == runs.size() ? (letter | digit | suffix)
                                                          : (letter | digit);
            if (!(classes[run.best] & allowed)) {
                size_t alternative = 0;
                float alternative_confidence = 0;
                for (size_t index = 1; index < classes_count; ++index) {
                    if (!(classes[index] & allowed)) continue;
                    const float value = confidence(index);
                    if (value > alternative_confidence) { alternative = index; alternative_confidence = value; }
                }
                // Only a close second: a sign's "市" must not turn into a province.
                if (alternative && alternative_confidence >= 0.1f * chosen_confidence && alternative_confidence >= 0.02f) {
                    chosen = alternative;
                    chosen_confidence = alternative_confidence;
                }
            }
        }
        if (text.size() + characters[chosen].size() >= CVISION_PLATE_TEXT_CAPACITY) break;
        text += characters[chosen];
        if (count < CVISION_PLATE_MAX_CHARACTERS) result.character_confidences[count] = chosen_confidence;
        ++count;
    }
    std::snprintf(result.text, sizeof result.text, "%s", text.c_str());
    result.character_count = std::min(count, static_cast<int>(CVISION_PLATE_MAX_CHARACTERS));
}

}  // namespace sharpeyes::plate
