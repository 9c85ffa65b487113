#pragma once
/// The checklist tool's domain: the guide's key-point lists (shipped), lists from the
/// config, and lists the person makes; ticking items off, kept as history.

#include "rekindle/config.hpp"
#include "rekindle/dates.hpp"
#include "rekindle/db.hpp"
#include "rekindle/jsonl.hpp"
#include "rekindle/output.hpp"
#include "rekindle/records.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rekindle::checklist {

/// Where a list or an item was defined.
enum class Origin { shipped, config, user };
std::string_view origin_name(Origin origin);

struct ItemDef {
    std::string key;    ///< stable identity within its list (history refers to it)
    std::string title;  ///< short title
    std::string detail; ///< one-line explanation
    Origin origin = Origin::user;
    std::string place; ///< `file:line:column` of its definition in TOML, if any
};

struct ListDef {
    std::string name; ///< e.g. "reflection"
    std::string title;
    std::string description;
    Origin origin = Origin::user;
    std::vector<ItemDef> items;
    std::string place; ///< `file:line:column` of its definition in TOML, if any
};

/// The lists defined in TOML: shipped ones, then the config's.
struct Catalog {
    std::vector<ListDef> lists;
    [[nodiscard]] const ListDef* find(std::string_view name) const;
};

/// Reads shipped lists from `checklists.toml` and adds `[checklist.lists.*]` from the
/// config. Throws ConfigError with `path:line:column` for a malformed definition.
Catalog load_catalog(const std::string& shipped_path, const config::Config& config);

/// Throws UsageError unless `name` is 1-40 of a-z, 0-9, '-' and '_', starting with a
/// letter or digit.
void check_list_name(std::string_view name);

struct ItemState {
    int number = 0; ///< 1-based position among the list's items
    ItemDef def;
    bool done = false;
    std::optional<dates::Instant> checked_at; ///< when it was checked, if done
    std::optional<std::string> note;          ///< the note given when checked
};

struct ListState {
    std::string name;
    std::string title;
    std::string description;
    Origin origin = Origin::user;
    std::vector<ItemState> items;
    [[nodiscard]] int done() const;
    [[nodiscard]] int total() const { return static_cast<int>(items.size()); }
};

/// Whole percent done, rounded down so that "100" always means all of it.
int percent(int done, int total);

/// What happened to one item.
enum class Outcome {
    changed,      ///< checked or unchecked as asked
    unchanged,    ///< it was already in the asked state
    note_updated, ///< already checked; the new note was recorded, its day kept
};

/// The result of changing one item.
struct Change {
    std::string title;
    Outcome outcome = Outcome::unchanged;
};

/// One entry of the history.
struct Event {
    std::int64_t id = 0;
    std::string list;
    std::string item;       ///< the item's key
    std::string item_title; ///< its title, or the key when the item is no longer defined
    std::string action;     ///< check, uncheck or reset
    dates::Instant at = 0;
    dates::Instant recorded_at = 0;
    std::optional<std::string> note;
};

struct ImportStats {
    int lists = 0, items = 0, events = 0;
    int skipped = 0; ///< records already present
    /// Lists that exported records named but nothing here defined (a list from another
    /// machine's config): each was made as a list of the person's own.
    std::vector<std::string> made_lists;
};

/// Checklists over one database. Writers run each call as one transaction.
class Store {
  public:
    Store(db::Database& db, Catalog catalog);

    /// Every list in use, shipped first, then config, then the person's own.
    std::vector<ListState> lists();
    /// One list; UsageError (2) naming the closest list when unknown.
    ListState list(std::string_view name);
    /// The item that `spec` names in `list`: its number, its exact title or key, or a
    /// unique prefix of its key, its title or a word of its title (case-insensitive).
    /// UsageError naming the candidates when unknown or ambiguous.
    static const ItemState& resolve(const ListState& list, std::string_view spec);

    /// Checks items (all or none). `at` defaults to now; for an item already checked, a
    /// `note` is recorded and its day kept unless `at` is given. DataError (65) for a note
    /// that is not UTF-8.
    std::vector<Change> check(std::string_view list, const std::vector<std::string>& items,
                              const std::optional<std::string>& note,
                              std::optional<dates::Instant> at);
    std::vector<Change> uncheck(std::string_view list, const std::vector<std::string>& items,
                                std::optional<dates::Instant> at);
    /// Unchecks every done item; returns how many. History keeps the earlier checks.
    int reset(std::string_view list, dates::Instant at);

    /// Makes an empty list; ConflictError (1) when the name is taken, DataError (65) for a
    /// title that is not UTF-8, UsageError for one of several lines.
    void create(std::string_view name, std::string_view title);
    /// Adds an item to any list; returns it with its number.
    ItemState add(std::string_view list, std::string_view title, std::string_view detail);
    /// Removes one of the person's lists (kept in history as removed); returns its item
    /// count. ConflictError for shipped and config lists.
    int remove_list(std::string_view list);
    /// Removes an item the person added; ConflictError for shipped and config items.
    ItemState remove_item(std::string_view list, std::string_view item);

    /// Events, oldest first, for one list or all.
    std::vector<Event> history(const std::optional<std::string>& list);
    /// Events of every list within [since, until], oldest first.
    std::vector<Event> history_between(dates::Instant since, dates::Instant until);

    /// Every stored record as JSON Lines (lists, then items, then events), through the
    /// record layer; `sink` gets the text in large pieces.
    void export_records(const std::function<void(std::string_view)>& sink);
    /// Reads what export_records wrote, all or nothing. Records already present are
    /// skipped, so importing the same file twice changes nothing.
    ImportStats import_records(jsonl::Reader& reader);

    /// Import state for checklist records: what makes them fit this store. Lives as long as
    /// an import that uses import_plans().
    struct ImportHooks;
    /// The record layer's plans for checklist records, for an import of several tools at
    /// once; `hooks` (made with make_import_hooks) must outlive the import.
    std::vector<records::Plan> import_plans(ImportHooks& hooks);
    std::unique_ptr<ImportHooks, void (*)(ImportHooks*)> make_import_hooks();
    /// Lists that exported records named but nothing here defined (a list from another
    /// machine's config): each was made as a list of the person's own.
    static const std::vector<std::string>& lists_made(const ImportHooks& hooks);

  private:
    db::Database& db_;
    Catalog catalog_;
    std::vector<ListDef> definitions();
    ListDef definition(std::string_view name);
    std::vector<Change> set_state(std::string_view list, const std::vector<std::string>& items,
                                  bool done, const std::optional<std::string>& note,
                                  std::optional<dates::Instant> at);
    std::string unique_key(std::string_view list, std::string_view title);
    std::vector<Event> events(const std::optional<std::string>& list,
                              std::optional<std::pair<dates::Instant, dates::Instant>> range);
};

/// The record types checklist keeps, in export order: list, item, event.
const std::vector<records::RecordType>& record_types();

/// `checklist list`: name, title, done, total, percent, origin.
output::Table lists_table(const std::vector<ListState>& lists);
/// `checklist show`: number, title, done, checked_on/checked_at, note, detail.
output::Table items_table(const ListState& list, dates::DayStart day_start);
/// The name of the overall row of `checklist progress`; no list can have it.
inline constexpr std::string_view overall_row = "(all)";
/// `checklist progress`: one row per list and an overall row, with a bar in tables.
output::Table progress_table(const std::vector<ListState>& lists);
/// `checklist history`: when, list, item, action, note.
output::Table history_table(const std::vector<Event>& events, dates::DayStart day_start);

} // namespace rekindle::checklist
