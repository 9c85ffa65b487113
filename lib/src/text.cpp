#include "rekindle/text.hpp"

#include <algorithm>
#include <cstdint>
#include <fmt/format.h>
#include <string>
#include <utf8proc.h>
#include <vector>

namespace rekindle::text {
namespace {

// Marks a byte that does not start a well-formed sequence.
constexpr char32_t invalid = 0xFFFFFFFF;

// Decodes one UTF-8 sequence at `i` and advances `i` past it. A malformed or truncated
// sequence yields `invalid` and advances one byte, so callers can show the byte itself.
char32_t decode(std::string_view s, std::size_t& i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) {
        ++i;
        return c;
    }
    std::size_t extra = c >= 0xF0 && c <= 0xF4   ? 3
                        : c >= 0xE0 && c <= 0xEF ? 2
                        : c >= 0xC2 && c <= 0xDF ? 1
                                                 : 0;
    if (extra == 0 || i + extra >= s.size()) {
        ++i;
        return invalid;
    }
    char32_t cp = c & (0x3F >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return invalid;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF look well formed but are not
    // UTF-8: each of their bytes is shown escaped, never passed to the terminal.
    static constexpr char32_t smallest[] = {0, 0x80, 0x800, 0x10000};
    if (cp < smallest[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        ++i;
        return invalid;
    }
    i += extra + 1;
    return cp;
}

std::size_t width_of(char32_t cp) {
    if (cp == invalid)
        return 4; // shown as \xNN
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0;
    // Hangul vowels and final consonants join the leading consonant's two columns, so a
    // syllable written decomposed (NFD, as macOS names files) takes two columns, not four.
    if ((cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0xD7B0 && cp <= 0xD7FF))
        return 0;
    auto u = static_cast<utf8proc_int32_t>(cp);
    switch (utf8proc_category(u)) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_ME:
        return 0;
    case UTF8PROC_CATEGORY_CF:
        return cp == 0xAD ? 1 : 0; // terminals show the soft hyphen
    case UTF8PROC_CATEGORY_MC:
        return 1; // spacing marks take a column, as wcwidth and terminals count them
    default:
        return static_cast<std::size_t>(utf8proc_charwidth(u));
    }
}

// The code points of `s`, with each malformed byte as a value past U+10FFFF of its own.
std::u32string code_points(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t start = i;
        char32_t cp = decode(s, i);
        out += cp == invalid ? 0x110000 + static_cast<unsigned char>(s[start]) : cp;
    }
    return out;
}

// The next code point of `s` at `i` (advancing `i`) by utf8proc's strict reading, or -1 for a
// malformed byte (advancing one byte).
utf8proc_int32_t next_code_point(std::string_view s, std::size_t& i) {
    utf8proc_int32_t cp = -1;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                              static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    i += n > 0 ? static_cast<std::size_t>(n) : 1;
    return n > 0 ? cp : -1;
}

void append_utf8(std::string& out, utf8proc_int32_t cp) {
    utf8proc_uint8_t bytes[4];
    auto n = utf8proc_encode_char(cp, bytes);
    out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(n));
}

// Appends the case-folded NFC form of `run`, which must be valid UTF-8, to `out`.
void fold_valid(std::string_view run, std::string& out) {
    if (run.empty())
        return;
    auto options =
        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD);
    std::vector<utf8proc_int32_t> buffer(run.size() + 8);
    utf8proc_ssize_t n = 0;
    for (;;) {
        n = utf8proc_decompose(reinterpret_cast<const utf8proc_uint8_t*>(run.data()),
                               static_cast<utf8proc_ssize_t>(run.size()), buffer.data(),
                               static_cast<utf8proc_ssize_t>(buffer.size()), options);
        if (n < 0 || static_cast<std::size_t>(n) <= buffer.size())
            break;
        buffer.resize(static_cast<std::size_t>(n));
    }
    if (n < 0) { // cannot happen for valid UTF-8 short of running out of memory
        out.append(run);
        return;
    }
    buffer.resize(static_cast<std::size_t>(n));
    // İ folds to i + U+0307 (CaseFolding.txt, status F). Drop that dot, wherever canonical
    // order put it among the marks of an i, so that "izmir" finds "İzmir" and both get the
    // same key; a lowercase i already has its dot.
    std::size_t kept = 0;
    bool after_i = false;
    for (auto cp : buffer) {
        auto ccc = utf8proc_get_property(cp)->combining_class;
        if (cp == 0x307 && after_i) {
            after_i = false;
            continue;
        }
        after_i = cp == 'i' || (after_i && ccc > 0 && ccc < 230);
        buffer[kept++] = cp;
    }
    n = utf8proc_normalize_utf32(
        buffer.data(), static_cast<utf8proc_ssize_t>(kept),
        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (n < 0) // cannot happen: composing only shortens the buffer
        n = static_cast<utf8proc_ssize_t>(kept);
    for (utf8proc_ssize_t k = 0; k < n; ++k)
        append_utf8(out, buffer[static_cast<std::size_t>(k)]);
}

} // namespace

