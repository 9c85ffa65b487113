#include "rekindle/checklist.hpp"

#include "rekindle/chart.hpp"
#include "rekindle/error.hpp"
#include "rekindle/records.hpp"
#include "rekindle/text.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

namespace rekindle::checklist {
namespace {

using output::Column;
using output::Shown;
using output::Value;

std::string node_string(const config::Config* cfg, const toml::node& n, std::string_view what,
                        std::string_view file) {
    if (auto s = n.value<std::string>())
        return *s;
    std::string place =
        cfg ? cfg->where(n)
            : fmt::format("{}:{}:{}", file, n.source().begin.line, n.source().begin.column);
    throw ConfigError(fmt::format("{}: {} must be a string", place, what));
}

std::string place_of(const toml::node& n, std::string_view file) {
    return fmt::format("{}:{}:{}",
                       n.source().path ? std::string(*n.source().path) : std::string(file),
                       n.source().begin.line, n.source().begin.column);
}

// Adds `item` to `list`, making its key unique within the list.
void add_item(ListDef& list, ItemDef item) {
    std::string base = item.key.empty() ? text::slugify(item.title) : item.key;
    std::string key = base;
    for (int n = 2; std::any_of(list.items.begin(), list.items.end(),
                                [&](const ItemDef& d) { return d.key == key; });
         ++n)
        key = fmt::format("{}-{}", base, n);
    item.key = key;
    list.items.push_back(std::move(item));
}

ItemDef parse_item(const toml::node& n, Origin origin, std::string_view file) {
    ItemDef item;
    item.origin = origin;
    item.place = place_of(n, file);
    if (auto s = n.value<std::string>()) {
        item.title = *s;
    } else if (const auto* t = n.as_table()) {
        const auto* title = t->get("title");
        if (!title)
            throw ConfigError(fmt::format("{}: an item needs a 'title'", place_of(n, file)));
        item.title = node_string(nullptr, *title, "'title'", file);
        if (const auto* d = t->get("detail"))
            item.detail = node_string(nullptr, *d, "'detail'", file);
        if (const auto* k = t->get("key"))
            item.key = node_string(nullptr, *k, "'key'", file);
    } else {
        throw ConfigError(fmt::format("{}: an item must be a string or a table with a 'title'",
                                      place_of(n, file)));
    }
    if (text::trim(item.title).empty())
        throw ConfigError(fmt::format("{}: an item's title is empty", place_of(n, file)));
    return item;
}

std::optional<int> as_number(std::string_view s) {
    int n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return n;
}

// Whether `prefix` starts `title` or one of its words, so "comm" finds "Your communication".
bool starts_a_word(std::string_view title, std::string_view prefix) {
    for (std::size_t i = 0; i < title.size(); ++i) {
        bool word_start = i == 0 || title[i - 1] == ' ' || title[i - 1] == '-';
        if (word_start && title.substr(i).starts_with(prefix))
            return true;
    }
    return false;
}

// Text the person typed must be UTF-8 (so every export can be read back); titles are one line.
void require_text(std::string_view value, std::string_view what, bool multi_line) {
    if (value.find('\0') != std::string_view::npos)
        throw DataError(fmt::format("{} holds a NUL character", what));
    if (auto bad = text::find_invalid_utf8(value))
        throw DataError(fmt::format("{} is not valid UTF-8 (byte {})", what, bad->offset));
    if (!multi_line && value.find_first_of("\r\n") != std::string_view::npos)
        throw UsageError(fmt::format("{} must be one line", what));
}

std::string quoted_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + fmt::format("'{}'", n);
    return out;
}

} // namespace

std::string_view origin_name(Origin origin) {
    switch (origin) {
    case Origin::shipped:
        return "shipped";
    case Origin::config:
        return "config";
    case Origin::user:
        return "user";
    }
    return "user";
}

const ListDef* Catalog::find(std::string_view name) const {
    for (const auto& l : lists)
        if (l.name == name)
            return &l;
    return nullptr;
}

