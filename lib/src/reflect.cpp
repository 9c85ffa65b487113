#include "rekindle/reflect.hpp"

#include "rekindle/error.hpp"
#include "rekindle/records.hpp"
#include "rekindle/text.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>
#include <sstream>

namespace rekindle::reflect {
namespace {

using output::Column;
using output::Shown;
using output::Value;

// ---- the catalogue -----------------------------------------------------------------------

std::string place_of(const toml::node& n, std::string_view file) {
    return fmt::format("{}:{}:{}",
                       n.source().path ? std::string(*n.source().path) : std::string(file),
                       n.source().begin.line, n.source().begin.column);
}

std::string string_of(const toml::node& n, std::string_view what, std::string_view file) {
    if (auto s = n.value<std::string>())
        return *s;
    throw ConfigError(fmt::format("{}: '{}' must be a string", place_of(n, file), what));
}

bool valid_name(std::string_view name, bool dots) {
    if (name.empty() || name.size() > 60)
        return false;
    auto ok = [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               (dots && c == '.');
    };
    return std::all_of(name.begin(), name.end(), ok) && name.front() != '-' &&
           name.front() != '.' && name.back() != '.';
}

// A one-line, non-empty string field of a theme or prompt table.
std::string line_field(const toml::table& t, std::string_view key, const toml::node& owner,
                       std::string_view file, bool required) {
    const toml::node* n = t.get(key);
    if (!n) {
        if (required)
            throw ConfigError(fmt::format("{}: '{}' is missing", place_of(owner, file), key));
        return {};
    }
    std::string s = string_of(*n, key, file);
    if (s.find_first_of("\r\n") != std::string::npos || (required && text::trim(s).empty()))
        throw ConfigError(
            fmt::format("{}: '{}' must be one line of text", place_of(*n, file), key));
    return s;
}

void add_prompts(Theme& theme, const toml::table& t, std::string_view file, bool shipped,
                 std::set<std::string, std::less<>>& ids) {
    const toml::node* list = t.get("prompts");
    if (!list)
        return;
    const auto* prompts = list->as_array();
    if (!prompts)
        throw ConfigError(fmt::format("{}: 'prompts' must be an array of tables, like "
                                      "[[reflect.themes.prompts]]",
                                      place_of(*list, file)));
    for (const auto& n : *prompts) {
        const auto* p = n.as_table();
        if (!p)
            throw ConfigError(fmt::format("{}: a prompt must be a table with 'id' and 'question'",
                                          place_of(n, file)));
        Prompt prompt;
        prompt.id = line_field(*p, "id", n, file, true);
        if (!valid_name(prompt.id, true))
            throw ConfigError(fmt::format("{}: prompt id '{}' must be lowercase letters, digits, "
                                          "'-', '_' and '.'",
                                          place_of(*p->get("id"), file),
                                          text::escape_controls(prompt.id)));
        if (!ids.insert(prompt.id).second)
            throw ConfigError(fmt::format("{}: prompt id '{}' is used twice",
                                          place_of(*p->get("id"), file), prompt.id));
        prompt.theme = theme.name;
        prompt.question = line_field(*p, "question", n, file, true);
        prompt.hint = line_field(*p, "hint", n, file, false);
        prompt.shipped = shipped;
        theme.prompts.push_back(std::move(prompt));
    }
}

// Reads `[[themes]]` (shipped) or `[[reflect.themes]]` (config) into `catalog`. A config
// theme with a shipped theme's name adds its prompts to that theme.
void add_themes(Catalog& catalog, const toml::node& list, std::string_view file, bool shipped,
                std::set<std::string, std::less<>>& ids) {
    const auto* themes = list.as_array();
    if (!themes)
        throw ConfigError(fmt::format("{}: 'themes' must be an array of tables, like "
                                      "[[reflect.themes]]",
                                      place_of(list, file)));
    for (const auto& n : *themes) {
        const auto* t = n.as_table();
        if (!t)
            throw ConfigError(fmt::format("{}: a theme must be a table with 'name' and 'prompts'",
                                          place_of(n, file)));
        std::string name = line_field(*t, "name", n, file, true);
        if (!valid_name(name, false))
            throw ConfigError(fmt::format("{}: theme name '{}' must be lowercase letters, "
                                          "digits, '-' and '_'",
                                          place_of(*t->get("name"), file),
                                          text::escape_controls(name)));
        Theme* theme = nullptr;
        for (auto& existing : catalog.themes)
            if (existing.name == name)
                theme = &existing;
        if (!theme) {
            Theme fresh;
            fresh.name = name;
            fresh.shipped = shipped;
            catalog.themes.push_back(std::move(fresh));
            theme = &catalog.themes.back();
        } else if (shipped) {
            throw ConfigError(
                fmt::format("{}: theme '{}' is defined twice", place_of(n, file), name));
        }
        if (auto title = line_field(*t, "title", n, file, false); !title.empty())
            theme->title = title;
        if (auto about = line_field(*t, "description", n, file, false); !about.empty())
            theme->description = about;
        if (theme->title.empty())
            theme->title = name;
        add_prompts(*theme, *t, file, shipped, ids);
    }
}

// ---- text --------------------------------------------------------------------------------

std::int64_t count_words(std::string_view s) {
    std::int64_t n = 0;
    bool in_word = false;
    for (char c : s) {
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        if (!space && !in_word)
            ++n;
        in_word = !space;
    }
    return n;
}

std::vector<std::string> merged_tags(const std::vector<std::string>& given,
                                     const std::vector<std::string>& found) {
    std::vector<std::string> out;
    for (const auto* list : {&given, &found})
        for (const auto& t : *list) {
            std::string tag = normal_tag(t);
            if (std::find(out.begin(), out.end(), tag) == out.end())
                out.push_back(tag);
        }
    return out;
}

std::string first_line(std::string_view s, std::size_t max_width) {
    std::string t = text::trim(s);
    auto nl = t.find('\n');
    std::string line = text::trim(t.substr(0, nl));
    if (text::display_width(line) > max_width || nl != std::string::npos) {
        std::string cut = text::truncate_to_width(line, max_width);
        if (cut == line && nl != std::string::npos)
            cut += " …";
        return cut;
    }
    return line;
}

std::optional<std::string> nonblank(const std::optional<std::string>& s) {
    if (s && !text::trim(*s).empty())
        return s;
    return std::nullopt;
}

// A text argument that must be valid UTF-8 without NUL: DataError otherwise.
void check_stored_text(std::string_view s, std::string_view what) {
    if (s.find('\0') != std::string_view::npos)
        throw DataError(fmt::format("the {} holds a NUL character", what));
    if (auto bad = text::find_invalid_utf8(s))
        throw DataError(fmt::format("the {} is not valid UTF-8 (byte {})", what, bad->offset));
}

std::string month_of(const dates::Day& d) {
    return fmt::format("{:04}-{:02}", d.year, d.month);
}

} // namespace

// ---- Catalog -----------------------------------------------------------------------------

const Theme* Catalog::theme(std::string_view name) const {
    for (const auto& t : themes)
        if (t.name == name)
            return &t;
    return nullptr;
}

const Prompt* Catalog::prompt(std::string_view id) const {
    for (const auto& t : themes)
        for (const auto& p : t.prompts)
            if (p.id == id)
                return &p;
    return nullptr;
}

std::vector<std::string> Catalog::theme_names() const {
    std::vector<std::string> out;
    for (const auto& t : themes)
        out.push_back(t.name);
    return out;
}

std::vector<std::string> Catalog::prompt_ids() const {
    std::vector<std::string> out;
    for (const auto& t : themes)
        for (const auto& p : t.prompts)
            out.push_back(p.id);
    return out;
}

const Theme& Catalog::require_theme(std::string_view name) const {
    if (const Theme* t = theme(name))
        return *t;
    std::string msg = fmt::format("no theme named '{}'", text::escape_controls(name));
    if (auto guess = text::did_you_mean(name, theme_names()))
        msg += fmt::format("; did you mean '{}'?", *guess);
    else
        msg += "; 'rekindle reflect prompts' lists them";
    throw UsageError(msg);
}

const Prompt& Catalog::require_prompt(std::string_view id) const {
    if (const Prompt* p = prompt(id))
        return *p;
    std::string msg = fmt::format("no prompt with the id '{}'", text::escape_controls(id));
    if (auto guess = text::did_you_mean(id, prompt_ids()))
        msg += fmt::format("; did you mean '{}'?", *guess);
    else
        msg += "; 'rekindle reflect prompts' lists them";
    throw UsageError(msg);
}

Catalog load_catalog(const std::string& shipped_path, const config::Config& config) {
    Catalog catalog;
    if (std::error_code ec; !std::filesystem::is_regular_file(shipped_path, ec))
        throw ConfigError(fmt::format("rekindle's shipped prompts are missing: '{}' does not "
                                      "exist (reinstall, or set REKINDLE_SHARE_DIR)",
                                      shipped_path));
    auto shipped = config::parse_file(shipped_path);
    std::set<std::string, std::less<>> ids;
    const toml::node* list = shipped.get("themes");
    if (!list)
        throw ConfigError(fmt::format("{}: no [[themes]] found", shipped_path));
    add_themes(catalog, *list, shipped_path, true, ids);

    const std::string& file = config.user_path();
    if (const toml::node* mine = config.node("reflect.themes"))
        add_themes(catalog, *mine, file, false, ids);

    if (const toml::node* off = config.node("reflect.disabled")) {
        const auto* names = off->as_array();
        if (!names)
            throw ConfigError(fmt::format("{}: 'reflect.disabled' must be an array of theme "
                                          "names and prompt ids",
                                          place_of(*off, file)));
        for (const auto& n : *names) {
            std::string name = string_of(n, "reflect.disabled", file);
            if (catalog.theme(name)) {
                std::erase_if(catalog.themes, [&](const Theme& t) { return t.name == name; });
                continue;
            }
            bool found = false;
            for (auto& t : catalog.themes)
                found = std::erase_if(t.prompts, [&](const Prompt& p) { return p.id == name; }) ||
                        found;
            if (!found && !ids.count(name)) {
                std::vector<std::string> all(ids.begin(), ids.end());
                for (const auto& t : catalog.theme_names())
                    all.push_back(t);
                std::string msg = fmt::format("{}: 'reflect.disabled' names '{}', which is "
                                              "neither a theme nor a prompt",
                                              place_of(n, file), text::escape_controls(name));
                if (auto guess = text::did_you_mean(name, all))
                    msg += fmt::format("; did you mean '{}'?", *guess);
                throw ConfigError(msg);
            }
        }
    }
    // A theme without prompts (all turned off, or none given) has nothing to ask.
    std::erase_if(catalog.themes, [](const Theme& t) { return t.prompts.empty(); });
    if (const toml::node* editor = config.node("reflect.editor")) {
        if (!editor->is_boolean())
            throw ConfigError(
                fmt::format("{}: 'reflect.editor' must be true or false", place_of(*editor, file)));
        catalog.editor = editor->value<bool>().value_or(false);
    }
    return catalog;
}

// ---- tags --------------------------------------------------------------------------------

namespace {
// The length in bytes of a separator at `i`: white space or a control character, ASCII or
// not (no-break and ideographic spaces, line and paragraph separators, C1 controls); 0 when
// there is none. A tag ends at one and can never hold one.
std::size_t separator_at(std::string_view s, std::size_t i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    if (c <= 0x20 || c == 0x7F)
        return 1;
    if (c == 0xC2 && i + 1 < s.size() && (b(i + 1) <= 0x9F || b(i + 1) == 0xA0))
        return 2; // C1 controls, U+0085 and U+00A0
    if (i + 2 < s.size()) {
        unsigned c1 = b(i + 1), c2 = b(i + 2);
        if (c == 0xE1 && c1 == 0x9A && c2 == 0x80)
            return 3; // U+1680
        if (c == 0xE2 && c1 == 0x80 &&
            (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || (c2 >= 0xAA && c2 <= 0xAF)))
            return 3; // U+2000..U+200A, U+2028, U+2029, the bidi embeddings and U+202F
        if (c == 0xE2 && c1 == 0x81 && (c2 == 0x9F || (c2 >= 0xA6 && c2 <= 0xA9)))
            return 3; // U+205F and the bidi isolates
        if (c == 0xE3 && c1 == 0x80 && c2 == 0x80)
            return 3; // U+3000
    }
    return 0;
}

bool has_separator(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i)
        if (separator_at(s, i))
            return true;
    return false;
}
} // namespace

