#include "rekindle/text.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace rekindle::text;

TEST_CASE("valid UTF-8 is accepted and invalid bytes are located", "[text]") {
    CHECK_FALSE(find_invalid_utf8("plain ascii"));
    CHECK_FALSE(find_invalid_utf8("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x8C\xB1"));
    auto bad = find_invalid_utf8("ok\nab\xC3(");
    REQUIRE(bad);
    CHECK(bad->offset == 5);
    CHECK(bad->line == 2);
    CHECK(bad->column == 3);
    CHECK(find_invalid_utf8("\xC0\xAF"));         // overlong '/'
    CHECK(find_invalid_utf8("\xED\xA0\x80"));     // surrogate
    CHECK(find_invalid_utf8("\xF4\x90\x80\x80")); // past U+10FFFF
    CHECK(find_invalid_utf8("\xE2\x9C"));         // truncated
}

TEST_CASE("display width counts wide and combining characters", "[text]") {
    CHECK(display_width("abc") == 3);
    CHECK(display_width("\xE6\x97\xA5\xE6\x9C\xAC") == 4); // two CJK ideographs
    CHECK(display_width("e\xCC\x81") == 1);                // e + combining acute
    CHECK(display_width("\xF0\x9F\x8C\xB1") == 2);         // seedling emoji
}

TEST_CASE("display width gives every non-spacing mark zero columns", "[text]") {
    // Columns as glibc's wcswidth counts them, which is what terminals advance by: the
    // virama U+094D and vowel sign U+0947 take none, the spacing vowel sign U+094B (Mc) one.
    CHECK(display_width("नमस्ते दोस्त") == 9);
    CHECK(display_width("ก่อน") == 3);             // Thai with the tone mark U+0E48
    CHECK(display_width("สวัสดี") == 4);            // U+0E31 and U+0E35 above the line
    CHECK(display_width("שָׁלוֹם") == 4);            // Hebrew points
    CHECK(display_width("a\u20DD") == 1);         // enclosing circle (Me)
    CHECK(display_width("a\u200Db\u2060c") == 3); // format characters (Cf)
    CHECK(truncate_to_width("ก่อน", 2) == "ก่…");   // the tone mark stays with its letter
}

TEST_CASE("display width keeps wide characters, controls and bad bytes", "[text]") {
    CHECK(display_width("你好！世界") == 10); // '！' is a fullwidth form
    CHECK(display_width("한국어") == 6);
    CHECK(display_width("\u1112\u1161\u11AB") == 2);   // 한 decomposed, as in NFD
    CHECK(display_width("\U0001F9D1\U0001F3FD") == 4); // emoji and skin tone, each wide
    CHECK(display_width("\u2705\u231A") == 4);
    CHECK(display_width("\U0002A6D6") == 2);   // CJK Extension B
    CHECK(display_width("ｶﾀｶﾅ") == 4);         // halfwidth katakana
    CHECK(display_width("\u2764\uFE0F") == 1); // text-default heart; the selector adds none
    CHECK(display_width("a\tb\x1b\u0085") == 2);
    CHECK(display_width("a\xC3") == 5);             // shown as \xc3
    CHECK(display_width("soft\u00ADhyphen") == 11); // terminals give U+00AD a column
}

TEST_CASE("control characters are escaped for the terminal", "[text]") {
    CHECK(escape_controls("a\tb\nc") == "a\\tb\\nc");
    CHECK(escape_controls("\x1b[31mred") == "\\x1b[31mred");
    // Line separators and bidi marks break or reorder lines unseen (from a hostile pass).
    CHECK(escape_controls("a\xE2\x80\xA8"
                          "b\xE2\x80\x8F") == "a\\u2028b\\u200f");
    CHECK(escape_controls("\xC2\x9B"
                          "2J") == "\\x9b2J"); // C1 CSI
    CHECK(escape_controls("caf\xC3\xA9") == "caf\xC3\xA9");
    // Malformed bytes never swallow a control character that follows them.
    CHECK(escape_controls("\xC3\x1b[2J") == "\\xc3\\x1b[2J");
    CHECK(escape_controls("a\xC3\nb") == "a\\xc3\\nb");
    CHECK(escape_controls("\xE2\x9C") == "\\xe2\\x9c");
}

TEST_CASE("did you mean suggests close names only", "[text]") {
    std::vector<std::string> names{"reflection", "growth", "trust", "conversation", "foundation"};
    CHECK(did_you_mean("reflectoin", names) == "reflection");
    CHECK(did_you_mean("Trust", names) == "trust");
    CHECK(did_you_mean("growht", names) == "growth");
    CHECK_FALSE(did_you_mean("banana", names));
    CHECK(edit_distance("shwo", "show") == 1); // a swap is one edit
    CHECK(did_you_mean("shwo", {"show", "check"}) == "show");
}