std::optional<Utf8Problem> find_invalid_utf8(std::string_view bytes) {
    std::size_t line = 1, column = 1;
    std::size_t i = 0;
    while (i < bytes.size()) {
        auto c = static_cast<unsigned char>(bytes[i]);
        std::size_t len = 0;
        char32_t min = 0;
        if (c < 0x80) {
            len = 1;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4, min = 0x10000;
        } else {
            return Utf8Problem{i, line, column};
        }
        if (i + len > bytes.size())
            return Utf8Problem{i, line, column};
        char32_t cp = len == 1 ? c : (c & (0x7F >> len));
        for (std::size_t k = 1; k < len; ++k) {
            auto cc = static_cast<unsigned char>(bytes[i + k]);
            if ((cc & 0xC0) != 0x80)
                return Utf8Problem{i, line, column};
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return Utf8Problem{i, line, column};
        if (c == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        i += len;
    }
    return std::nullopt;
}

std::size_t display_width(std::string_view s) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < s.size();)
        width += width_of(decode(s, i));
    return width;
}

std::string truncate_to_width(std::string_view s, std::size_t width) {
    if (display_width(s) <= width)
        return std::string(s);
    if (width == 0)
        return {};
    std::string out;
    std::size_t used = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t start = i;
        std::size_t w = width_of(decode(s, i));
        if (used + w > width - 1) // keep one column for the ellipsis
            break;
        out.append(s.substr(start, i - start));
        used += w;
    }
    return out + "…";
}

std::string escape_controls(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t start = i;
        char32_t cp = decode(s, i);
        if (cp == invalid) {
            auto b = static_cast<unsigned char>(s[start]);
            out += "\\x";
            out += hex[b >> 4];
            out += hex[b & 0xF];
            continue;
        }
        // Bidirectional overrides, isolates and marks can reorder what the terminal shows;
        // line and paragraph separators can break a line where none is seen.
        bool bidi = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
                    cp == 0x200E || cp == 0x200F || cp == 0x2028 || cp == 0x2029;
        if (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) && !bidi) {
            out.append(s.substr(start, i - start));
            continue;
        }
        switch (cp) {
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (cp < 0x100) {
                out += "\\x";
                out += hex[(cp >> 4) & 0xF];
                out += hex[cp & 0xF];
            } else {
                out += "\\u";
                for (int shift = 12; shift >= 0; shift -= 4)
                    out += hex[(cp >> shift) & 0xF];
            }
        }
    }
    return out;
}

std::string fold_case(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t run = 0; // start of the valid run not yet folded
    for (std::size_t i = 0; i < s.size();) {
        std::size_t start = i;
        if (next_code_point(s, i) >= 0)
            continue;
        fold_valid(s.substr(run, start - run), out);
        out += s[start]; // a malformed byte stays as it is
        run = i;
    }
    fold_valid(s.substr(run), out);
    return out;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::size_t edit_distance(std::string_view a_in, std::string_view b_in) {
    // Optimal string alignment: a swap of two neighbours ("shwo") counts as one edit.
    std::u32string a = code_points(fold_case(a_in)), b = code_points(fold_case(b_in));
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] != b[j - 1];
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates) {
    // Like ninja's spellcheck: a suggestion must be within a third of the word's length.
    std::size_t best = std::max<std::size_t>(1, code_points(word).size() / 3) + 1;
    std::optional<std::string> found;
    for (const auto& candidate : candidates) {
        std::size_t d = edit_distance(word, candidate);
        if (d < best) {
            best = d;
            found = candidate;
        }
    }
    return found;
}

std::string slugify(std::string_view title) {
    // Letters and numbers of any script are kept, with the marks that belong to a letter (so
    // "नमस्ते" stays whole); everything else separates words. "Читать книгу" thus gets a key
    // of its own, not one that depends on its position in a list.
    constexpr std::size_t limit = 40; // characters, dashes included
    std::string folded = fold_case(title);
    std::string slug, cluster; // `cluster`: a letter or number with its marks, not yet added
    std::size_t chars = 0, cluster_chars = 0;
    bool dash = false, full = false;
    auto flush = [&] {
        if (cluster.empty() || full)
            return;
        std::size_t extra = dash && !slug.empty() ? 1 : 0;
        if (chars + extra + cluster_chars > limit) {
            full = true; // never cut a letter from its marks, nor end on a dash
            return;
        }
        if (extra)
            slug += '-';
        slug += cluster;
        chars += extra + cluster_chars;
        dash = false;
        cluster.clear();
        cluster_chars = 0;
    };
    bool letter = false; // whether the cluster is a letter that marks may follow
    for (std::size_t i = 0; i < folded.size() && !full;) {
        std::size_t start = i;
        utf8proc_int32_t cp = next_code_point(folded, i);
        auto category = cp < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(cp);
        bool is_letter = category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
        bool is_number = category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO;
        bool is_mark = category >= UTF8PROC_CATEGORY_MN && category <= UTF8PROC_CATEGORY_ME;
        if (is_mark && letter) {
            cluster.append(folded, start, i - start);
            ++cluster_chars;
            continue;
        }
        flush();
        if (is_letter || is_number) {
            cluster.assign(folded, start, i - start);
            cluster_chars = 1;
            letter = is_letter;
        } else {
            dash = true;
            letter = false;
        }
    }
    flush();
    return slug.empty() ? std::string("item") : slug;
}

std::string trim(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

} // namespace rekindle::text