std::string normal_tag(std::string_view tag) {
    std::string_view t = tag;
    while (!t.empty() && (t.front() == '#' || t.front() == '@'))
        t.remove_prefix(1);
    if (auto bad = text::find_invalid_utf8(t))
        throw UsageError(fmt::format("tag '{}' is not valid UTF-8 (byte {})",
                                     text::escape_controls(tag), bad->offset));
    std::string folded = text::fold_case(t);
    if (folded.empty())
        throw UsageError(fmt::format("tag '{}' is empty", text::escape_controls(tag)));
    if (folded.size() > max_tag_bytes || has_separator(folded) ||
        folded.find(',') != std::string::npos)
        throw UsageError(fmt::format("tag '{}' must be one word, without spaces or commas, of at "
                                     "most {} bytes",
                                     text::escape_controls(tag), max_tag_bytes));
    return folded;
}

namespace {
bool tag_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c >= 0x80;
}

// Words written as `<sign>word`, at the start or after white space or an opening bracket.
std::vector<std::string> marked_words(std::string_view text, char sign) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != sign)
            continue;
        if (i > 0) {
            char before = text[i - 1];
            if (!(before == ' ' || before == '\t' || before == '\n' || before == '\r' ||
                  before == '(' || before == '['))
                continue;
        }
        std::size_t end = i + 1;
        while (end < text.size() && tag_char(static_cast<unsigned char>(text[end])) &&
               !separator_at(text, end))
            ++end;
        std::string_view word = text.substr(i + 1, end - i - 1);
        while (!word.empty() && (word.back() == '-' || word.back() == '_'))
            word.remove_suffix(1);
        // "#1" is a number, not a tag; a tag has a letter in it.
        bool letter = std::any_of(word.begin(), word.end(), [](char c) {
            return !(c >= '0' && c <= '9') && c != '-' && c != '_';
        });
        // Measured once folded, as normal_tag measures it (folding can make a word longer);
        // a word too long to be a tag is only text.
        std::string tag =
            word.empty() || !letter || text::find_invalid_utf8(word) ? "" : text::fold_case(word);
        if (!tag.empty() && tag.size() <= max_tag_bytes &&
            std::find(out.begin(), out.end(), tag) == out.end())
            out.push_back(tag);
        i = end - 1;
    }
    return out;
}
} // namespace

std::vector<std::string> hashtags(std::string_view text) {
    return marked_words(text, '#');
}

std::int64_t Entry::words() const {
    std::int64_t n = count_words(title.value_or("")) + count_words(text.value_or(""));
    for (const auto& a : answers)
        n += count_words(a.text);
    return n;
}

// ---- Store -------------------------------------------------------------------------------

Store::Store(db::Database& db, Catalog catalog) : db_(db), catalog_(std::move(catalog)) {}

namespace {
// Checks what a new or edited entry holds; returns its tags as stored.
std::vector<std::string> checked_tags(const NewEntry& e) {
    bool empty = !nonblank(e.text) && !nonblank(e.title) &&
                 std::none_of(e.answers.begin(), e.answers.end(),
                              [](const Answer& a) { return !text::trim(a.text).empty(); });
    if (empty)
        throw UsageError("the entry is empty; write something first");
    if (e.title)
        check_stored_text(*e.title, "title");
    if (e.text)
        check_stored_text(*e.text, "text");
    std::vector<std::string> found = hashtags(e.title.value_or(""));
    for (const auto& t : hashtags(e.text.value_or("")))
        found.push_back(t);
    for (const auto& a : e.answers) {
        check_stored_text(a.text, "answer");
        for (const auto& t : hashtags(a.text))
            found.push_back(t);
    }
    return merged_tags(e.tags, found);
}
} // namespace

void Store::insert_answers(const std::string& entry_uid, const std::vector<Answer>& answers) {
    auto insert = db_.prepare("INSERT INTO reflect_answer (uid, entry, position, prompt, "
                              "question, text) VALUES (?, ?, ?, ?, ?, ?)");
    std::int64_t position = 0;
    for (const auto& a : answers) {
        if (text::trim(a.text).empty())
            continue;
        insert.bind_all(db::new_uid(), entry_uid, ++position, a.prompt, a.question, a.text).run();
        insert.reset();
    }
}

std::int64_t Store::add(const NewEntry& e) {
    auto tags = checked_tags(e);
    if (e.theme)
        catalog_.require_theme(*e.theme);
    for (const auto& a : e.answers)
        catalog_.require_prompt(a.prompt);
    std::string now = dates::format_utc(dates::now());
    std::string at = e.at ? dates::format_utc(*e.at) : now;
    std::string uid = db::new_uid();
    db::Transaction tx(db_);
    db_.prepare("INSERT INTO reflect_entry (uid, theme, title, text, tags, starred, at, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(uid, e.theme, nonblank(e.title), nonblank(e.text), records::strings_json(tags),
                  std::int64_t{e.starred ? 1 : 0}, at, now)
        .run();
    std::int64_t id = db_.last_insert_rowid();
    insert_answers(uid, e.answers);
    tx.commit();
    return id;
}