TEST_CASE("case folds beyond ASCII", "[text]") {
    CHECK(fold_case("Über CAFÉ") == "über café");
    CHECK(fold_case("ПРОГулка") == "прогулка");
    CHECK(fold_case("ΣΟ") == "σο");
    CHECK(fold_case("Łódź") == "łódź");
    CHECK(fold_case("Ź") == "ź"); // a pair that starts on an odd code point
    CHECK(fold_case("日") == "日");
}

TEST_CASE("case folding covers every script", "[text]") {
    CHECK(fold_case("ΟΔΟΣ") == "οδοσ");
    CHECK(fold_case("οδός") == fold_case("ΟΔΌΣ")); // final sigma folds to σ
    CHECK(fold_case("Άλφα Έψιλον Ώρα") == "άλφα έψιλον ώρα");
    CHECK(fold_case("ΎΨΟΣ") == "ύψοσ");
    CHECK(fold_case("Ÿ") == "ÿ");
    CHECK(fold_case("ҐРУНТ") == "ґрунт");
    CHECK(fold_case("ȘTEFAN") == "ștefan");
    CHECK(fold_case("Straße") == "strasse");
    CHECK(fold_case("ẞ") == "ss");
    CHECK(fold_case("Ǆ") == "ǆ");
    CHECK(fold_case("ԱՐԱՄ") == "արամ");                             // Armenian
    CHECK(fold_case("\uABB3\uAB83\uAB79") == "\u13E3\u13B3\u13A9"); // Cherokee folds to capitals
    CHECK(fold_case("\U00010400") == "\U00010428");                 // Deseret, outside the BMP
}

TEST_CASE("case folding composes and ignores the dot of a capital İ", "[text]") {
    // NFC, so a letter typed with a combining accent equals the precomposed one.
    CHECK(fold_case("Cafe\u0301") == "café");
    CHECK(fold_case("CAFÉ") == fold_case("cafe\u0301"));
    // İ folds to i + U+0307; the dot is dropped so "izmir" finds "İzmir".
    CHECK(fold_case("İzmir") == "izmir");
    CHECK(fold_case("i\u0307") == "i");
    CHECK(fold_case("\u0307") == "\u0307");
}

TEST_CASE("case folding keeps malformed bytes as they are", "[text]") {
    CHECK(fold_case("AB\xC3(CD") == "ab\xC3(cd");
    CHECK(fold_case("\xFF\xFE") == "\xFF\xFE");
    CHECK(fold_case("\xED\xA0\x80X") == "\xED\xA0\x80x"); // a surrogate
    CHECK(fold_case("\xC0\xAFÉ") == "\xC0\xAFé");         // an overlong '/'
    CHECK(fold_case("\xE2\x9C") == "\xE2\x9C");           // truncated
    CHECK(fold_case(std::string("A\0B", 3)) == std::string("a\0b", 3));
    CHECK(fold_case("") == "");
}