void check_list_name(std::string_view name) {
    bool ok = !name.empty() && name.size() <= 40;
    for (std::size_t i = 0; ok && i < name.size(); ++i) {
        char c = name[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        ok = alnum || (i > 0 && (c == '-' || c == '_'));
    }
    if (!ok)
        throw UsageError(fmt::format("list name '{}' must be 1 to 40 lowercase letters, digits, "
                                     "'-' or '_', starting with a letter or digit",
                                     text::escape_controls(name)));
}

Catalog load_catalog(const std::string& shipped_path, const config::Config& config) {
    Catalog catalog;
    if (std::error_code ec; !std::filesystem::is_regular_file(shipped_path, ec))
        throw ConfigError(fmt::format("rekindle's shipped lists are missing: '{}' does not exist "
                                      "(reinstall, or set REKINDLE_SHARE_DIR)",
                                      shipped_path));
    auto shipped = config::parse_file(shipped_path);
    const auto* lists = shipped.get_as<toml::array>("lists");
    if (!lists)
        throw ConfigError(fmt::format("{}: no [[lists]] found", shipped_path));
    for (const auto& n : *lists) {
        const auto* t = n.as_table();
        if (!t || !t->get("name") || !t->get("title"))
            throw ConfigError(fmt::format("{}: each [[lists]] needs a name and a title",
                                          place_of(n, shipped_path)));
        ListDef list;
        list.origin = Origin::shipped;
        list.name = node_string(nullptr, *t->get("name"), "'name'", shipped_path);
        list.title = node_string(nullptr, *t->get("title"), "'title'", shipped_path);
        if (const auto* d = t->get("description"))
            list.description = node_string(nullptr, *d, "'description'", shipped_path);
        if (const auto* items = t->get_as<toml::array>("items"))
            for (const auto& item : *items)
                add_item(list, parse_item(item, Origin::shipped, shipped_path));
        catalog.lists.push_back(std::move(list));
    }

    const toml::node* configured = config.node("checklist.lists");
    if (!configured)
        return catalog;
    const std::string& file = config.user_path();
    const auto* table = configured->as_table();
    if (!table)
        throw ConfigError(fmt::format("{}: 'checklist.lists' must be a table of lists, like "
                                      "[checklist.lists.mornings]",
                                      config.where(*configured)));
    for (const auto& [key, value] : *table) {
        std::string name(key.str());
        // Tables made by a [header] carry no source of their own; their key does.
        std::string at =
            fmt::format("{}:{}:{}", file, key.source().begin.line, key.source().begin.column);
        try {
            check_list_name(name);
        } catch (const UsageError& e) {
            throw ConfigError(fmt::format("{}: {}", at, e.what()));
        }
        if (catalog.find(name))
            throw ConfigError(fmt::format("{}: list '{}' is shipped with rekindle; give yours "
                                          "another name",
                                          at, name));
        const auto* t = value.as_table();
        if (!t)
            throw ConfigError(
                fmt::format("{}: list '{}' must be a table with 'title' and 'items'", at, name));
        ListDef list;
        list.origin = Origin::config;
        list.place = at;
        list.name = name;
        list.title = name;
        if (const auto* title = t->get("title"))
            list.title = node_string(&config, *title, "'title'", file);
        if (const auto* d = t->get("description"))
            list.description = node_string(&config, *d, "'description'", file);
        if (const auto* items = t->get("items")) {
            const auto* arr = items->as_array();
            if (!arr)
                throw ConfigError(
                    fmt::format("{}: 'items' must be an array", config.where(*items)));
            for (const auto& item : *arr)
                add_item(list, parse_item(item, Origin::config, file));
        }
        catalog.lists.push_back(std::move(list));
    }
    return catalog;
}

int ListState::done() const {
    return static_cast<int>(
        std::count_if(items.begin(), items.end(), [](const auto& i) { return i.done; }));
}

int percent(int done, int total) {
    // In 64 bits: done * 100 overflows an int past 21 million items.
    return total > 0 ? static_cast<int>(std::int64_t{done} * 100 / total) : 0;
}

Store::Store(db::Database& db, Catalog catalog) : db_(db), catalog_(std::move(catalog)) {}

std::vector<ListDef> Store::definitions() {
    std::vector<ListDef> all = catalog_.lists;
    auto lists =
        db_.prepare("SELECT name, title FROM checklist_list WHERE removed_at IS NULL ORDER BY id");
    while (lists.step()) {
        if (const auto* clash = catalog_.find(lists.text(0)))
            throw ConfigError(fmt::format("{}: your config defines a list '{}', but you also "
                                          "made one with that name; rename the one in the config",
                                          clash->place, clash->name));
        ListDef def;
        def.name = lists.text(0);
        def.title = lists.text(1);
        def.origin = Origin::user;
        all.push_back(std::move(def));
    }
    auto items = db_.prepare("SELECT list, key, title, detail FROM checklist_item "
                             "WHERE removed_at IS NULL ORDER BY id");
    while (items.step()) {
        auto name = items.text(0);
        auto it =
            std::find_if(all.begin(), all.end(), [&](const ListDef& l) { return l.name == name; });
        if (it == all.end())
            continue; // an item of a list that is gone (e.g. taken out of the config)
        std::string key = items.text(1);
        auto clash = std::find_if(it->items.begin(), it->items.end(),
                                  [&](const ItemDef& d) { return d.key == key; });
        if (clash != it->items.end())
            throw ConfigError(fmt::format("{}: an item of list '{}' in your config has the key "
                                          "'{}', which an item you added already uses; give it "
                                          "another key",
                                          clash->place, name, key));
        it->items.push_back(ItemDef{key, items.text(2), items.text(3), Origin::user, ""});
    }
    return all;
}

ListDef Store::definition(std::string_view name) {
    auto all = definitions();
    for (auto& l : all)
        if (l.name == name)
            return std::move(l);
    std::vector<std::string> names;
    for (const auto& l : all)
        names.push_back(l.name);
    std::string msg = fmt::format("no list named '{}'", text::escape_controls(name));
    if (auto guess = text::did_you_mean(name, names))
        msg += fmt::format("; did you mean '{}'?", *guess);
    else
        msg += fmt::format("; the lists are {}", quoted_names(names));
    throw UsageError(msg);
}

namespace {
struct Latest {
    std::string action;
    dates::Instant at = 0;
    std::optional<std::string> note;
};

// Points an item's state at its newest event; inside the transaction that recorded it.
constexpr const char* follow_event_sql =
    "INSERT INTO checklist_state (list, item, event) VALUES (?, ?, ?) "
    "ON CONFLICT (list, item) DO UPDATE SET event = excluded.event "
    "WHERE excluded.event > checklist_state.event";

std::map<std::pair<std::string, std::string>, Latest> latest_events(db::Database& db) {
    std::map<std::pair<std::string, std::string>, Latest> latest;
    // An item's state is the last action the person recorded; --date only says when it
    // happened. So "unchecked: X" is always true of X afterwards, however it was dated.
    // checklist_state points at each item's latest event: one row per item, however long
    // the history.
    auto q = db.prepare("SELECT e.list, e.item, e.action, e.at, e.note FROM checklist_state s "
                        "JOIN checklist_event e ON e.id = s.event");
    while (q.step())
        latest[{q.text(0), q.text(1)}] =
            Latest{q.text(2), dates::parse_utc(q.text(3)), q.optional_text(4)};
    return latest;
}

ListState state_of(const ListDef& def,
                   const std::map<std::pair<std::string, std::string>, Latest>& latest) {
    ListState state{def.name, def.title, def.description, def.origin, {}};
    int number = 0;
    for (const auto& item : def.items) {
        ItemState s;
        s.number = ++number;
        s.def = item;
        if (auto it = latest.find({def.name, item.key});
            it != latest.end() && it->second.action == "check") {
            s.done = true;
            s.checked_at = it->second.at;
            s.note = it->second.note;
        }
        state.items.push_back(std::move(s));
    }
    return state;
}
} // namespace

std::vector<ListState> Store::lists() {
    auto latest = latest_events(db_);
    std::vector<ListState> out;
    for (const auto& def : definitions())
        out.push_back(state_of(def, latest));
    return out;
}

ListState Store::list(std::string_view name) {
    return state_of(definition(name), latest_events(db_));
}

const ItemState& Store::resolve(const ListState& list, std::string_view spec) {
    if (auto n = as_number(spec)) {
        if (*n >= 1 && *n <= list.total())
            return list.items[static_cast<std::size_t>(*n - 1)];
        throw UsageError(fmt::format("'{}' has items 1 to {}; there is no item {}", list.name,
                                     list.total(), *n));
    }
    std::string wanted = text::fold_case(spec);
    std::vector<const ItemState*> matches;
    for (const auto& item : list.items) {
        std::string title = text::fold_case(item.def.title);
        if (title == wanted || item.def.key == spec)
            return item;
        if (!wanted.empty() && starts_a_word(title, wanted))
            matches.push_back(&item);
        else if (!wanted.empty() && item.def.key.starts_with(wanted))
            matches.push_back(&item);
    }
    if (matches.size() == 1)
        return *matches.front();
    std::string shown = text::escape_controls(spec);
    if (matches.empty()) {
        std::vector<std::string> titles;
        for (const auto& item : list.items)
            titles.push_back(fmt::format("{} {}", item.number, item.def.title));
        std::string msg = fmt::format("no item '{}' in '{}'", shown, list.name);
        if (titles.empty())
            msg += "; the list has no items yet";
        else
            msg += fmt::format("; its items are: {}", fmt::join(titles, "; "));
        throw UsageError(msg);
    }
    std::vector<std::string> candidates;
    for (const auto* m : matches)
        candidates.push_back(fmt::format("{} '{}'", m->number, m->def.title));
    throw UsageError(fmt::format("item '{}' is ambiguous in '{}': it could be {}", shown, list.name,
                                 fmt::join(candidates, ", ")));
}

std::vector<Change> Store::set_state(std::string_view name, const std::vector<std::string>& specs,
                                     bool done, const std::optional<std::string>& note,
                                     std::optional<dates::Instant> at) {
    if (note)
        require_text(*note, "the note", true);
    db::Transaction tx(db_);
    ListState list = this->list(name);
    // Resolve every item first, so one bad item leaves the others unchanged too.
    std::vector<const ItemState*> targets;
    for (const auto& spec : specs)
        targets.push_back(&resolve(list, spec));
    auto insert = db_.prepare("INSERT INTO checklist_event (uid, list, item, action, at, "
                              "recorded_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
    auto follow = db_.prepare(follow_event_sql);
    dates::Instant now = dates::now();
    std::vector<Change> changes;
    std::set<std::string> seen;
    for (const auto* item : targets) {
        if (!seen.insert(item->def.key).second)
            continue;
        Change change{item->def.title, Outcome::unchanged};
        dates::Instant when = at.value_or(now);
        if (item->done != done) {
            change.outcome = Outcome::changed;
        } else if (done && note) {
            // A note for something already done: keep the day it was done unless told.
            change.outcome = Outcome::note_updated;
            when = at.value_or(item->checked_at.value_or(now));
        }
        changes.push_back(change);
        if (change.outcome == Outcome::unchanged)
            continue;
        insert
            .bind_all(db::new_uid(), list.name, item->def.key, done ? "check" : "uncheck",
                      dates::format_utc(when), dates::format_utc(now), note)
            .run();
        follow.bind_all(list.name, item->def.key, db_.last_insert_rowid()).run();
    }
    tx.commit();
    return changes;
}

std::vector<Change> Store::check(std::string_view list, const std::vector<std::string>& items,
                                 const std::optional<std::string>& note,
                                 std::optional<dates::Instant> at) {
    return set_state(list, items, true, note, at);
}

std::vector<Change> Store::uncheck(std::string_view list, const std::vector<std::string>& items,
                                   std::optional<dates::Instant> at) {
    return set_state(list, items, false, std::nullopt, at);
}

int Store::reset(std::string_view name, dates::Instant at) {
    db::Transaction tx(db_);
    ListState list = this->list(name);
    auto insert = db_.prepare("INSERT INTO checklist_event (uid, list, item, action, at, "
                              "recorded_at) VALUES (?, ?, ?, 'reset', ?, ?)");
    auto follow = db_.prepare(follow_event_sql);
    std::string recorded = dates::format_utc(dates::now());
    int count = 0;
    for (const auto& item : list.items) {
        if (!item.done)
            continue;
        insert.bind_all(db::new_uid(), list.name, item.def.key, dates::format_utc(at), recorded)
            .run();
        follow.bind_all(list.name, item.def.key, db_.last_insert_rowid()).run();
        ++count;
    }
    tx.commit();
    return count;
}

void Store::create(std::string_view name, std::string_view title) {
    check_list_name(name);
    require_text(title, "the title", false);
    db::Transaction tx(db_);
    for (const auto& def : definitions())
        if (def.name == name)
            throw ConflictError(fmt::format("a list named '{}' already exists ({})", name,
                                            origin_name(def.origin)));
    db_.prepare("INSERT INTO checklist_list (uid, name, title, created_at) VALUES (?, ?, ?, ?)")
        .bind_all(db::new_uid(), name, title.empty() ? name : title,
                  dates::format_utc(dates::now()))
        .run();
    tx.commit();
}

std::string Store::unique_key(std::string_view list, std::string_view title) {
    std::set<std::string> taken;
    if (const auto* def = catalog_.find(list))
        for (const auto& item : def->items)
            taken.insert(item.key);
    auto q = db_.prepare("SELECT key FROM checklist_item WHERE list = ?");
    q.bind(1, list);
    while (q.step())
        taken.insert(q.text(0));
    // Keys of history whose item is gone stay reserved, so old checks never attach here.
    auto h = db_.prepare("SELECT item FROM checklist_state WHERE list = ?");
    h.bind(1, list);
    while (h.step())
        taken.insert(h.text(0));
    std::string base = text::slugify(title), key = base;
    for (int n = 2; taken.count(key); ++n)
        key = fmt::format("{}-{}", base, n);
    return key;
}

ItemState Store::add(std::string_view name, std::string_view title, std::string_view detail) {
    require_text(title, "the item text", false);
    require_text(detail, "the detail", false);
    std::string clean = text::trim(title);
    if (clean.empty())
        throw UsageError("an item needs a title");
    db::Transaction tx(db_);
    ListDef def = definition(name);
    std::string key = unique_key(def.name, clean);
    db_.prepare("INSERT INTO checklist_item (uid, list, key, title, detail, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(db::new_uid(), def.name, key, clean, text::trim(detail),
                  dates::format_utc(dates::now()))
        .run();
    tx.commit();
    ItemState s;
    s.number = static_cast<int>(def.items.size()) + 1;
    s.def = ItemDef{key, clean, text::trim(detail), Origin::user, ""};
    return s;
}

int Store::remove_list(std::string_view name) {
    db::Transaction tx(db_);
    ListDef def = definition(name);
    if (def.origin == Origin::shipped)
        throw ConflictError(fmt::format("'{}' is shipped with rekindle and cannot be removed; "
                                        "'rekindle checklist reset {}' unchecks it",
                                        def.name, def.name));
    if (def.origin == Origin::config)
        throw ConflictError(
            fmt::format("'{}' is defined in your config file; remove it there", def.name));
    std::string now = dates::format_utc(dates::now());
    db_.prepare("UPDATE checklist_item SET removed_at = ? WHERE list = ? AND removed_at IS NULL")
        .bind_all(now, def.name)
        .run();
    db_.prepare("UPDATE checklist_list SET removed_at = ? WHERE name = ? AND removed_at IS NULL")
        .bind_all(now, def.name)
        .run();
    tx.commit();
    return static_cast<int>(def.items.size());
}

ItemState Store::remove_item(std::string_view name, std::string_view spec) {
    db::Transaction tx(db_);
    ListState list = this->list(name);
    ItemState item = resolve(list, spec);
    if (item.def.origin != Origin::user)
        throw ConflictError(fmt::format("'{}' is a {} item of '{}' and cannot be removed; "
                                        "uncheck it instead",
                                        item.def.title, origin_name(item.def.origin), list.name));
    db_.prepare("UPDATE checklist_item SET removed_at = ? WHERE list = ? AND key = ? "
                "AND removed_at IS NULL")
        .bind_all(dates::format_utc(dates::now()), list.name, item.def.key)
        .run();
    tx.commit();
    return item;
}

std::vector<Event> Store::history(const std::optional<std::string>& name) {
    return events(name, std::nullopt);
}

std::vector<Event> Store::history_between(dates::Instant since, dates::Instant until) {
    return events(std::nullopt, std::pair{since, until});
}

std::vector<Event> Store::events(const std::optional<std::string>& name,
                                 std::optional<std::pair<dates::Instant, dates::Instant>> range) {
    std::map<std::pair<std::string, std::string>, std::string> titles;
    for (const auto& def : catalog_.lists)
        for (const auto& item : def.items)
            titles[{def.name, item.key}] = item.title;
    auto items = db_.prepare("SELECT list, key, title FROM checklist_item");
    while (items.step())
        titles[{items.text(0), items.text(1)}] = items.text(2);
    if (name) {
        // A removed list keeps its history; only a name never used is an error.
        auto used = db_.prepare("SELECT 1 FROM checklist_list WHERE name = ?1 UNION ALL "
                                "SELECT 1 FROM checklist_event WHERE list = ?1 LIMIT 1");
        used.bind(1, *name);
        if (!catalog_.find(*name) && !used.step())
            definition(*name);
    }
    auto q =
        db_.prepare("SELECT id, list, item, action, at, recorded_at, note FROM checklist_event "
                    "WHERE (?1 IS NULL OR list = ?1) AND at >= coalesce(?2, '') AND "
                    "at <= coalesce(?3, '~') ORDER BY id");
    q.bind(1, name);
    q.bind(2, range ? std::optional(dates::format_utc_bound(range->first)) : std::nullopt);
    q.bind(3, range ? std::optional(dates::format_utc_bound(range->second)) : std::nullopt);
    std::vector<Event> events;
    while (q.step()) {
        Event e{q.integer(0),
                q.text(1),
                q.text(2),
                "",
                q.text(3),
                dates::parse_utc(q.text(4)),
                dates::parse_utc(q.text(5)),
                q.optional_text(6)};
        auto it = titles.find({e.list, e.item});
        e.item_title = it != titles.end() ? it->second : e.item;
        events.push_back(std::move(e));
    }
    return events;
}

const std::vector<records::RecordType>& record_types() {
    using records::Default;
    using records::Kind;
    static const std::vector<records::RecordType> types{
        {.tool = "checklist",
         .name = "list",
         .table = "checklist_list",
         .doc = "A list the person made with new (shipped and config lists live in TOML).",
         .fields =
             {
                 {.name = "name",
                  .required = true,
                  .doc = "its name: 1 to 40 of a\\-z, 0\\-9, \\- and _"},
                 {.name = "title",
                  .fallback = Default::field("name"),
                  .doc = "its longer title; the name when left out",
                  .non_empty = true},
                 {.name = "created_at",
                  .kind = Kind::utc_time,
                  .fallback = Default::now(),
                  .doc = "when it was made; the time of the import when left out"},
                 {.name = "removed_at",
                  .kind = Kind::utc_time,
                  .doc = "when it was removed, or null while it is in use"},
             },
         .identity = {"name", "title", "created_at", "removed_at"}},
        {.tool = "checklist",
         .name = "item",
         .table = "checklist_item",
         .doc = "An item the person added, to a list of their own or to a shipped or config list.",
         .fields =
             {
                 {.name = "list",
                  .required = true,
                  .doc = "the name of its list",
                  .non_empty = true,
                  .references = "a checklist list"},
                 {.name = "key",
                  .doc = "its name within the list; when left out, made from the title as add "
                         "makes it",
                  .non_empty = true},
                 {.name = "title", .required = true, .doc = "its title", .non_empty = true},
                 {.name = "detail",
                  .fallback = Default::text(""),
                  .doc = "a one\\-line explanation; empty when left out"},
                 {.name = "created_at",
                  .kind = Kind::utc_time,
                  .fallback = Default::now(),
                  .doc = "when it was added; the time of the import when left out"},
                 {.name = "removed_at",
                  .kind = Kind::utc_time,
                  .doc = "when it was removed, or null while it is in use"},
             },
         .identity = {}},
        {.tool = "checklist",
         .name = "event",
         .table = "checklist_event",
         .doc = "One check, uncheck or reset of an item, kept as history.",
         .fields =
             {
                 {.name = "list",
                  .required = true,
                  .doc = "the list's name",
                  .non_empty = true,
                  .references = "a checklist list"},
                 {.name = "item",
                  .required = true,
                  .doc = "the item's key",
                  .non_empty = true,
                  .references = "an item of that list"},
                 {.name = "action",
                  .kind = Kind::choice,
                  .required = true,
                  .doc = "check, uncheck or reset",
                  .choices = {"check", "uncheck", "reset"}},
                 {.name = "at",
                  .kind = Kind::utc_time,
                  .fallback = Default::now(),
                  .doc = "when it happened; the time of the import when left out"},
                 {.name = "recorded_at",
                  .kind = Kind::utc_time,
                  .fallback = Default::field("at"),
                  .doc = "when it was recorded; the same as at when left out"},
                 {.name = "note",
                  .kind = Kind::text,
                  .doc = "the note given with a check, or null"},
             },
         .identity = {"list", "item", "action", "at", "note"}},
    };
    return types;
}

void Store::export_records(const std::function<void(std::string_view)>& sink) {
    records::export_types(db_, record_types(), sink);
}

// What is special to checklist records on import: lists named by another machine's config,
// catalogue names, and item keys made as `add` makes them.
struct Store::ImportHooks {
    Store& store;
    db::Statement active_list, any_list, item_key, same_item, same_title, key_in_history, any_event,
        same_event, drop_made_list, same_removed_list, same_removed_item, insert_list;
    std::string now = dates::format_utc(dates::now());
    std::set<std::string, std::less<>> lists_seen; // spares a query for every event
    std::vector<std::string> made_lists;
    std::optional<bool> events_before; // whether any event was stored before this import
    bool exported_events = false;      // whether this import has brought events with uids

    explicit ImportHooks(Store& s)
        : store(s), active_list(s.db_.prepare(
                        "SELECT 1 FROM checklist_list WHERE name = ? AND removed_at IS NULL")),
          any_list(s.db_.prepare("SELECT 1 FROM checklist_list WHERE name = ?")),
          item_key(s.db_.prepare("SELECT 1 FROM checklist_item WHERE list = ? AND key = ?")),
          same_item(s.db_.prepare(
              "SELECT 1 FROM checklist_item WHERE list = ? AND key = ? AND title = ?")),
          same_title(s.db_.prepare("SELECT 1 FROM checklist_item WHERE list = ? AND title = ? "
                                   "AND removed_at IS NULL")),
          key_in_history(
              s.db_.prepare("SELECT 1 FROM checklist_state WHERE list = ? AND item = ?")),
          any_event(s.db_.prepare("SELECT 1 FROM checklist_event LIMIT 1")),
          same_event(s.db_.prepare("SELECT 1 FROM checklist_event WHERE list = ? AND item = ? "
                                   "AND at = ? AND action = ? AND note IS ?")),
          drop_made_list(
              s.db_.prepare("DELETE FROM checklist_list WHERE name = ? AND removed_at IS NULL")),
          same_removed_list(
              s.db_.prepare("SELECT 1 FROM checklist_list WHERE name = ?1 AND removed_at = ?2 "
                            "AND (?3 IS NULL OR title = ?3) AND (?4 IS NULL OR created_at = ?4)")),
          same_removed_item(s.db_.prepare("SELECT 1 FROM checklist_item WHERE list = ? AND "
                                          "title = ? AND removed_at = ?")),
          insert_list(s.db_.prepare("INSERT INTO checklist_list (uid, name, title, created_at) "
                                    "VALUES (?, ?, ?, ?)")) {}

    template <typename... Args> static bool exists(db::Statement& q, const Args&... args) {
        q.bind_all(args...);
        bool found = q.step();
        q.reset();
        return found;
    }

    const ListDef* shipped_or_config(std::string_view list) const {
        return store.catalog_.find(list);
    }

    bool in_catalog(std::string_view list, std::string_view key) const {
        const ListDef* def = shipped_or_config(list);
        return def && std::any_of(def->items.begin(), def->items.end(),
                                  [&](const ItemDef& d) { return d.key == key; });
    }

    // A record written by hand must name a list that exists, so a typo is caught. An
    // exported one may belong to a list defined only in the config of the machine it came
    // from: the list is made here as one of the person's own, so a backup always comes back
    // whole.
    void known_list(const records::Incoming& r, const std::string& list) {
        if (lists_seen.count(list) || shipped_or_config(list) || exists(any_list, list)) {
            lists_seen.insert(list);
            return;
        }
        if (r.hand_written)
            throw r.error(fmt::format("list '{}' is not defined; its \"list\" record must "
                                      "come first",
                                      list));
        try {
            check_list_name(list);
        } catch (const UsageError& e) {
            throw r.error(e.what());
        }
        insert_list.bind_all(db::new_uid(), list, list, now).run();
        made_lists.push_back(list);
        lists_seen.insert(list);
    }

    records::Verdict list(records::Incoming& r) {
        std::string name = r.text("name");
        try {
            check_list_name(name);
        } catch (const UsageError& e) {
            throw r.error(e.what());
        }
        bool removed = r.optional_text("removed_at").has_value();
        // A list of the person's that rekindle or the config now defines: that definition
        // stands in for it, and its items and history attach to it. A removed one is only
        // history and is kept as it is.
        if (!removed && shipped_or_config(name))
            return records::Verdict::skip;
        // A line of this list came before it (a sorted or reversed file), and the list was
        // made to hold it: this record, in use or removed, takes that stand-in's place.
        if (auto made = std::find(made_lists.begin(), made_lists.end(), name);
            made != made_lists.end()) {
            drop_made_list.bind_all(name).run();
            made_lists.erase(made);
            return records::Verdict::insert;
        }
        // A removed list written by hand (an export with its uids taken out) is the stored
        // one that says the same.
        if (removed && r.hand_written &&
            exists(same_removed_list, name, r.text("removed_at"), r.optional_text("title"),
                   r.was_given("created_at") ? r.optional_text("created_at") : std::nullopt))
            return records::Verdict::skip;
        bool active = !removed && exists(active_list, name);
        if (active && r.hand_written)
            return records::Verdict::skip; // the same list, written by hand
        if (active)
            throw r.error(fmt::format("a different list named '{}' already exists", name));
        return records::Verdict::insert;
    }

    records::Verdict item(records::Incoming& r) {
        std::string list = r.text("list"), title = r.text("title");
        known_list(r, list);
        if (auto key = r.optional_text("key")) {
            // An exported item whose key the configuration here now defines: that item
            // stands in for it, and its history attaches by the key.
            if (!r.hand_written && in_catalog(list, *key))
                return records::Verdict::skip;
            bool taken = in_catalog(list, *key) || exists(item_key, list, *key);
            if (taken && r.hand_written && !in_catalog(list, *key) &&
                exists(same_item, list, *key, title))
                return records::Verdict::skip; // the same hand-written item, imported before
            if (taken)
                throw r.error(
                    fmt::format("a different item '{}' already exists in '{}'", *key, list));
            return records::Verdict::insert;
        }
        // The same hand-written item, imported before: one in use by its title, a removed
        // one by its title and time of removal.
        if (auto removed = r.optional_text("removed_at"); r.hand_written && removed) {
            if (exists(same_removed_item, list, title, *removed))
                return records::Verdict::skip;
        } else if (r.hand_written && exists(same_title, list, title)) {
            return records::Verdict::skip;
        }
        // Keys are made as `add` makes them: one that old history still uses is never given
        // to a new item, so it cannot take over that history.
        std::string base = text::slugify(title), key = base;
        for (int n = 2; in_catalog(list, key) || exists(item_key, list, key) ||
                        exists(key_in_history, list, key);
             ++n)
            key = fmt::format("{}-{}", base, n);
        r.set("key", key);
        return records::Verdict::insert;
    }

    records::Verdict event(records::Incoming& r) {
        std::string list = r.text("list"), item = r.text("item");
        known_list(r, list);
        // An exported event may name an item that is gone; one written by hand must name a
        // real one, so a typo is caught rather than kept.
        if (r.hand_written && !in_catalog(list, item) && !exists(item_key, list, item))
            throw r.error(fmt::format("list '{}' has no item with the key '{}'", list, item));
        // A hand-written event that says what a stored one says (an export with its uids
        // taken out) is that event. Only events stored before this import, or exported ones
        // it brought, can be such a one: the import's own hand-written events are told
        // apart by their uids, made from the same content. Asked once, inside the import's
        // transaction, before its first event is stored.
        if (!events_before)
            events_before = exists(any_event);
        if (!r.hand_written)
            exported_events = true;
        if (r.hand_written && r.was_given("at") && (*events_before || exported_events) &&
            exists(same_event, list, item, r.text("at"), r.text("action"), r.optional_text("note")))
            return records::Verdict::skip;
        return records::Verdict::insert;
    }
};

std::vector<records::Plan> Store::import_plans(ImportHooks& hooks) {
    const auto& types = record_types();
    // Events stored before the import keep their ids; the state then follows every newer one
    // in one statement, rather than one row at a time.
    auto newest = db_.prepare("SELECT coalesce(max(id), 0) FROM checklist_event");
    newest.step();
    std::int64_t before = newest.integer(0);
    auto follow_all = [this, before] {
        db_.prepare("INSERT INTO checklist_state (list, item, event) "
                    "SELECT list, item, max(id) FROM checklist_event WHERE id > ? "
                    "GROUP BY list, item "
                    "ON CONFLICT (list, item) DO UPDATE SET event = excluded.event "
                    "WHERE excluded.event > checklist_state.event")
            .bind(1, before)
            .run();
    };
    return {
        {&types[0], [&hooks](records::Incoming& r) { return hooks.list(r); }, {}},
        {&types[1], [&hooks](records::Incoming& r) { return hooks.item(r); }, {}},
        {&types[2], [&hooks](records::Incoming& r) { return hooks.event(r); }, follow_all},
    };
}

std::unique_ptr<Store::ImportHooks, void (*)(Store::ImportHooks*)> Store::make_import_hooks() {
    return {new ImportHooks(*this), [](ImportHooks* hooks) { delete hooks; }};
}

const std::vector<std::string>& Store::lists_made(const ImportHooks& hooks) {
    return hooks.made_lists;
}

ImportStats Store::import_records(jsonl::Reader& reader) {
    ImportHooks hooks(*this);
    auto counts = records::import_all(db_, reader, import_plans(hooks), "checklist");
    ImportStats stats;
    stats.lists = counts.of("checklist", "list");
    stats.items = counts.of("checklist", "item");
    stats.events = counts.of("checklist", "event");
    stats.skipped = counts.skipped;
    stats.made_lists = std::move(hooks.made_lists);
    return stats;
}

output::Table lists_table(const std::vector<ListState>& lists) {
    output::Table t;
    t.columns = {Column{"name", Shown::always, false, output::Fit::keep},
                 Column{"title"},
                 Column{"done", Shown::always, true},
                 Column{"total", Shown::always, true},
                 Column{"percent", Shown::always, true},
                 Column{"origin"},
                 Column{"description", Shown::machine_only}};
    for (const auto& l : lists)
        t.rows.push_back({l.name, l.title, std::int64_t{l.done()}, std::int64_t{l.total()},
                          std::int64_t{percent(l.done(), l.total())},
                          std::string(origin_name(l.origin)), l.description});
    return t;
}

output::Table items_table(const ListState& list, dates::DayStart day_start) {
    output::Table t;
    t.columns = {Column{"number", Shown::always, true},
                 Column{"title"},
                 Column{"done"},
                 Column{"checked_on", Shown::always, false, output::Fit::keep},
                 Column{"checked_at", Shown::machine_only},
                 Column{"note"},
                 Column{"detail"},
                 Column{"key", Shown::machine_only}};
    for (const auto& item : list.items) {
        Value on, at;
        if (item.checked_at) {
            on = dates::format_day(dates::local_day(*item.checked_at, day_start));
            at = dates::format_utc(*item.checked_at);
        }
        t.rows.push_back({std::int64_t{item.number}, item.def.title, item.done, on, at,
                          item.note ? Value(*item.note) : Value(), item.def.detail, item.def.key});
    }
    return t;
}

output::Table progress_table(const std::vector<ListState>& lists) {
    output::Table t;
    t.columns = {Column{"list", Shown::always, false, output::Fit::keep},
                 Column{"done", Shown::always, true}, Column{"total", Shown::always, true},
                 Column{"percent", Shown::always, true},
                 Column{"progress", Shown::table_only, false, output::Fit::keep}};
    int done = 0, total = 0;
    for (const auto& l : lists) {
        done += l.done();
        total += l.total();
        t.rows.push_back({l.name, std::int64_t{l.done()}, std::int64_t{l.total()},
                          std::int64_t{percent(l.done(), l.total())},
                          chart::progress_bar(l.done(), l.total())});
    }
    // The overall row is named "(all)", which no list can be called, so a script can pick it
    // out (or leave it out) by name.
    t.rows.push_back({std::string(overall_row), std::int64_t{done}, std::int64_t{total},
                      std::int64_t{percent(done, total)}, chart::progress_bar(done, total)});
    return t;
}

output::Table history_table(const std::vector<Event>& events, dates::DayStart day_start) {
    output::Table t;
    t.columns = {Column{"day", Shown::always, false, output::Fit::keep},
                 Column{"at", Shown::machine_only},
                 Column{"list", Shown::always, false, output::Fit::keep},
                 Column{"item"},
                 Column{"action"},
                 Column{"note"},
                 Column{"recorded_at", Shown::machine_only}};
    for (const auto& e : events)
        t.rows.push_back({dates::format_day(dates::local_day(e.at, day_start)),
                          dates::format_utc(e.at), e.list, e.item_title, e.action,
                          e.note ? Value(*e.note) : Value(), dates::format_utc(e.recorded_at)});
    return t;
}

} // namespace rekindle::checklist