std::optional<std::int64_t> Store::find(std::int64_t id) {
    auto q = db_.prepare("SELECT id FROM reflect_entry WHERE id = ? AND removed_at IS NULL");
    q.bind(1, id);
    if (q.step())
        return q.integer(0);
    return std::nullopt;
}

void Store::load_answers(Entry& entry) {
    auto q = db_.prepare("SELECT prompt, question, text FROM reflect_answer WHERE entry = ? "
                         "ORDER BY position, id");
    q.bind(1, entry.uid);
    while (q.step())
        entry.answers.push_back({q.text(0), q.text(1), q.text(2)});
}

Entry Store::get(std::int64_t id) {
    auto q = db_.prepare("SELECT id, uid, theme, title, text, tags, starred, at, recorded_at, "
                         "edited_at FROM reflect_entry WHERE id = ? AND removed_at IS NULL");
    q.bind(1, id);
    if (!q.step())
        throw UsageError(fmt::format("no entry {}; 'rekindle reflect list' shows them", id));
    Entry e;
    e.id = q.integer(0);
    e.uid = q.text(1);
    e.theme = q.optional_text(2);
    e.title = q.optional_text(3);
    e.text = q.optional_text(4);
    e.tags = records::parse_strings(q.text_view(5));
    e.starred = q.integer(6) != 0;
    e.at = dates::parse_utc(q.text(7));
    e.recorded_at = dates::parse_utc(q.text(8));
    if (auto edited = q.optional_text(9))
        e.edited_at = dates::parse_utc(*edited);
    load_answers(e);
    auto r = db_.prepare("SELECT replaced_at, text FROM reflect_revision WHERE entry = ? "
                         "ORDER BY replaced_at, id");
    r.bind(1, e.uid);
    while (r.step())
        e.revisions.push_back({dates::parse_utc(r.text(0)), r.text(1)});
    return e;
}

bool Store::edit(std::int64_t id, const NewEntry& edited, const Entry* read) {
    auto tags = checked_tags(edited);
    db::Transaction tx(db_);
    Entry before = get(id);
    // Another edit saved while the editor was open: saving over it would replace it unseen.
    if (read && plain_text(*read) != plain_text(before))
        throw ConflictError(fmt::format("entry {} was changed by another command while the "
                                        "editor was open; nothing was saved",
                                        id));
    auto same_answers = [&](const NewEntry& candidate) {
        std::vector<Answer> kept;
        for (const auto& a : candidate.answers)
            if (!text::trim(a.text).empty())
                kept.push_back(a);
        if (kept.size() != before.answers.size())
            return false;
        for (std::size_t i = 0; i < kept.size(); ++i)
            if (kept[i].prompt != before.answers[i].prompt ||
                kept[i].text != before.answers[i].text)
                return false;
        return true;
    };
    // Text that differs only in white space at its ends (which the editor's file cannot
    // keep) is the stored text, kept as it is.
    auto same = [](const std::optional<std::string>& a, const std::optional<std::string>& b) {
        return text::trim(a.value_or("")) == text::trim(b.value_or(""));
    };
    NewEntry result = edited;
    if (same(result.text, before.text))
        result.text = before.text;
    for (auto& a : result.answers)
        for (const auto& b : before.answers)
            if (a.prompt == b.prompt && text::trim(a.text) == text::trim(b.text))
                a.text = b.text;
    if (nonblank(result.title) == before.title && nonblank(result.text) == before.text &&
        tags == before.tags && same_answers(result))
        return false;
    std::string now = dates::format_utc(dates::now());
    db_.prepare("INSERT INTO reflect_revision (uid, entry, replaced_at, text) VALUES (?, ?, ?, ?)")
        .bind_all(db::new_uid(), before.uid, now, plain_text(before))
        .run();
    // Answers are matched by prompt: one whose text changed is updated in place (keeping its
    // uid), one left empty is removed (the revision keeps it), a new one is added.
    std::map<std::string, std::string> wanted;
    std::vector<Answer> added;
    for (const auto& a : result.answers) {
        if (text::trim(a.text).empty())
            continue;
        bool existed = std::any_of(before.answers.begin(), before.answers.end(),
                                   [&](const Answer& b) { return b.prompt == a.prompt; });
        if (existed)
            wanted[a.prompt] = a.text;
        else
            added.push_back(a);
    }
    auto update = db_.prepare("UPDATE reflect_answer SET text = ? WHERE entry = ? AND +prompt = ? "
                              "AND text IS NOT ?");
    auto drop = db_.prepare("DELETE FROM reflect_answer WHERE entry = ? AND +prompt = ?");
    for (const auto& b : before.answers) {
        auto it = wanted.find(b.prompt);
        if (it == wanted.end()) {
            drop.bind_all(before.uid, b.prompt).run();
            drop.reset();
        } else {
            update.bind_all(it->second, before.uid, b.prompt, it->second).run();
            update.reset();
        }
    }
    auto last =
        db_.prepare("SELECT coalesce(max(position), 0) FROM reflect_answer WHERE entry = ?");
    last.bind(1, before.uid);
    last.step();
    std::int64_t position = last.integer(0);
    auto insert = db_.prepare("INSERT INTO reflect_answer (uid, entry, position, prompt, "
                              "question, text) VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& a : added) {
        insert.bind_all(db::new_uid(), before.uid, ++position, a.prompt, a.question, a.text).run();
        insert.reset();
    }
    db_.prepare("UPDATE reflect_entry SET title = ?, text = ?, tags = ?, edited_at = ? "
                "WHERE id = ?")
        .bind_all(nonblank(result.title), nonblank(result.text), records::strings_json(tags), now,
                  id)
        .run();
    tx.commit();
    return true;
}

void Store::remove(std::int64_t id) {
    db::Transaction tx(db_);
    if (!find(id))
        throw UsageError(fmt::format("no entry {}; 'rekindle reflect list' shows them", id));
    db_.prepare("UPDATE reflect_entry SET removed_at = ? WHERE id = ?")
        .bind_all(dates::format_utc(dates::now()), id)
        .run();
    tx.commit();
}

std::vector<Summary> Store::list(const ListQuery& query) {
    // The newest entries through the index on `at`; the filters are all optional.
    std::string sql = "SELECT e.id, e.at, e.theme, e.title, e.text, e.tags, e.starred, "
                      "(SELECT count(*) FROM reflect_answer a WHERE a.entry = e.uid), "
                      "(SELECT a.text FROM reflect_answer a WHERE a.entry = e.uid "
                      " ORDER BY a.position LIMIT 1) "
                      "FROM reflect_entry e WHERE e.removed_at IS NULL "
                      "AND e.at >= coalesce(?1, '') AND e.at <= coalesce(?2, '~') "
                      "AND (?3 IS NULL OR e.theme = ?3) ";
    if (query.tag)
        sql += "AND e.id IN (SELECT entry FROM reflect_tag WHERE tag = ?4) ";
    sql += "ORDER BY e.at DESC, e.id DESC LIMIT ?5";
    auto q = db_.prepare(sql);
    q.bind(1, query.since ? std::optional(dates::format_utc(*query.since)) : std::nullopt);
    q.bind(2, query.until ? std::optional(dates::format_utc(*query.until)) : std::nullopt);
    q.bind(3, query.theme);
    if (query.tag)
        q.bind(4, normal_tag(*query.tag));
    q.bind(5, query.limit > 0 ? query.limit : std::int64_t{-1});
    std::vector<Summary> out;
    while (q.step()) {
        Summary s;
        s.id = q.integer(0);
        s.at = dates::parse_utc(q.text(1));
        s.theme = q.optional_text(2);
        auto title = q.optional_text(3), body = q.optional_text(4), first = q.optional_text(8);
        s.preview = first_line(title ? *title : body ? *body : first.value_or(""), 60);
        s.tags = records::parse_strings(q.text_view(5));
        s.starred = q.integer(6) != 0;
        s.answers = q.integer(7);
        out.push_back(std::move(s));
    }
    return out;
}

std::string Store::question_of(std::string_view prompt_id) {
    auto q = db_.prepare("SELECT question FROM reflect_answer WHERE prompt = ? ORDER BY id DESC "
                         "LIMIT 1");
    q.bind(1, prompt_id);
    return q.step() ? q.text(0) : std::string();
}

std::vector<PastAnswer> Store::answers(std::string_view prompt_id) {
    auto q = db_.prepare("SELECT e.id, e.at, a.text FROM reflect_answer a "
                         "JOIN reflect_entry e ON e.uid = a.entry "
                         "WHERE a.prompt = ? AND e.removed_at IS NULL ORDER BY e.at, a.id");
    q.bind(1, prompt_id);
    std::vector<PastAnswer> out;
    while (q.step())
        out.push_back({q.integer(0), dates::parse_utc(q.text(1)), q.text(2)});
    return out;
}