namespace {
// "0041 0301" -> the UTF-8 of those code points.
std::string utf8_of(std::string_view hex_list) {
    std::string out;
    std::istringstream in{std::string(hex_list)};
    std::string word;
    while (in >> word) {
        auto cp = static_cast<char32_t>(std::stoul(word, nullptr, 16));
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    return out;
}
} // namespace

TEST_CASE("case folding agrees with Unicode's CaseFolding.txt", "[text]") {
    // From the Debian package unicode-data, which `make deps` installs.
    std::ifstream file("/usr/share/unicode/CaseFolding.txt");
    if (!file) {
        WARN("/usr/share/unicode/CaseFolding.txt is missing (install the Debian package "
             "unicode-data); skipping the check against Unicode's data");
        SUCCEED();
        return;
    }
    std::size_t checked = 0, exact = 0;
    std::string line;
    while (std::getline(file, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        // <code>; <status>; <mapping>; # <name>
        auto first = line.find(';'), second = line.find(';', first + 1),
             third = line.find(';', second + 1);
        REQUIRE(third != std::string::npos);
        std::string status = trim(line.substr(first + 1, second - first - 1));
        if (status != "C" && status != "F")
            continue; // S repeats an F with a simpler mapping; T is Turkic only
        std::string upper = utf8_of(line.substr(0, first));
        std::string mapping = utf8_of(line.substr(second + 1, third - second - 1));
        INFO(line);
        // Both sides fold alike; fold_case composes (NFC), so a mapping that is not in NFC
        // ("ǰ" as j + U+030C) is compared after folding too.
        CHECK(fold_case(upper) == fold_case(mapping));
        CHECK(fold_case(fold_case(upper)) == fold_case(upper));
        exact += fold_case(upper) == mapping;
        ++checked;
    }
    CHECK(checked >= 1530); // C and F lines in Unicode 15
    CHECK(exact > checked * 9 / 10);
}

TEST_CASE("slugs are lowercase words joined by dashes", "[text]") {
    CHECK(slugify("Call my Sister, on Sundays!") == "call-my-sister-on-sundays");
    CHECK(slugify("  ") == "item");
    CHECK(slugify("Été à Paris") == "été-à-paris");
    CHECK(slugify("Читать книгу") == "читать-книгу");
    CHECK(slugify("読書") == "読書");
    CHECK(slugify("🌱 grow") == "grow"); // emoji are not letters
    CHECK(trim("  x y \n") == "x y");
}

TEST_CASE("slugs are at most 40 characters, dashes included", "[text]") {
    std::string forty_words;
    for (char c = 'a'; c < 'a' + 20; ++c)
        forty_words += std::string(1, c) + " " + std::string(1, static_cast<char>(c - 32)) + " ";
    std::string slug = slugify(forty_words);
    CHECK(slug == "a-a-b-b-c-c-d-d-e-e-f-f-g-g-h-h-i-i-j-j");
    CHECK(slug.size() == 39); // a 20th letter and its dash would make 41
    CHECK(slugify("Reach out for professional help when you need it") ==
          "reach-out-for-professional-help-when-you");
    CHECK(slugify(std::string(50, 'x')) == std::string(40, 'x'));
    CHECK(slugify(std::string(39, 'x') + " yz") == std::string(39, 'x')); // no trailing dash
    // Forty characters, not forty bytes: Cyrillic letters take two bytes each.
    std::string cyrillic;
    for (int i = 0; i < 45; ++i)
        cyrillic += "ж";
    CHECK(slugify(cyrillic) == cyrillic.substr(0, 80));
}

TEST_CASE("slugs keep letters, numbers and their marks; the rest separates words", "[text]") {
    CHECK(slugify("你好！世界") == "你好-世界"); // a fullwidth '！' is punctuation
    CHECK(slugify("Ÿpres trip") == "ÿpres-trip");
    CHECK(slugify("ПРОГУЛКА в парке") == "прогулка-в-парке");
    CHECK(slugify("Καλό Ταξίδι") == "καλό-ταξίδι");
    CHECK(slugify("ΟΔΟΣ") == "οδοσ");
    CHECK(slugify("नमस्ते दोस्त") == "नमस्ते-दोस्त"); // vowel signs and virama stay
    CHECK(slugify("İzmir 2024") == "izmir-2024");
    CHECK(slugify("Cafe\u0301 crème") == "café-crème");
    CHECK(slugify("Straße") == "strasse");
    CHECK(slugify("x\u00B2 \u0661\u0662") == "x²-١٢"); // numbers of any kind
    CHECK(slugify("Tom & Jerry — «best»") == "tom-jerry-best");
    CHECK(slugify("\u0301a") == "a"); // a mark with no letter before it is dropped
    CHECK(slugify("1\uFE0F\u20E3 apples") == "1-apples"); // a keycap is not a letter's mark
    CHECK(slugify("a\tb\u00A0c\u3000d") == "a-b-c-d");
    CHECK(slugify("🌱🌻") == "item");
    CHECK(slugify("\xFF\xFE") == "item");
}

TEST_CASE("edit distance counts characters, not bytes", "[text]") {
    CHECK(edit_distance("café", "cafe") == 1);
    CHECK(edit_distance("ÜBER", "über") == 0);
    CHECK(edit_distance("日本", "本日") == 1);
    CHECK(did_you_mean("прогулкa", {"прогулка", "парк"}) == "прогулка"); // a Latin 'a'
}

TEST_CASE("escaping shows every byte of a sequence that only looks like UTF-8", "[text]") {
    // A surrogate, an overlong slash and a code point past U+10FFFF.
    CHECK(escape_controls("a\xED\xA0\x80"
                          "b") == "a\\xed\\xa0\\x80b");
    CHECK(escape_controls("\xC0\xAF") == "\\xc0\\xaf");
    CHECK(escape_controls("\xE0\x80\xAF") == "\\xe0\\x80\\xaf");
    CHECK(escape_controls("\xF4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");
    CHECK(escape_controls("caf\xC3\xA9 \xF0\x9F\x8C\xB1") == "caf\xC3\xA9 \xF0\x9F\x8C\xB1");
}
