#pragma once
/// Small text utilities shared by every module: UTF-8 checks, display width,
/// escaping for the terminal, and "did you mean" suggestions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rekindle::text {

/// Where the first invalid UTF-8 byte sits, if any.
struct Utf8Problem {
    std::size_t offset = 0; ///< byte offset of the bad sequence
    std::size_t line = 1;   ///< 1-based line of that byte
    std::size_t column = 1; ///< 1-based column (in characters) of that byte
};

/// Returns the position of the first invalid UTF-8 sequence, or nothing when valid.
/// Overlong forms, surrogates and code points past U+10FFFF are invalid.
std::optional<Utf8Problem> find_invalid_utf8(std::string_view bytes);

/// Number of terminal columns `s` takes, from utf8proc's Unicode data: wide East Asian and
/// emoji count 2; non-spacing and enclosing marks, format characters (zero-width joiner,
/// bidi marks, ...), control characters and the vowels and final consonants of decomposed
/// Hangul 0; spacing marks (Mc, such as Devanagari "ो") 1, as wcwidth() and terminals count
/// them. A malformed byte counts 4, the width of its `\xNN`.
std::size_t display_width(std::string_view s);

/// `s` cut to at most `width` terminal columns, ending in "…" when something was cut.
std::string truncate_to_width(std::string_view s, std::size_t width);

/// Replaces control characters (C0, DEL, C1), bidirectional overrides and malformed bytes
/// with visible escapes such as `\n`, `\x1b` or `\u202e`, so stored text can never move
/// the cursor, change colours or reorder what the terminal shows.
std::string escape_controls(std::string_view s);

/// Folds `s` for comparing without case, in every script: Unicode full case folding
/// (CaseFolding.txt statuses C and F, so "ς" and "Σ" become "σ", "ß" and "ẞ" "ss"), then NFC,
/// so "e" + U+0301 equals "é". One deliberate departure: the U+0307 dot that "İ" folds to
/// (i + U+0307) is dropped, so "izmir" finds "İzmir" and both make the same key; accents
/// otherwise still count ("cafe" is not "café"). Not Turkic-specific: "I" folds to "i".
/// Malformed bytes are kept as they are, and the text around them is folded.
std::string fold_case(std::string_view s);

/// Lower-cases ASCII letters; other bytes are kept.
std::string ascii_lower(std::string_view s);

/// Edit distance between two strings, in code points, after fold_case.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if one is close enough to be a likely typo.
std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates);

/// A key made from a title: its letters and numbers (Unicode categories L* and N*, any
/// script) case-folded as by fold_case, each letter with the marks that follow it (so
/// Devanagari words stay whole), and dashes for whatever else separates them (punctuation,
/// symbols, spaces, emoji). At most 40 characters (code points) in all, dashes included;
/// a cut never parts a letter from its marks nor leaves a trailing dash. "item" when nothing
/// is left.
std::string slugify(std::string_view title);

/// Removes leading and trailing ASCII white space.
std::string trim(std::string_view s);

/// "1 entry", "3 entries".
std::string plural(std::int64_t n, std::string_view one, std::string_view many);

} // namespace rekindle::text