namespace {
// Entries longer than this (in bytes) get a plain snippet rather than FTS5's.
constexpr std::int64_t long_document = 64 * 1024;

// A short piece of `text` around the first word of `query` it holds (ignoring case in
// ASCII), marked as FTS5 marks a match; the start of the text when none is found.
std::string plain_snippet(const std::string& text, std::string_view query) {
    std::vector<std::string> words;
    std::string word;
    for (char c : query) {
        bool part =
            std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
        if (part) {
            word += c;
        } else if (!word.empty()) {
            if (word != "AND" && word != "OR" && word != "NOT" && word != "NEAR")
                words.push_back(text::ascii_lower(word));
            word.clear();
        }
    }
    if (!word.empty())
        words.push_back(text::ascii_lower(word));
    std::string lower = text::ascii_lower(text);
    std::size_t at = std::string::npos, length = 0;
    for (const auto& w : words) {
        auto found = lower.find(w);
        if (found != std::string::npos && found < at) {
            at = found;
            length = w.size();
        }
    }
    auto utf8_start = [&](std::size_t i) {
        while (i > 0 && i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80)
            --i;
        return i;
    };
    if (at == std::string::npos)
        return text::truncate_to_width(
            text.substr(0, utf8_start(std::min<std::size_t>(text.size(), 120))), 80);
    std::size_t from = utf8_start(at > 60 ? at - 60 : 0);
    std::size_t to = utf8_start(std::min(text.size(), at + length + 60));
    std::string out = from > 0 ? "…" : "";
    out += text.substr(from, at - from);
    out += output::mark_open;
    out += text.substr(at, length);
    out += output::mark_close;
    out += text.substr(at + length, to - at - length);
    if (to < text.size())
        out += "…";
    for (auto& c : out)
        if (c == '\n' || c == '\t' || c == '\r')
            c = ' ';
    return out;
}
} // namespace

std::vector<Hit> Store::search(std::string_view query, std::int64_t limit) {
    if (text::trim(query).empty())
        throw UsageError("the search is empty; give a word or a phrase");
    check_stored_text(query, "search");
    std::vector<Hit> out;
    try {
        // Ranking reads every match, which costs most for words found nearly everywhere; so
        // when more than `ranked_at_most` entries match, the newest that many are ranked.
        auto newest = db_.prepare("SELECT rowid FROM reflect_search WHERE reflect_search MATCH ? "
                                  "ORDER BY rowid DESC LIMIT 1 OFFSET ?");
        newest.bind_all(query, ranked_at_most - 1);
        std::int64_t from = newest.step() ? newest.integer(0) : 0;
        // The title weighs twice the body; only the best `limit` get a snippet and a lookup.
        auto best = db_.prepare("SELECT rowid, bm25(reflect_search, 2.0, 1.0) AS score "
                                "FROM reflect_search WHERE reflect_search MATCH ?1 "
                                "AND rowid >= ?2 ORDER BY score LIMIT ?3");
        best.bind_all(query, from, limit > 0 ? limit : std::int64_t{-1});
        std::vector<std::pair<std::int64_t, double>> ranked;
        while (best.step())
            ranked.emplace_back(best.integer(0), best.real(1));
        // Two lookups per hit: with a join in the same statement, SQLite no longer hands
        // the rowid to FTS5 and the snippet query walks every match.
        auto snippet = db_.prepare("SELECT snippet(reflect_search, -1, ?2, ?3, '…', 12) "
                                   "FROM reflect_search WHERE reflect_search MATCH ?1 "
                                   "AND rowid = ?4");
        auto entry = db_.prepare("SELECT id, at, theme FROM reflect_entry WHERE id = ?");
        auto size = db_.prepare(
            "SELECT length(CAST(title AS BLOB)) + length(CAST(body AS BLOB)), title, body "
            "FROM reflect_search WHERE rowid = ?");
        for (const auto& [rowid, score] : ranked) {
            // FTS5's snippet takes time that grows faster than the text: a very long entry
            // gets a plain one, around the first word of the query it holds.
            size.bind(1, rowid);
            std::optional<std::string> plain;
            if (size.step() && size.integer(0) > long_document)
                plain = plain_snippet(size.text(1) + "\n" + size.text(2), query);
            size.reset();
            if (!plain)
                snippet.bind_all(query, output::mark_open, output::mark_close, rowid);
            entry.bind(1, rowid);
            if ((plain || snippet.step()) && entry.step()) {
                Hit h;
                h.id = entry.integer(0);
                h.at = dates::parse_utc(entry.text(1));
                h.theme = entry.optional_text(2);
                h.snippet = plain ? *plain : snippet.text(0);
                h.rank = score;
                out.push_back(std::move(h));
            }
            snippet.reset();
            entry.reset();
        }
    } catch (const Error& e) {
        if (e.code() != ExitCode::internal)
            throw;
        // FTS5 reports a query it cannot read as an SQL error; say it in our words.
        std::string why = e.what(), reason;
        if (why.find("unterminated string") != std::string::npos) {
            reason = "a double quote is not closed";
        } else if (auto col = why.find("no such column: "); col != std::string::npos) {
            reason = fmt::format("'{}' is read as a field name (only title and body are); put "
                                 "words joined by '-' or ':' in double quotes, such as "
                                 "'\"well-being\"'",
                                 why.substr(col + 16));
        } else if (why.find("syntax error near \"\"") != std::string::npos) {
            reason = "it ends too soon: AND, OR, NOT, NEAR or a bracket needs something after it";
        } else if (auto near = why.find("syntax error near "); near != std::string::npos) {
            std::string token = why.substr(near + 18);
            if (token == "\"NOT\"")
                reason = "NOT needs a word before it too, as in 'calm NOT anger'";
            else if (token == "\"AND\"" || token == "\"OR\"")
                reason = fmt::format("{} needs a word on each side", token);
            else
                reason = fmt::format("{} cannot stand outside double quotes; put the words in "
                                     "double quotes, such as '\"don't\"' or '\"well-being\"'",
                                     token);
        } else {
            reason = "it is not a search reflect can read; put words with punctuation in double "
                     "quotes";
        }
        throw UsageError(fmt::format("cannot search for '{}': {}", text::escape_controls(query),
                                     text::escape_controls(reason)));
    }
    return out;
}

std::vector<PromptUse> Store::prompt_uses(const std::optional<std::string>& theme) {
    if (theme)
        catalog_.require_theme(*theme);
    auto q = db_.prepare("SELECT count(*), max(e.at) FROM reflect_answer a "
                         "JOIN reflect_entry e ON e.uid = a.entry "
                         "WHERE a.prompt = ? AND e.removed_at IS NULL");
    std::vector<PromptUse> out;
    for (const auto& t : catalog_.themes) {
        if (theme && t.name != *theme)
            continue;
        for (const auto& p : t.prompts) {
            q.bind(1, p.id);
            q.step();
            PromptUse use{&p, q.integer(0), std::nullopt};
            if (auto last = q.optional_text(1))
                use.last = dates::parse_utc(*last);
            q.reset();
            out.push_back(use);
        }
    }
    return out;
}

const Theme& Store::least_answered_theme() {
    auto q =
        db_.prepare("SELECT count(*) FROM reflect_entry WHERE theme = ? AND removed_at IS NULL");
    const Theme* best = nullptr;
    std::int64_t fewest = 0;
    for (const auto& t : catalog_.themes) {
        if (t.name == incident_theme)
            continue;
        q.bind(1, t.name);
        q.step();
        std::int64_t n = q.integer(0);
        q.reset();
        if (!best || n < fewest) {
            best = &t;
            fewest = n;
        }
    }
    if (!best)
        throw UsageError("no themes are left to reflect on; see 'reflect.disabled' in "
                         "rekindle.toml(5)");
    return *best;
}

std::vector<Summary> Store::between(dates::Instant since, dates::Instant until) {
    auto rows = list(ListQuery{since, until, std::nullopt, std::nullopt, 0});
    std::reverse(rows.begin(), rows.end());
    return rows;
}

std::int64_t Store::count(dates::Instant since, dates::Instant until) {
    auto q = db_.prepare("SELECT count(*) FROM reflect_entry WHERE at >= ? AND at <= ? AND "
                         "removed_at IS NULL");
    q.bind_all(dates::format_utc_bound(since), dates::format_utc_bound(until));
    q.step();
    return q.integer(0);
}

