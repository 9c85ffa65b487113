// The schema of the one database all tools share. A tool adds its tables as a new step at
// the end; a step, once released, is never edited.
#include "rekindle/db.hpp"

namespace rekindle::db {

const std::vector<Migration>& schema() {
    static const std::vector<Migration> steps{
        {1, R"sql(
-- Lists the person made with `checklist new`. Shipped and config lists live in TOML.
-- Every row has a random `uid`, so export and import can tell one record from another even
-- when two were written in the same second with the same words.
CREATE TABLE checklist_list (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    title       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    removed_at  TEXT
) STRICT;
CREATE UNIQUE INDEX checklist_list_active_name ON checklist_list(name) WHERE removed_at IS NULL;

-- Items the person added, to their own lists or to shipped ones. `key` is unique within a
-- list name for all time, so history never attaches to a different item.
CREATE TABLE checklist_item (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    list        TEXT NOT NULL,
    key         TEXT NOT NULL,
    title       TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    removed_at  TEXT,
    UNIQUE (list, key)
) STRICT;

-- Every check, uncheck and reset, kept as history; an item's state is its latest event.
CREATE TABLE checklist_event (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    list        TEXT NOT NULL,
    item        TEXT NOT NULL,
    -- Spelt with OR: an IN list here makes SQLite build a temporary table for every insert.
    action      TEXT NOT NULL CHECK (action = 'check' OR action = 'uncheck' OR action = 'reset'),
    at          TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    note        TEXT
) STRICT;
-- (list, item, at) serves the latest event of each item and import's match of events that
-- carry no uid, which would otherwise scan every event of the item.
CREATE INDEX checklist_event_item ON checklist_event(list, item, at);
)sql"},
        {2, R"sql(
-- The latest event of every item, kept current in the same transaction as each event (by the
-- checklist module: one row for a check, one statement for a whole import), so showing a list
-- reads one row per item instead of every event ever recorded. History stays complete in
-- checklist_event; this only points into it.
CREATE TABLE checklist_state (
    list   TEXT NOT NULL,
    item   TEXT NOT NULL,
    event  INTEGER NOT NULL,
    PRIMARY KEY (list, item)
) STRICT, WITHOUT ROWID;
INSERT INTO checklist_state (list, item, event)
    SELECT list, item, max(id) FROM checklist_event GROUP BY list, item;
)sql"},
    };
    return steps;
}

} // namespace rekindle::db
