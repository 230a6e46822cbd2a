// Which issuing-office letters each province puts after its character (GB 36-2007 plates as issued), so that the
// province and the letter of a read are decided together: the recogniser confuses look-alike provinces (湘/浙, 蒙/津,
// 粤/鄂) and 0/O/Q/D, and a pair a province never issues (浙M, 冀Q) is the evidence that picks the other reading.
#pragma once

#include <cstring>
#include <string>

namespace sharpeyes {

struct ProvinceLetters {
    const char *province;  // one UTF-8 character
    const char *letters;   // the city series it issues (O, the public-security series, is allowed everywhere)
};

inline constexpr ProvinceLetters issued_letters[] = {
    {"京", "ABCDEFGHJKLMNPQY"}, {"津", "ABCDEFGHJKLMNPQR"}, {"沪", "ABCDEFGHJKLMNR"}, {"渝", "ABCDFGH"},
    {"冀", "ABCDEFGHJRT"}, {"豫", "ABCDEFGHJKLMNPQRSU"}, {"云", "ACDEFGHJKLMNPQRS"}, {"辽", "ABCDEFGHJKLMNP"},
    {"黑", "ABCDEFGHJKLMNPR"}, {"湘", "ABCDEFGHJKLMNU"}, {"皖", "ABCDEFGHJKLMNPQRS"}, {"鲁", "ABCDEFGHJKLMNPQRSUVY"},
    {"新", "ABCDEFGHJKLMNPQR"}, {"苏", "ABCDEFGHJKLMNU"}, {"浙", "ABCDEFGHJKL"}, {"赣", "ABCDEFGHJKLM"},
    {"鄂", "ABCDEFGHJKLMNPQRS"}, {"桂", "ABCDEFGHJKLMNPR"}, {"甘", "ABCDEFGHJKLMNP"}, {"晋", "ABCDEFHJKLM"},
    {"蒙", "ABCDEFGHJKLM"}, {"陕", "ABCDEFGHJKUV"}, {"吉", "ABCDEFGHJK"}, {"闽", "ABCDEFGHJK"},
    {"贵", "ABCDEFGHJ"}, {"粤", "ABCDEFGHJKLMNPQRSTUVWXYZ"}, {"青", "ABCDEFGH"}, {"藏", "ABCDEFGHJ"},
    {"川", "ABCDEFGHJKLMQRSTUVWXYZ"}, {"宁", "ABCDE"}, {"琼", "ABCDEF"},
};

/// How much a province–letter pair is believed before the pixels are looked at: an issued city series 1; the
/// public-security series O is real but rare (0.3), and never on a police plate, whose suffix 警 follows the city
/// letter; a series the province does not issue 0.05 (possible only as a misread, or a series newer than this table).
inline float issuer_prior(const std::string &province, const std::string &letter, bool police_suffix) {
    if (letter == "O") return police_suffix ? 0.01f : 0.3f;
    for (const auto &entry : issued_letters) {
        if (province != entry.province) continue;
        return letter.size() == 1 && std::strchr(entry.letters, letter[0]) ? 1.0f : 0.05f;
    }
    return 0.05f;
}

}  // namespace sharpeyes