std::optional<dates::Instant> Store::last_at() {
    auto q = db_.prepare(
        "SELECT at FROM reflect_entry WHERE removed_at IS NULL ORDER BY at DESC LIMIT 1");
    if (!q.step())
        return std::nullopt;
    return dates::parse_utc(q.text(0));
}

std::vector<std::string> Store::untouched_themes() {
    auto q =
        db_.prepare("SELECT 1 FROM reflect_entry WHERE theme = ? AND removed_at IS NULL LIMIT 1");
    std::vector<std::string> out;
    for (const auto& t : catalog_.themes) {
        if (t.name == incident_theme)
            continue;
        q.bind(1, t.name);
        if (!q.step())
            out.push_back(t.name);
        q.reset();
    }
    return out;
}

Stats Store::stats(dates::DayStart day_start) {
    Stats s;
    s.total.name = "all";
    std::map<std::string, Stats::Row> themes, months, tags;
    auto q = db_.prepare("SELECT e.uid, e.theme, e.title, e.text, e.tags, e.at, "
                         "(SELECT group_concat(a.text, char(10)) FROM reflect_answer a "
                         " WHERE a.entry = e.uid) "
                         "FROM reflect_entry e WHERE e.removed_at IS NULL");
    while (q.step()) {
        std::int64_t words =
            count_words(q.text_view(2)) + count_words(q.text_view(3)) + count_words(q.text_view(6));
        ++s.total.entries;
        s.total.words += words;
        std::string theme = q.optional_text(1).value_or("");
        auto& t = themes[theme];
        ++t.entries;
        t.words += words;
        auto& m = months[month_of(dates::local_day(dates::parse_utc(q.text(5)), day_start))];
        ++m.entries;
        m.words += words;
        for (const auto& tag : records::parse_strings(q.text_view(4))) {
            auto& row = tags[tag];
            ++row.entries;
            row.words += words;
        }
    }
    for (const auto& t : catalog_.themes) {
        auto it = themes.find(t.name);
        Stats::Row row{t.name, 0, 0};
        if (it != themes.end()) {
            row = it->second;
            row.name = t.name;
            themes.erase(it);
        } else {
            s.untouched.push_back(t.name);
        }
        s.themes.push_back(row);
    }
    for (auto& [name, row] : themes) { // themes no longer in the catalogue, and free text
        row.name = name.empty() ? "(free)" : name;
        s.themes.push_back(row);
    }
    for (auto& [name, row] : months) {
        row.name = name;
        s.months.push_back(row);
    }
    for (auto& [name, row] : tags) {
        row.name = name;
        s.tags.push_back(row);
    }
    return s;
}

// ---- records -----------------------------------------------------------------------------

const std::vector<records::RecordType>& record_types() {
    using records::Default;
    using records::Kind;
    static const std::vector<records::RecordType> types{
        {.tool = "reflect",
         .name = "entry",
         .table = "reflect_entry",
         .doc = "One journal entry: free text, answers to prompts (its answer records), or both.",
         .fields =
             {
                 {.name = "theme",
                  .doc = "the theme it answers, or null for free text",
                  .non_empty = true,
                  .references = "a reflect theme"},
                 {.name = "title", .doc = "a heading (a jrnl title), or null"},
                 {.name = "text", .kind = Kind::text, .doc = "free text, or null"},
                 {.name = "tags",
                  .kind = Kind::strings,
                  .fallback = Default::text("[]"),
                  .doc = "its tags, without '#'; none when left out"},
                 {.name = "starred",
                  .kind = Kind::boolean,
                  .fallback = Default::text("false"),
                  .doc = "whether it is starred (jrnl's mark); false when left out"},
                 {.name = "at",
                  .kind = Kind::utc_time,
                  .fallback = Default::now(),
                  .doc = "the time it is about; the time of the import when left out"},
                 {.name = "recorded_at",
                  .kind = Kind::utc_time,
                  .fallback = Default::field("at"),
                  .doc = "when it was written; the same as at when left out"},
                 {.name = "edited_at",
                  .kind = Kind::utc_time,
                  .doc = "when it was last edited, or null"},
                 {.name = "removed_at",
                  .kind = Kind::utc_time,
                  .doc = "when it was removed, or null while it is shown"},
             },
         .identity = {"theme", "title", "text", "at"}},
        {.tool = "reflect",
         .name = "answer",
         .table = "reflect_answer",
         .doc = "One answer to one prompt, within an entry.",
         .fields =
             {
                 {.name = "entry",
                  .required = true,
                  .doc = "the uid of its entry",
                  .non_empty = true,
                  .references = "a reflect entry"},
                 {.name = "position",
                  .kind = Kind::integer,
                  .doc = "its place among the entry's answers, from 1; after the others when "
                         "left out",
                  .min = 1,
                  .max = 100000},
                 {.name = "prompt",
                  .required = true,
                  .doc = "the prompt's id",
                  .non_empty = true,
                  .references = "a reflect prompt"},
                 {.name = "question",
                  .doc = "the question as it was asked; the prompt's question when left out",
                  .non_empty = true},
                 {.name = "text",
                  .kind = Kind::text,
                  .required = true,
                  .doc = "the answer",
                  .non_empty = true},
             },
         .identity = {"entry", "prompt", "text"}},
        {.tool = "reflect",
         .name = "revision",
         .table = "reflect_revision",
         .doc = "An entry as it read before an edit.",
         .fields =
             {
                 {.name = "entry",
                  .required = true,
                  .doc = "the uid of its entry",
                  .non_empty = true,
                  .references = "a reflect entry"},
                 {.name = "replaced_at",
                  .kind = Kind::utc_time,
                  .required = true,
                  .doc = "when the edit replaced it"},
                 {.name = "text",
                  .kind = Kind::text,
                  .required = true,
                  .doc = "the entry as it read, as plain text"},
             },
         .identity = {"entry", "replaced_at", "text"}},
    };
    return types;
}

void Store::export_records(const std::function<void(std::string_view)>& sink) {
    records::export_types(db_, record_types(), sink);
}

// What is special to reflect records on import: tags kept in their stored form, themes and
// prompts named by hand checked against the catalogue, answers and revisions attached to an
// entry that exists.
struct Store::ImportHooks {
    Store& store;
    db::Statement entry_exists, last_position, answered;
    std::set<std::string, std::less<>> entries_seen;
    std::map<std::string, std::int64_t, std::less<>> positions;

    explicit ImportHooks(Store& s)
        : store(s), entry_exists(s.db_.prepare("SELECT 1 FROM reflect_entry WHERE uid = ?")),
          last_position(s.db_.prepare(
              "SELECT coalesce(max(position), 0) FROM reflect_answer WHERE entry = ?")),
          // "+prompt": found through the entry's few answers. Left to itself, SQLite walks
          // every answer to the prompt instead, and a large import slows to a crawl.
          answered(s.db_.prepare("SELECT 1 FROM reflect_answer WHERE entry = ? AND +prompt = ?")) {}

    void known_entry(const records::Incoming& r, const std::string& uid) {
        if (entries_seen.count(uid))
            return;
        entry_exists.bind(1, uid);
        bool found = entry_exists.step();
        entry_exists.reset();
        if (!found)
            throw r.error(fmt::format("entry '{}' is not stored; its \"entry\" record must come "
                                      "first",
                                      text::escape_controls(uid)));
        entries_seen.insert(uid);
    }

    records::Verdict entry(records::Incoming& r) {
        if (auto theme = r.optional_text("theme")) {
            if (!valid_name(*theme, false))
                throw r.error(fmt::format("field 'theme': '{}' is not a theme name",
                                          text::escape_controls(*theme)));
            // An exported entry may come from a theme of another machine's config; one
            // written by hand must name a theme here, so a typo is caught.
            if (r.hand_written && !store.catalog_.theme(*theme)) {
                std::string msg = fmt::format("field 'theme': no theme named '{}'", *theme);
                if (auto guess = text::did_you_mean(*theme, store.catalog_.theme_names()))
                    msg += fmt::format("; did you mean '{}'?", *guess);
                throw r.error(msg);
            }
        }
        if (auto title = r.optional_text("title"); title && text::trim(*title).empty())
            r.set("title", output::Value());
        if (auto body = r.optional_text("text"); body && text::trim(*body).empty())
            r.set("text", output::Value());
        std::vector<std::string> tags;
        try {
            tags = merged_tags(records::parse_strings(r.text("tags")), {});
        } catch (const UsageError& e) {
            throw r.error(fmt::format("field 'tags': {}", e.what()));
        }
        r.set("tags", records::strings_json(tags));
        if (!r.optional_text("title") && !r.optional_text("text") && r.hand_written)
            throw r.error("an entry written by hand needs a 'title' or a 'text' (answers "
                          "name their entry by its uid)");
        entries_seen.insert(*r.uid);
        return records::Verdict::insert;
    }

