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
        {3, R"sql(
-- reflect: journal entries. `tags` holds a JSON array of strings; reflect_tag mirrors it
-- for filtering. `theme` names a prompt theme (null for free text).
CREATE TABLE reflect_entry (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    theme       TEXT,
    title       TEXT,
    text        TEXT,
    tags        TEXT NOT NULL DEFAULT '[]',
    starred     INTEGER NOT NULL DEFAULT 0,
    at          TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    edited_at   TEXT,
    removed_at  TEXT
) STRICT;
CREATE INDEX reflect_entry_at ON reflect_entry(at);
CREATE INDEX reflect_entry_theme ON reflect_entry(theme, at);

-- One row per prompt answered; `entry` is the entry's uid, so exported answers keep their
-- entry across databases. `question` is the prompt as it was asked.
CREATE TABLE reflect_answer (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    entry       TEXT NOT NULL,
    position    INTEGER NOT NULL,
    prompt      TEXT NOT NULL,
    question    TEXT NOT NULL,
    text        TEXT NOT NULL
) STRICT;
CREATE INDEX reflect_answer_entry ON reflect_answer(entry, position);
CREATE INDEX reflect_answer_prompt ON reflect_answer(prompt);

-- An entry as it read before an edit.
CREATE TABLE reflect_revision (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    entry       TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    text        TEXT NOT NULL
) STRICT;
CREATE INDEX reflect_revision_entry ON reflect_revision(entry, replaced_at);

CREATE TABLE reflect_tag (
    tag    TEXT NOT NULL,
    entry  INTEGER NOT NULL,
    PRIMARY KEY (tag, entry)
) STRICT, WITHOUT ROWID;

-- One search document per shown entry (rowid = entry id): its title, and its free text
-- followed by its answers. The triggers below keep it and reflect_tag in step with every write, in
-- the writer's own transaction, whether a command or an import made it.
-- Prefix indexes of 2, 3 and 4 characters make `patien*` as quick as a whole word.
CREATE VIRTUAL TABLE reflect_search USING fts5(title, body, prefix = '2 3 4',
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER reflect_entry_added AFTER INSERT ON reflect_entry BEGIN
    INSERT INTO reflect_search (rowid, title, body)
        SELECT new.id, coalesce(new.title, ''), coalesce(new.text, '')
        WHERE new.removed_at IS NULL;
    INSERT OR IGNORE INTO reflect_tag (tag, entry) SELECT value, new.id FROM json_each(new.tags);
END;
CREATE TRIGGER reflect_entry_changed AFTER UPDATE OF title, text, tags ON reflect_entry BEGIN
    DELETE FROM reflect_tag WHERE entry = old.id;
    INSERT OR IGNORE INTO reflect_tag (tag, entry) SELECT value, new.id FROM json_each(new.tags);
    UPDATE reflect_search SET title = coalesce(new.title, ''),
        body = ltrim(coalesce(new.text, '') ||
                     coalesce(char(10) || (SELECT group_concat(text, char(10)) FROM
                                              (SELECT text FROM reflect_answer
                                               WHERE entry = new.uid ORDER BY position)), ''),
                     char(10))
        WHERE rowid = new.id;
END;
-- A removed entry leaves the index: search only ever shows entries still in the journal.
CREATE TRIGGER reflect_entry_removed AFTER UPDATE OF removed_at ON reflect_entry
    WHEN new.removed_at IS NOT NULL BEGIN
    DELETE FROM reflect_search WHERE rowid = old.id;
END;
CREATE TRIGGER reflect_answer_added AFTER INSERT ON reflect_answer BEGIN
    UPDATE reflect_search SET body = iif(body = '', new.text, body || char(10) || new.text)
        WHERE rowid = (SELECT id FROM reflect_entry WHERE uid = new.entry);
END;
CREATE TRIGGER reflect_answer_changed AFTER UPDATE ON reflect_answer BEGIN
    UPDATE reflect_entry SET text = text WHERE uid = new.entry;
END;
CREATE TRIGGER reflect_answer_removed AFTER DELETE ON reflect_answer BEGIN
    UPDATE reflect_entry SET text = text WHERE uid = old.entry;
END;
)sql"},
        {4, R"sql(
-- nocontact: periods of no contact. `zone` is the time zone its days are counted in (the
-- one it was started in), so "day N" does not move when $TZ changes. At most one period
-- runs at a time, which the partial unique index enforces even for writers racing.
CREATE TABLE nocontact_period (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    start_day   TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    days        INTEGER NOT NULL,
    zone        TEXT NOT NULL DEFAULT '',
    note        TEXT,
    ended_at    TEXT,
    end_reason  TEXT,
    end_note    TEXT,
    -- Urges resisted in it, kept by the triggers below so status never counts them all.
    urges       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX nocontact_one_running ON nocontact_period((1)) WHERE ended_at IS NULL;

-- Urges, slips and unsent messages. `period` is the uid of the period they happened in.
CREATE TABLE nocontact_event (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    period      TEXT,
    kind        TEXT NOT NULL CHECK (kind = 'urge' OR kind = 'slip' OR kind = 'unsent'),
    at          TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    intensity   INTEGER,
    trigger     TEXT,
    text        TEXT,
    passed      INTEGER,
    by          TEXT,
    lesson      TEXT,
    removed_at  TEXT
) STRICT;
-- Counting today's urges or finding the last slip reads only those rows.
CREATE INDEX nocontact_event_kind_at ON nocontact_event(kind, at) WHERE removed_at IS NULL;
CREATE INDEX nocontact_event_period ON nocontact_event(period, kind, at) WHERE removed_at IS NULL;
CREATE TRIGGER nocontact_urge_added AFTER INSERT ON nocontact_event
    WHEN new.kind = 'urge' AND new.removed_at IS NULL AND new.period IS NOT NULL BEGIN
    UPDATE nocontact_period SET urges = urges + 1 WHERE uid = new.period;
END;
CREATE TRIGGER nocontact_urge_removed AFTER UPDATE OF removed_at ON nocontact_event
    WHEN new.kind = 'urge' AND old.removed_at IS NULL AND new.removed_at IS NOT NULL
         AND new.period IS NOT NULL BEGIN
    UPDATE nocontact_period SET urges = urges - 1 WHERE uid = new.period;
END;
)sql"},
        {5, R"sql(
-- selfcare: activities of the person's own (shipped and configured ones live in TOML).
CREATE TABLE selfcare_activity (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    category    TEXT NOT NULL,
    aliases     TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL,
    removed_at  TEXT
) STRICT;

-- The log: an activity done, or a mood check-in (no activity). `day` is the person's local
-- day, fixed when the entry is written (after day_starts_at).
CREATE TABLE selfcare_entry (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    activity    TEXT,
    category    TEXT,
    at          TEXT NOT NULL,
    day         TEXT NOT NULL,
    minutes     INTEGER,
    mood        INTEGER,
    text        TEXT,
    tags        TEXT NOT NULL DEFAULT '[]',
    recorded_at TEXT NOT NULL,
    removed_at  TEXT
) STRICT;
CREATE INDEX selfcare_entry_at ON selfcare_entry(at) WHERE removed_at IS NULL;
CREATE INDEX selfcare_entry_activity ON selfcare_entry(activity, at) WHERE removed_at IS NULL;
CREATE INDEX selfcare_entry_category ON selfcare_entry(category, at) WHERE removed_at IS NULL;
CREATE INDEX selfcare_entry_mood ON selfcare_entry(day, mood)
    WHERE removed_at IS NULL AND mood IS NOT NULL;

-- Entries and minutes per day, for everything (scope ''), each activity ('a:NAME') and each
-- category ('c:NAME'): streaks and goals read a row per day, never every entry. It holds
-- every entry up to selfcare_day_through.entry; rekindle brings it up to date when it
-- writes, so rows added by other programs are counted too.
CREATE TABLE selfcare_day (
    scope       TEXT NOT NULL,
    day         TEXT NOT NULL,
    entries     INTEGER NOT NULL,
    minutes     INTEGER NOT NULL,
    PRIMARY KEY (scope, day)
) STRICT, WITHOUT ROWID;
CREATE TABLE selfcare_day_through (
    only        INTEGER PRIMARY KEY CHECK (only = 1),
    entry       INTEGER NOT NULL
) STRICT;
INSERT INTO selfcare_day_through (only, entry) VALUES (1, 0);
)sql"},
        {6, R"sql(
-- signals: signs from the other person. Direction, nature and weight belong to the kind (in
-- TOML), so a changed weight reads every signal anew. `day` is the person's local day.
CREATE TABLE signals_signal (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    at          TEXT NOT NULL,
    day         TEXT NOT NULL,
    strength    INTEGER NOT NULL CHECK (strength BETWEEN 1 AND 3),
    text        TEXT,
    recorded_at TEXT NOT NULL,
    removed_at  TEXT
) STRICT;
CREATE INDEX signals_signal_at ON signals_signal(at) WHERE removed_at IS NULL;

-- Strength and count per day and kind, kept by the triggers below, so a reading reads a
-- row per kind and day of its window however many signals there are.
CREATE TABLE signals_day (
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    strength    INTEGER NOT NULL,
    signals     INTEGER NOT NULL,
    PRIMARY KEY (day, kind)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER signals_added AFTER INSERT ON signals_signal WHEN new.removed_at IS NULL BEGIN
    INSERT INTO signals_day (day, kind, strength, signals) VALUES (new.day, new.kind,
        new.strength, 1)
        ON CONFLICT (day, kind) DO UPDATE SET strength = strength + excluded.strength,
            signals = signals + 1;
END;
-- Any other change (a removal, or an edit by another program): the old row out, the new in.
CREATE TRIGGER signals_changed AFTER UPDATE OF removed_at, day, kind, strength ON signals_signal
BEGIN
    UPDATE signals_day SET strength = strength - old.strength, signals = signals - 1
        WHERE old.removed_at IS NULL AND day = old.day AND kind = old.kind;
    INSERT INTO signals_day (day, kind, strength, signals)
        SELECT new.day, new.kind, new.strength, 1 WHERE new.removed_at IS NULL
        ON CONFLICT (day, kind) DO UPDATE SET strength = strength + excluded.strength,
            signals = signals + 1;
END;
CREATE TRIGGER signals_deleted AFTER DELETE ON signals_signal WHEN old.removed_at IS NULL BEGIN
    UPDATE signals_day SET strength = strength - old.strength, signals = signals - 1
        WHERE day = old.day AND kind = old.kind;
END;
)sql"},
    };
    return steps;
}

} // namespace rekindle::db
