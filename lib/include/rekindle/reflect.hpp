#pragma once
/// The reflect tool's domain: prompts grouped by theme (shipped, and the person's own from
/// the config), entries of answers and free text, their revisions, tags and a full-text
/// index kept in step with them, and the queries over all of it. It never prints.

#include "rekindle/config.hpp"
#include "rekindle/dates.hpp"
#include "rekindle/db.hpp"
#include "rekindle/jsonl.hpp"
#include "rekindle/output.hpp"
#include "rekindle/records.hpp"

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rekindle::reflect {

/// One question to reflect on.
struct Prompt {
    std::string id;    ///< stable: answers refer to it ("my-part.patience")
    std::string theme; ///< the theme it belongs to
    std::string question;
    std::string hint; ///< may be empty
    bool shipped = true;
};

/// A group of prompts on one subject.
struct Theme {
    std::string name; ///< "my-part"
    std::string title;
    std::string description;
    std::vector<Prompt> prompts;
    bool shipped = true;
};

/// The themes and prompts in use: shipped ones, then the config's, minus those turned off.
struct Catalog {
    std::vector<Theme> themes;
    bool editor = false; ///< `[reflect] editor`: sessions open the editor
    [[nodiscard]] const Theme* theme(std::string_view name) const;
    [[nodiscard]] const Prompt* prompt(std::string_view id) const;
    /// The theme named `name`; UsageError (2) with the closest name when there is none.
    const Theme& require_theme(std::string_view name) const;
    /// The prompt `id`; UsageError (2) with the closest id when there is none.
    const Prompt& require_prompt(std::string_view id) const;
    [[nodiscard]] std::vector<std::string> theme_names() const;
    [[nodiscard]] std::vector<std::string> prompt_ids() const;
};

/// The longest tag, in bytes once case-folded.
inline constexpr std::size_t max_tag_bytes = 60;

/// How many matching entries a search ranks at most (the newest ones): ranking reads every
/// candidate, and a word found in nearly every entry would otherwise make search slow.
inline constexpr std::int64_t ranked_at_most = 500;

/// The theme of the incident analysis (`reflect incident`).
inline constexpr std::string_view incident_theme = "incident";

/// Reads the shipped prompts (prompts.toml), adds `[[reflect.themes]]` from the config and
/// leaves out what `[reflect] disabled` names. ConfigError (78) with `path:line:column` for
/// a malformed definition, a duplicate id, or a disabled name that does not exist.
Catalog load_catalog(const std::string& shipped_path, const config::Config& config);

/// Tags written in text as `#word`: lower-cased, without the '#', each once, in order.
std::vector<std::string> hashtags(std::string_view text);
/// A tag as stored: without a leading '#', case-folded. UsageError for one that is empty or
/// holds white space or a comma.
std::string normal_tag(std::string_view tag);

/// One answer to one prompt.
struct Answer {
    std::string prompt;   ///< the prompt's id
    std::string question; ///< the question as it was asked
    std::string text;
};

/// An earlier version of an entry, kept when it was edited.
struct Revision {
    dates::Instant replaced_at = 0;
    std::string text; ///< the entry as it read before (rendered as plain text)
};

/// One journal entry: answers to prompts and/or free text.
struct Entry {
    std::int64_t id = 0;
    std::string uid;
    std::optional<std::string> theme;
    std::optional<std::string> title; ///< a heading (e.g. a jrnl title)
    std::optional<std::string> text;  ///< free text
    std::vector<std::string> tags;
    bool starred = false;
    dates::Instant at = 0;
    dates::Instant recorded_at = 0;
    std::optional<dates::Instant> edited_at;
    std::vector<Answer> answers; ///< in the order asked
    std::vector<Revision> revisions;
    /// Words in the title, free text and answers.
    [[nodiscard]] std::int64_t words() const;
};

/// What a new entry holds.
struct NewEntry {
    std::optional<std::string> theme;
    std::optional<std::string> title;
    std::optional<std::string> text;
    std::vector<std::string> tags; ///< added to the #tags found in the text
    bool starred = false;
    std::optional<dates::Instant> at; ///< default: now
    std::vector<Answer> answers;
};

/// Filters for `list`.
struct ListQuery {
    std::optional<dates::Instant> since; ///< entries at or after
    std::optional<dates::Instant> until; ///< entries at or before
    std::optional<std::string> theme;
    std::optional<std::string> tag;
    std::int64_t limit = 0; ///< 0: no limit
};

/// One row of `list`.
struct Summary {
    std::int64_t id = 0;
    dates::Instant at = 0;
    std::optional<std::string> theme;
    std::string preview; ///< the title, or the start of the first text
    std::int64_t answers = 0;
    std::vector<std::string> tags;
    bool starred = false;
};

/// One answer of `answers PROMPT`.
struct PastAnswer {
    std::int64_t entry = 0;
    dates::Instant at = 0;
    std::string text;
};

/// One hit of `search`.
struct Hit {
    std::int64_t id = 0;
    dates::Instant at = 0;
    std::optional<std::string> theme;
    std::string snippet; ///< with output::mark_open / mark_close around each match
    double rank = 0;     ///< bm25: lower is better
};

/// How often a prompt was answered.
struct PromptUse {
    const Prompt* prompt = nullptr;
    std::int64_t answered = 0;
    std::optional<dates::Instant> last;
};

/// Figures of `stats`.
struct Stats {
    struct Row {
        std::string name;
        std::int64_t entries = 0;
        std::int64_t words = 0;
    };
    Row total;
    std::vector<Row> themes; ///< every theme in the catalogue (touched or not), then others
    std::vector<Row> months; ///< "YYYY-MM", oldest first
    std::vector<Row> tags;
    std::vector<std::string> untouched; ///< themes with no entry yet
};

/// What an import did.
struct ImportStats {
    int entries = 0, answers = 0, revisions = 0;
    int skipped = 0; ///< records already present
    int empty = 0;   ///< jrnl entries with nothing in them, left out
};

/// The journal over one database. Writers run each call as one transaction.
class Store {
  public:
    Store(db::Database& db, Catalog catalog);
    [[nodiscard]] const Catalog& catalog() const { return catalog_; }

    /// Stores a new entry; returns its id. UsageError for an entry with nothing in it, a
    /// prompt or theme that is not in the catalogue, or a bad tag.
    std::int64_t add(const NewEntry& entry);
    /// The entry `id` with its answers and revisions; UsageError when there is none (or it
    /// was removed).
    Entry get(std::int64_t id);
    /// Replaces an entry's tags, title, free text and answers with `edited`, keeping the
    /// earlier version as a revision. Returns false (and changes nothing) when nothing
    /// differs. UsageError when the entry would be left empty; ConflictError (1) when
    /// `read` is given and the entry no longer reads as it did (changed meanwhile).
    bool edit(std::int64_t id, const NewEntry& edited, const Entry* read = nullptr);
    /// Hides an entry (it stays in export); UsageError when there is none.
    void remove(std::int64_t id);

    /// Entries, newest first.
    std::vector<Summary> list(const ListQuery& query);
    /// The question last stored with an answer to `prompt_id` (for a prompt no longer in
    /// the catalogue); empty when there is none.
    std::string question_of(std::string_view prompt_id);
    /// Every answer ever given to `prompt_id`, oldest first.
    std::vector<PastAnswer> answers(std::string_view prompt_id);
    /// Full-text search (FTS5 syntax), best first (bm25); when more than ranked_at_most
    /// entries match, the newest that many are ranked. UsageError for a query FTS5 cannot
    /// read.
    std::vector<Hit> search(std::string_view query, std::int64_t limit);
    /// The prompts of one theme, or all, with how often each was answered.
    std::vector<PromptUse> prompt_uses(const std::optional<std::string>& theme);
    /// The theme with the fewest entries (the incident theme aside); catalogue order breaks
    /// ties.
    const Theme& least_answered_theme();
    Stats stats(dates::DayStart day_start);
    /// Entries (not removed) written within [since, until], oldest first, through the index
    /// on `at`.
    std::vector<Summary> between(dates::Instant since, dates::Instant until);
    /// How many entries (not removed) were written within [since, until].
    std::int64_t count(dates::Instant since, dates::Instant until);
    /// When the newest entry (not removed) was written, if there is one.
    std::optional<dates::Instant> last_at();
    /// The catalogue's themes with no entry yet, the incident analysis aside, in catalogue
    /// order: one probe of the theme index each, never a scan.
    std::vector<std::string> untouched_themes();

    /// Every stored record as JSON Lines (entries, answers, revisions).
    void export_records(const std::function<void(std::string_view)>& sink);
    /// Reads what export_records wrote, all or nothing; records already there are skipped.
    ImportStats import_records(jsonl::Reader& reader);

    /// Import state for reflect records; lives as long as an import that uses import_plans.
    struct ImportHooks;
    std::vector<records::Plan> import_plans(ImportHooks& hooks);
    std::unique_ptr<ImportHooks, void (*)(ImportHooks*)> make_import_hooks();

  private:
    db::Database& db_;
    Catalog catalog_;
    std::optional<std::int64_t> find(std::int64_t id);
    void insert_answers(const std::string& entry_uid, const std::vector<Answer>& answers);
    void load_answers(Entry& entry);
};

/// The record types reflect keeps, in export order: entry, answer, revision.
const std::vector<records::RecordType>& record_types();

// --- the editor's file --------------------------------------------------------------------

/// The text an editor is opened on: notes (lines starting "# "), a `tags:` line, a
/// `title:` line when there is a title, free text, then each prompt as a `## QUESTION {ID}`
/// heading with its answer beneath. `notes` are written at the top as "# " lines.
std::string editor_template(const std::vector<std::string>& notes, const Entry& entry,
                            const std::vector<const Prompt*>& prompts);
/// Reads an edited template back. Lines starting with "# " (or only "#") are notes and are
/// dropped; a heading must name a prompt in `catalog` or in `known` (the entry's earlier
/// answers). DataError naming `name:line` for an unknown prompt id.
NewEntry parse_template(std::string_view text, const Catalog& catalog,
                        const std::vector<Answer>& known, std::string_view name);
/// An entry as plain text, as a revision keeps it.
std::string plain_text(const Entry& entry);

// --- other programs -----------------------------------------------------------------------

/// One entry of a journal kept with jrnl.
struct JrnlEntry {
    int line = 0; ///< where it starts
    dates::Instant at = 0;
    std::string stamp; ///< its local time as written, "YYYY-MM-DD HH:MM" (24-hour)
    std::string title;
    std::string body;
    std::vector<std::string> tags; ///< the @tags, without '@'
    bool starred = false;
};

/// Reads jrnl's plain-text format: entries start `[YYYY-MM-DD HH:MM] Title` (seconds and
/// AM/PM accepted), the title ends at the first sentence end or line end, the body runs to
/// the next entry line, and a first line ending in " *" marks a starred entry. Times are
/// local. DataError naming `name:line` for a line that cannot be read.
std::vector<JrnlEntry> parse_jrnl(std::istream& in, std::string_view name);
/// Stores jrnl entries as free-text entries, all or nothing; the same entry imported twice
/// is stored once, and an entry with nothing in it is left out (counted in `empty`).
ImportStats import_jrnl(Store& store, db::Database& db, const std::vector<JrnlEntry>& entries);

// --- output -------------------------------------------------------------------------------

/// `list`: id, day, at, theme, preview, answers, tags, starred.
output::Table list_table(const std::vector<Summary>& rows, dates::DayStart day_start);
/// `show` in machine formats: one row per piece (free text, each answer).
output::Table entry_table(const Entry& entry, dates::DayStart day_start);
/// `show --revisions` in machine formats.
output::Table revisions_table(const Entry& entry, dates::DayStart day_start);
/// `show` for a person: the entry as a short document.
std::string entry_document(const Entry& entry, dates::DayStart day_start, bool revisions);
/// `answers`: entry, day, at, answer.
output::Table answers_table(const std::vector<PastAnswer>& rows, dates::DayStart day_start);
/// `search`: id, day, theme, snippet (marked), rank.
output::Table hits_table(const std::vector<Hit>& hits, dates::DayStart day_start);
/// `prompts`: id, theme, question, answered, last_answered, hint.
output::Table prompts_table(const std::vector<PromptUse>& uses, dates::DayStart day_start);
/// `stats`: group, name, entries, words.
output::Table stats_table(const Stats& stats);
/// `export --format md`: every entry as a Markdown section, oldest first.
void export_markdown(Store& store, dates::DayStart day_start,
                     const std::function<void(std::string_view)>& sink);

} // namespace rekindle::reflect