    records::Verdict answer(records::Incoming& r) {
        std::string entry = r.text("entry"), prompt = r.text("prompt");
        known_entry(r, entry);
        if (!valid_name(prompt, true))
            throw r.error(fmt::format("field 'prompt': '{}' is not a prompt id",
                                      text::escape_controls(prompt)));
        // An entry answers each prompt once (an edit finds the answer by its prompt).
        answered.bind_all(entry, prompt);
        bool twice = answered.step();
        answered.reset();
        if (twice)
            throw r.error(fmt::format("entry '{}' already has an answer to '{}'",
                                      text::escape_controls(entry), prompt));
        if (!r.optional_text("question")) {
            const Prompt* p = store.catalog_.prompt(prompt);
            if (!p) {
                std::string msg =
                    fmt::format("field 'question' is missing, and no prompt here has the id "
                                "'{}' to take it from",
                                prompt);
                if (auto guess = text::did_you_mean(prompt, store.catalog_.prompt_ids()))
                    msg += fmt::format("; did you mean '{}'?", *guess);
                throw r.error(msg);
            }
            r.set("question", p->question);
        }
        auto known = positions.find(entry);
        std::int64_t last = 0;
        if (known != positions.end()) {
            last = known->second;
        } else {
            last_position.bind(1, entry);
            last_position.step();
            last = last_position.integer(0);
            last_position.reset();
        }
        if (auto given = r.optional_integer("position"))
            last = std::max(last, *given);
        else
            r.set("position", ++last);
        positions[entry] = last;
        return records::Verdict::insert;
    }

    records::Verdict revision(records::Incoming& r) {
        known_entry(r, r.text("entry"));
        return records::Verdict::insert;
    }
};

std::vector<records::Plan> Store::import_plans(ImportHooks& hooks) {
    const auto& types = record_types();
    return {
        {&types[0], [&hooks](records::Incoming& r) { return hooks.entry(r); }, {}},
        {&types[1], [&hooks](records::Incoming& r) { return hooks.answer(r); }, {}},
        {&types[2], [&hooks](records::Incoming& r) { return hooks.revision(r); }, {}},
    };
}

std::unique_ptr<Store::ImportHooks, void (*)(Store::ImportHooks*)> Store::make_import_hooks() {
    return {new ImportHooks(*this), [](ImportHooks* hooks) { delete hooks; }};
}

ImportStats Store::import_records(jsonl::Reader& reader) {
    ImportHooks hooks(*this);
    auto counts = records::import_all(db_, reader, import_plans(hooks), "reflect");
    ImportStats stats;
    stats.entries = counts.of("reflect", "entry");
    stats.answers = counts.of("reflect", "answer");
    stats.revisions = counts.of("reflect", "revision");
    stats.skipped = counts.skipped;
    return stats;
}

// ---- the editor's file -------------------------------------------------------------------

namespace {
bool is_note(std::string_view line) {
    return line == "#" || line.starts_with("# ");
}

// "## QUESTION {ID}" -> ID and QUESTION.
std::optional<std::pair<std::string, std::string>> heading_of(std::string_view line) {
    if (!line.starts_with("## "))
        return std::nullopt;
    std::string_view rest = line.substr(3);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t' || rest.back() == '\r'))
        rest.remove_suffix(1);
    if (rest.empty() || rest.back() != '}')
        return std::nullopt;
    auto open = rest.rfind('{');
    if (open == std::string_view::npos)
        return std::nullopt;
    std::string id(rest.substr(open + 1, rest.size() - open - 2));
    if (!valid_name(id, true))
        return std::nullopt;
    return std::pair{id, text::trim(rest.substr(0, open))};
}

std::string trim_lines(const std::vector<std::string>& lines) {
    std::size_t begin = 0, end = lines.size();
    while (begin < end && text::trim(lines[begin]).empty())
        ++begin;
    while (end > begin && text::trim(lines[end - 1]).empty())
        --end;
    std::string out;
    for (std::size_t i = begin; i < end; ++i) {
        if (i > begin)
            out += '\n';
        out += lines[i];
    }
    return out;
}

// Whether a line of the person's text would be read back as something else (a note, a
// heading, a header line, or an escaped line): such a line is written with a '\\' before it,
// which reading takes off again.
bool needs_escape(std::string_view line) {
    if (line.ends_with('\r'))
        line.remove_suffix(1); // reading looks at the line without it
    return is_note(line) || heading_of(line) || line.starts_with("\\") ||
           line.starts_with("tags:") || line.starts_with("title:");
}

std::string escaped(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto nl = text.find('\n', start);
        std::string_view line =
            text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        if (needs_escape(line))
            out += '\\';
        out += line;
        if (nl == std::string_view::npos)
            break;
        out += '\n';
        start = nl + 1;
    }
    return out;
}
} // namespace

std::string editor_template(const std::vector<std::string>& notes, const Entry& entry,
                            const std::vector<const Prompt*>& prompts) {
    std::string out;
    for (const auto& n : notes)
        out += n.empty() ? "#\n" : "# " + n + "\n";
    out += "tags:";
    for (const auto& t : entry.tags)
        out += " " + t;
    out += "\n";
    if (entry.title)
        out += "title: " + *entry.title + "\n";
    out += "\n";
    if (entry.text)
        out += escaped(*entry.text) + "\n\n";
    std::set<std::string> shown;
    auto heading = [&](const std::string& question, const std::string& id) {
        out += fmt::format("## {} {{{}}}\n", question, id);
    };
    for (const auto& a : entry.answers) {
        heading(a.question, a.prompt);
        out += "\n" + escaped(a.text) + "\n\n";
        shown.insert(a.prompt);
    }
    for (const auto* p : prompts) {
        if (shown.count(p->id))
            continue;
        heading(p->question, p->id);
        if (!p->hint.empty())
            out += "# " + p->hint + "\n";
        out += "\n";
    }
    return out;
}

NewEntry parse_template(std::string_view text_in, const Catalog& catalog,
                        const std::vector<Answer>& known, std::string_view name) {
    NewEntry e;
    std::vector<std::string> lines;
    {
        std::string t(text_in);
        std::size_t start = 0;
        while (start <= t.size()) {
            auto nl = t.find('\n', start);
            // Lines keep a carriage return the person's text had; only the template's own
            // structure (notes, headings, header lines) is read without it.
            lines.push_back(t.substr(start, nl == std::string::npos ? nl : nl - start));
            if (nl == std::string::npos)
                break;
            start = nl + 1;
        }
    }
    bool header = true;
    std::vector<std::string> body;
    std::optional<Answer> current;
    auto close = [&] {
        std::string joined = trim_lines(body);
        if (current) {
            current->text = joined;
            e.answers.push_back(*current);
        } else if (!joined.empty()) {
            e.text = joined;
        }
        body.clear();
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& raw = lines[i];
        std::string line = raw.ends_with('\r') ? raw.substr(0, raw.size() - 1) : raw;
        if (raw.starts_with("\\")) { // the person's own text, escaped when written
            header = false;
            body.push_back(raw.substr(1));
            continue;
        }
        if (is_note(line))
            continue;
        if (header) {
            if (line.starts_with("tags:")) {
                std::istringstream words(line.substr(5));
                for (std::string w; words >> w;) {
                    try {
                        e.tags.push_back(normal_tag(w));
                    } catch (const UsageError& err) {
                        throw DataError(fmt::format("{}:{}: {}", name, i + 1, err.what()));
                    }
                }
                continue;
            }
            if (line.starts_with("title:")) {
                e.title = text::trim(line.substr(6));
                continue;
            }
            if (text::trim(line).empty())
                continue;
            header = false;
        }
        if (auto h = heading_of(line)) {
            close();
            Answer a;
            a.prompt = h->first;
            if (const Prompt* p = catalog.prompt(a.prompt)) {
                a.question = p->question;
            } else {
                auto old = std::find_if(known.begin(), known.end(),
                                        [&](const Answer& k) { return k.prompt == a.prompt; });
                if (old == known.end()) {
                    std::string msg =
                        fmt::format("{}:{}: no prompt with the id '{}'", name, i + 1, a.prompt);
                    if (auto guess = text::did_you_mean(a.prompt, catalog.prompt_ids()))
                        msg += fmt::format("; did you mean '{}'?", *guess);
                    throw DataError(msg);
                }
                a.question = old->question;
            }
            for (const auto& done : e.answers)
                if (done.prompt == a.prompt)
                    throw DataError(
                        fmt::format("{}:{}: the prompt '{}' appears twice", name, i + 1, a.prompt));
            current = a;
            header = false;
            continue;
        }
        header = false;
        body.push_back(raw);
    }
    close();
    if (e.title && e.title->empty())
        e.title.reset();
    return e;
}

std::string plain_text(const Entry& entry) {
    std::string out;
    if (!entry.tags.empty()) {
        out += "tags:";
        for (const auto& t : entry.tags)
            out += " " + t;
        out += "\n";
    }
    if (entry.title)
        out += "title: " + *entry.title + "\n";
    if (!out.empty())
        out += "\n";
    if (entry.text)
        out += *entry.text + "\n\n";
    for (const auto& a : entry.answers)
        out += fmt::format("## {} {{{}}}\n\n{}\n\n", a.question, a.prompt, a.text);
    while (out.size() > 1 && out.ends_with("\n\n"))
        out.pop_back();
    return out;
}

// ---- jrnl --------------------------------------------------------------------------------

namespace {
bool digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s) {
    int n = 0;
    for (char c : s)
        n = n * 10 + (c - '0');
    return n;
}

// Whether `line` starts like an entry line: "[" and four digits and "-".
// Whether `line` starts like an entry line, "[YYYY-MM-DD ": a body line such as
// "[2019-2020] was our year" is only text.
bool looks_like_entry(std::string_view line) {
    return line.size() >= 12 && line[0] == '[' && digits(line.substr(1, 4)) && line[5] == '-' &&
           digits(line.substr(6, 2)) && line[8] == '-' && digits(line.substr(9, 2)) &&
           line[11] == ' ';
}

// The title is the text up to the first sentence end (. ! ? followed by a space or the end)
// or the line end; the rest of the line starts the body.
std::pair<std::string, std::string> split_title(std::string_view first) {
    for (std::size_t i = 0; i < first.size(); ++i) {
        char c = first[i];
        if ((c == '.' || c == '!' || c == '?') &&
            (i + 1 == first.size() || first[i + 1] == ' ' || first[i + 1] == '\t')) {
            std::size_t end = i + 1;
            while (end < first.size() &&
                   (first[end] == '.' || first[end] == '!' || first[end] == '?'))
                ++end;
            return {text::trim(first.substr(0, end)), text::trim(first.substr(end))};
        }
    }
    return {text::trim(first), {}};
}
} // namespace

std::vector<JrnlEntry> parse_jrnl(std::istream& in, std::string_view name) {
    std::vector<JrnlEntry> out;
    std::vector<std::string> body;
    std::string line;
    int number_of_line = 0;
    auto finish = [&] {
        if (out.empty())
            return;
        JrnlEntry& e = out.back();
        std::string rest = trim_lines(body);
        if (!e.body.empty() && !rest.empty())
            e.body += "\n" + rest;
        else if (!rest.empty())
            e.body = rest;
        for (const auto& tag : marked_words(e.title + "\n" + e.body, '@'))
            e.tags.push_back(tag);
        body.clear();
    };
    while (std::getline(in, line)) {
        ++number_of_line;
        if (number_of_line == 1 && line.starts_with("\xEF\xBB\xBF"))
            line.erase(0, 3);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        auto where = [&] { return fmt::format("{}:{}", name, number_of_line); };
        if (line.find('\0') != std::string::npos)
            throw DataError(fmt::format("{}: the line holds a NUL character", where()));
        if (auto bad = text::find_invalid_utf8(line))
            throw DataError(
                fmt::format("{}: the line is not valid UTF-8 (byte {})", where(), bad->offset + 1));
        if (!looks_like_entry(line)) {
            if (out.empty() && !text::trim(line).empty())
                throw DataError(fmt::format("{}: expected an entry line like "
                                            "'[2026-11-20 21:30] Title', found '{}'",
                                            where(), text::escape_controls(first_line(line, 40))));
            body.push_back(line);
            continue;
        }
        // [YYYY-MM-DD HH:MM(:SS)?( AM| PM)?] Title
        auto close = line.find(']');
        std::string_view stamp = close == std::string::npos
                                     ? std::string_view()
                                     : std::string_view(line).substr(1, close - 1);
        auto bad_stamp = [&] {
            return DataError(fmt::format("{}: '{}' is not a jrnl time like '[2026-11-20 21:30]'",
                                         where(), text::escape_controls(first_line(line, 40))));
        };
        if (stamp.size() < 16 || stamp[4] != '-' || stamp[7] != '-' || stamp[10] != ' ' ||
            stamp[13] != ':')
            throw bad_stamp();
        std::string_view y = stamp.substr(0, 4), mo = stamp.substr(5, 2), d = stamp.substr(8, 2),
                         h = stamp.substr(11, 2), mi = stamp.substr(14, 2);
        std::string_view tail = stamp.substr(16);
        if (!digits(y) || !digits(mo) || !digits(d) || !digits(h) || !digits(mi))
            throw bad_stamp();
        if (tail.size() >= 3 && tail[0] == ':' && digits(tail.substr(1, 2))) {
            if (number(tail.substr(1, 2)) > 59)
                throw bad_stamp();
            tail.remove_prefix(3); // seconds: jrnl keeps minutes only
        }
        int hour = number(h);
        if (tail == " AM" || tail == " am" || tail == " PM" || tail == " pm") {
            if (hour < 1 || hour > 12)
                throw bad_stamp();
            hour = hour % 12 + (tail[1] == 'P' || tail[1] == 'p' ? 12 : 0);
        } else if (!tail.empty()) {
            throw bad_stamp();
        }
        dates::Day day{number(y), number(mo), number(d)};
        if (day.year < 1 || hour > 23 || number(mi) > 59 ||
            dates::format_day(dates::add_days(day, 0)) != fmt::format("{}-{}-{}", y, mo, d))
            throw bad_stamp();
        finish();
        JrnlEntry e;
        e.line = number_of_line;
        e.at = dates::local_time(day, hour, number(mi));
        if (e.at < dates::earliest_stored || e.at > dates::latest)
            throw DataError(fmt::format("{}: '{}' falls outside the years 0001 to 9999 in UTC",
                                        where(), text::escape_controls(first_line(line, 40))));
        // What the journal says, not the UTC time it makes here: the same file read under
        // another TZ is still the same journal.
        e.stamp = fmt::format("{}-{}-{} {:02}:{}", y, mo, d, hour, mi);
        std::string first = line.substr(close + 1);
        if (!first.empty() && first[0] == ' ')
            first.erase(0, 1);
        std::string trimmed = text::trim(first);
        if (trimmed == "*" || trimmed.ends_with(" *")) {
            e.starred = true;
            trimmed.resize(trimmed.size() - 1);
            first = text::trim(trimmed);
        }
        auto [title, rest] = split_title(first);
        e.title = title;
        e.body = rest;
        out.push_back(std::move(e));
    }
    if (in.bad())
        throw IoError(fmt::format("cannot read '{}'", name));
    finish();
    return out;
}

namespace {
std::string jrnl_uid(const JrnlEntry& e, std::map<std::string, int>& seen) {
    std::vector<std::string> parts{"jrnl", e.stamp, e.title, e.body};
    std::string uid = records::content_uid(parts);
    if (int n = ++seen[uid]; n > 1) {
        parts.push_back(std::to_string(n));
        uid = records::content_uid(parts);
    }
    return uid;
}
} // namespace

ImportStats import_jrnl(Store& store, db::Database& db, const std::vector<JrnlEntry>& entries) {
    // Each entry goes through the record layer with a uid made from what it says, so the
    // same file imported again adds nothing, and the import is all or nothing.
    std::string lines = records::header_line() + "\n";
    int empty = 0;
    std::map<std::string, int> seen; // identical entries in one journal stay apart
    for (const auto& e : entries) {
        // jrnl can hold an entry with nothing in it (a bare "*", say): nothing to keep.
        if (text::trim(e.title).empty() && text::trim(e.body).empty()) {
            ++empty;
            continue;
        }
        std::string at = dates::format_utc(e.at);
        std::optional<std::string> title = nonblank(e.title), body = nonblank(e.body);
        output::Object o{{"type", std::string("entry")},
                         {"tool", std::string("reflect")},
                         {"uid", jrnl_uid(e, seen)},
                         {"title", title ? Value(*title) : Value()},
                         {"text", body ? Value(*body) : Value()},
                         {"at", at},
                         {"starred", e.starred}};
        std::string line = output::to_json(o);
        line.pop_back(); // the tags array is written by hand: Value holds no lists
        line += ",\"tags\":" + records::strings_json(e.tags) + "}\n";
        lines += line;
    }
    std::istringstream in(lines);
    jsonl::Reader reader(in, "jrnl");
    (void)db;
    auto stats = store.import_records(reader);
    stats.empty = empty;
    return stats;
}

// ---- output ------------------------------------------------------------------------------

namespace {
Value optional(const std::optional<std::string>& s) {
    return s ? Value(*s) : Value();
}

std::string local_minute(dates::Instant t) {
    // The local date and time to the minute, for a person reading.
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                       tm.tm_mday, tm.tm_hour, tm.tm_min);
}

std::string joined(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty())
            out += sep;
        out += s;
    }
    return out;
}
} // namespace

output::Table list_table(const std::vector<Summary>& rows, dates::DayStart day_start) {
    output::Table t;
    t.columns = {Column{"id", Shown::always, true},
                 Column{"day", Shown::always, false, output::Fit::keep},
                 Column{"at", Shown::machine_only},
                 Column{"theme", Shown::always, false, output::Fit::keep},
                 Column{"preview"},
                 Column{"answers", Shown::always, true},
                 Column{"tags"},
                 Column{"starred", Shown::machine_only}};
    for (const auto& r : rows)
        t.rows.push_back({r.id, dates::format_day(dates::local_day(r.at, day_start)),
                          dates::format_utc(r.at), optional(r.theme), r.preview, r.answers,
                          joined(r.tags, " "), r.starred});
    return t;
}

output::Table entry_table(const Entry& e, dates::DayStart day_start) {
    output::Table t;
    t.columns = {Column{"id", Shown::always, true},
                 Column{"day"},
                 Column{"at"},
                 Column{"theme"},
                 Column{"tags"},
                 Column{"position", Shown::always, true},
                 Column{"prompt"},
                 Column{"question"},
                 Column{"text"}};
    std::string day = dates::format_day(dates::local_day(e.at, day_start));
    std::string at = dates::format_utc(e.at), tags = joined(e.tags, " ");
    std::int64_t position = 0;
    if (e.title || e.text) {
        std::string free = e.title ? *e.title : "";
        if (e.text)
            free += (free.empty() ? "" : "\n") + *e.text;
        t.rows.push_back(
            {e.id, day, at, optional(e.theme), tags, position, Value(), Value(), free});
    }
    for (const auto& a : e.answers)
        t.rows.push_back(
            {e.id, day, at, optional(e.theme), tags, ++position, a.prompt, a.question, a.text});
    return t;
}

output::Table revisions_table(const Entry& e, dates::DayStart day_start) {
    output::Table t;
    t.columns = {Column{"id", Shown::always, true}, Column{"revision", Shown::always, true},
                 Column{"replaced_on"}, Column{"replaced_at"}, Column{"text"}};
    std::int64_t n = 0;
    for (const auto& r : e.revisions)
        t.rows.push_back({e.id, ++n, dates::format_day(dates::local_day(r.replaced_at, day_start)),
                          dates::format_utc(r.replaced_at), r.text});
    return t;
}

std::string entry_document(const Entry& e, dates::DayStart day_start, bool revisions) {
    (void)day_start;
    auto indent = [](std::string_view s) {
        // Every line four spaces in; an empty line stays empty (no trailing spaces).
        std::string out;
        std::size_t start = 0;
        while (start <= s.size()) {
            auto nl = s.find('\n', start);
            auto line = s.substr(start, nl == std::string_view::npos ? nl : nl - start);
            if (!text::trim(line).empty())
                out += "    " + std::string(line);
            if (nl == std::string_view::npos)
                break;
            out += '\n';
            start = nl + 1;
        }
        return out;
    };
    std::string out = fmt::format("entry {}  {}", e.id, local_minute(e.at));
    if (e.theme)
        out += "  " + *e.theme;
    if (e.starred)
        out += "  *";
    out += "\n";
    if (!e.tags.empty())
        out += "tags: " + joined(e.tags, " ") + "\n";
    if (e.edited_at)
        out += fmt::format("edited {}\n", local_minute(*e.edited_at));
    if (e.title)
        out += "\n" + *e.title + "\n";
    if (e.text)
        out += "\n" + indent(*e.text) + "\n";
    for (const auto& a : e.answers)
        out += "\n" + a.question + "\n" + indent(a.text) + "\n";
    if (revisions) {
        if (e.revisions.empty())
            out += "\n(no earlier versions)\n";
        int n = 0;
        for (const auto& r : e.revisions)
            out += fmt::format("\n--- revision {}, replaced {} ---\n{}\n", ++n,
                               local_minute(r.replaced_at), r.text);
    }
    // What the person stored may hold any character: shown escaped, line by line, so it can
    // never drive the terminal.
    std::string shown;
    std::size_t start = 0;
    while (start < out.size()) {
        auto nl = out.find('\n', start);
        if (nl == std::string::npos)
            nl = out.size();
        shown += text::escape_controls(std::string_view(out).substr(start, nl - start)) + "\n";
        start = nl + 1;
    }
    return shown;
}

output::Table answers_table(const std::vector<PastAnswer>& rows, dates::DayStart day_start) {
    output::Table t;
    t.columns = {Column{"entry", Shown::always, true},
                 Column{"day", Shown::always, false, output::Fit::keep},
                 Column{"at", Shown::machine_only}, Column{"answer"}};
    for (const auto& r : rows)
        t.rows.push_back({r.entry, dates::format_day(dates::local_day(r.at, day_start)),
                          dates::format_utc(r.at), r.text});
    return t;
}

output::Table hits_table(const std::vector<Hit>& hits, dates::DayStart day_start) {
    output::Table t;
    Column snippet{"snippet"};
    snippet.marked = true;
    t.columns = {Column{"id", Shown::always, true},
                 Column{"day", Shown::always, false, output::Fit::keep},
                 Column{"at", Shown::machine_only},
                 Column{"theme", Shown::always, false, output::Fit::keep},
                 snippet,
                 Column{"rank", Shown::machine_only}};
    for (const auto& h : hits)
        t.rows.push_back({h.id, dates::format_day(dates::local_day(h.at, day_start)),
                          dates::format_utc(h.at), optional(h.theme), h.snippet, h.rank});
    return t;
}

output::Table prompts_table(const std::vector<PromptUse>& uses, dates::DayStart day_start) {
    output::Table t;
    t.columns = {Column{"id", Shown::always, false, output::Fit::keep},
                 Column{"theme", Shown::machine_only},
                 Column{"question"},
                 Column{"answered", Shown::always, true},
                 Column{"last_answered", Shown::always, false, output::Fit::keep},
                 Column{"hint", Shown::machine_only},
                 Column{"origin", Shown::machine_only}};
    for (const auto& u : uses) {
        Value last;
        if (u.last)
            last = dates::format_day(dates::local_day(*u.last, day_start));
        t.rows.push_back({u.prompt->id, u.prompt->theme, u.prompt->question, u.answered, last,
                          u.prompt->hint, std::string(u.prompt->shipped ? "shipped" : "config")});
    }
    return t;
}

output::Table stats_table(const Stats& s) {
    output::Table t;
    t.columns = {Column{"group", Shown::always, false, output::Fit::keep},
                 Column{"name", Shown::always, false, output::Fit::keep},
                 Column{"entries", Shown::always, true}, Column{"words", Shown::always, true}};
    auto add = [&](std::string_view group, const Stats::Row& r) {
        t.rows.push_back({std::string(group), r.name, r.entries, r.words});
    };
    add("total", s.total);
    for (const auto& r : s.themes)
        add("theme", r);
    for (const auto& r : s.months)
        add("month", r);
    for (const auto& r : s.tags)
        add("tag", r);
    return t;
}

void export_markdown(Store& store, dates::DayStart day_start,
                     const std::function<void(std::string_view)>& sink) {
    (void)day_start;
    auto rows = store.list(ListQuery{});
    std::reverse(rows.begin(), rows.end());
    std::string out = "# Reflection journal\n";
    for (const auto& r : rows) {
        Entry e = store.get(r.id);
        std::string heading = local_minute(e.at);
        if (e.title)
            heading += " · " + *e.title;
        else if (e.theme)
            heading += " · " + *e.theme;
        out += "\n## " + heading + "\n\n"; // the blank line above closes the section before
        std::vector<std::string> facts;
        if (e.theme)
            facts.push_back("theme: " + *e.theme);
        if (!e.tags.empty()) {
            std::string tags;
            for (const auto& t : e.tags)
                tags += (tags.empty() ? "#" : " #") + t;
            facts.push_back("tags: " + tags);
        }
        if (e.starred)
            facts.push_back("starred");
        if (!facts.empty())
            out += "*" + joined(facts, " · ") + "*\n\n";
        if (e.text)
            out += *e.text + "\n\n";
        for (const auto& a : e.answers)
            out += "### " + a.question + "\n\n" + a.text + "\n\n";
        while (out.ends_with("\n\n"))
            out.pop_back();
        if (out.size() > (1 << 16)) {
            sink(out);
            out.clear();
        }
    }
    sink(out);
}

} // namespace rekindle::reflect
