// rekindle-reflect: wires CLI11 to the reflect module and prints what it returns.
#include "rekindle/cli.hpp"
#include "rekindle/error.hpp"
#include "rekindle/reflect.hpp"
#include "rekindle/session.hpp"
#include "rekindle/text.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

using namespace rekindle;

namespace {

struct Args {
    std::string theme;
    std::string prompt;
    std::vector<std::string> tags;
    std::string list_tag;
    std::string date;
    std::string since;
    std::string until;
    std::string text;
    std::string query;
    std::string file;
    std::string from;
    std::int64_t id = 0;
    std::int64_t limit = 0;
    bool editor = false;
    bool revisions = false;
    bool yes = false;
};

reflect::Catalog catalog(const cli::Context& ctx) {
    return reflect::load_catalog((std::filesystem::path(ctx.share_dir) / "prompts.toml").string(),
                                 ctx.config);
}

using text::plural;

bool use_editor(const cli::Context& ctx, bool flag) {
    return flag || catalog(ctx).editor;
}

// The notes at the top of the editor's file.
std::vector<std::string> editor_notes(const std::string& heading) {
    return {heading, "Write under each question; leave an answer empty to skip it.",
            "Lines starting with \"# \" are notes and are not kept. #words become tags.",
            "Save an empty or unchanged file to save nothing."};
}

// Runs a guided session on `theme` (on the terminal, or in the editor) and stores it.
int guided(const cli::Context& ctx, const std::optional<std::string>& wanted, bool editor,
           const std::vector<std::string>& tags) {
    std::optional<reflect::Theme> theme;
    {
        auto db = cli::open_database(ctx, db::Mode::read_only);
        reflect::Store store(db, catalog(ctx));
        theme = wanted ? store.catalog().require_theme(*wanted) : store.least_answered_theme();
    }
    reflect::NewEntry entry;
    entry.theme = theme->name;
    // Tags are checked before any question is asked, so no answer is lost to a bad one.
    for (const auto& t : tags)
        entry.tags.push_back(reflect::normal_tag(t));
    if (editor) {
        std::vector<const reflect::Prompt*> prompts;
        for (const auto& p : theme->prompts)
            prompts.push_back(&p);
        reflect::Entry blank;
        for (const auto& t : tags)
            blank.tags.push_back(reflect::normal_tag(t));
        std::string initial = reflect::editor_template(
            editor_notes(fmt::format("{}: {}", theme->name, theme->title)), blank, prompts);
        cli::EditorFile file(initial, ".md");
        std::string saved = file.edit(cli::editor_command(ctx));
        if (saved == initial) {
            cli::note(ctx, "the file was not changed, so nothing was saved");
            return 0;
        }
        reflect::Catalog cat = catalog(ctx);
        try {
            reflect::NewEntry edited = reflect::parse_template(saved, cat, {}, file.path());
            edited.theme = theme->name;
            entry = std::move(edited);
        } catch (const Error& e) {
            file.keep();
            throw DataError(fmt::format("{}; your text is kept in '{}'", e.what(), file.path()));
        }
        bool empty =
            !entry.text && !entry.title &&
            std::all_of(entry.answers.begin(), entry.answers.end(),
                        [](const reflect::Answer& a) { return text::trim(a.text).empty(); });
        if (empty) {
            cli::note(ctx, "nothing was written, so nothing was saved");
            return 0;
        }
    } else {
        if (!::isatty(STDIN_FILENO))
            throw UsageError("a guided session needs a terminal to ask its questions; off a "
                             "terminal, use --editor with VISUAL or EDITOR set, or write with "
                             "'rekindle reflect add [--prompt ID] TEXT' (TEXT may come on stdin)");
        std::vector<session::Question> questions;
        for (const auto& p : theme->prompts)
            questions.push_back({p.id, p.question, p.hint});
        std::string intro = fmt::format(
            "{} ({})\n{}\nWrite as many lines as you like; an empty line ends an answer.\n"
            "Press Enter on an empty answer to skip a question, Ctrl-D to stop and save what "
            "you wrote, Ctrl-C to leave without saving.",
            text::escape_controls(theme->title),
            plural(static_cast<std::int64_t>(questions.size()), "question", "questions"),
            text::escape_controls(theme->description));
        auto result = session::run(intro, questions, std::cin, std::cerr);
        for (const auto& [index, answer] : result.answers)
            entry.answers.push_back(
                {theme->prompts[index].id, theme->prompts[index].question, answer});
        if (entry.answers.empty()) {
            cli::note(ctx, "nothing was answered, so nothing was saved");
            return 0;
        }
    }
    std::int64_t id = 0;
    reflect::Entry saved;
    try {
        auto db = cli::open_database(ctx, db::Mode::read_write);
        reflect::Store store(db, catalog(ctx));
        id = store.add(entry);
        saved = store.get(id);
    } catch (const Error& e) {
        // The answers were typed once and must not be lost to a busy or unwritable database.
        reflect::Entry unsaved;
        unsaved.tags = entry.tags;
        unsaved.title = entry.title;
        unsaved.text = entry.text;
        unsaved.answers = entry.answers;
        cli::EditorFile kept(reflect::plain_text(unsaved) + "\n", ".md");
        kept.keep();
        throw Error(e.code(),
                    fmt::format("{}; your answers are kept in '{}'", e.what(), kept.path()));
    }
    cli::note(ctx, fmt::format(
                       "saved entry {} ({}, {}). Thank you for taking the time.", id,
                       plural(static_cast<std::int64_t>(saved.answers.size()), "answer", "answers"),
                       plural(saved.words(), "word", "words")));
    return 0;
}

int edit_entry(const cli::Context& ctx, std::int64_t id) {
    reflect::Entry entry;
    {
        auto db = cli::open_database(ctx, db::Mode::read_only);
        reflect::Store store(db, catalog(ctx));
        entry = store.get(id);
    }
    reflect::Catalog cat = catalog(ctx);
    std::vector<const reflect::Prompt*> unanswered;
    if (entry.theme)
        if (const auto* theme = cat.theme(*entry.theme))
            for (const auto& p : theme->prompts)
                unanswered.push_back(&p);
    std::string initial = reflect::editor_template(
        editor_notes(fmt::format("entry {}{}", id, entry.theme ? ": " + *entry.theme : "")), entry,
        unanswered);
    cli::EditorFile file(initial, ".md");
    std::string saved = file.edit(cli::editor_command(ctx));
    if (saved == initial) {
        cli::note(ctx, fmt::format("entry {} was not changed", id));
        return 0;
    }
    bool changed = false;
    try {
        auto edited = reflect::parse_template(saved, cat, entry.answers, file.path());
        bool empty =
            !edited.text && !edited.title &&
            std::all_of(edited.answers.begin(), edited.answers.end(),
                        [](const reflect::Answer& x) { return text::trim(x.text).empty(); });
        if (empty) {
            // As the file's notes say: an emptied file saves nothing. Removing is rm's work.
            cli::note(ctx, fmt::format("the file was emptied, so entry {} was not changed (to "
                                       "remove it, use 'rekindle reflect rm {}')",
                                       id, id));
            return 0;
        }
        auto db = cli::open_database(ctx, db::Mode::read_write);
        reflect::Store store(db, std::move(cat));
        changed = store.edit(id, edited, &entry);
    } catch (const Error& e) {
        // Whatever went wrong (a bad line, a busy database), the edit is not thrown away.
        file.keep();
        throw Error(e.code(), fmt::format("{}; your text is kept in '{}'", e.what(), file.path()));
    }
    cli::note(ctx, changed ? fmt::format("entry {} saved; the earlier version is kept (see "
                                         "'rekindle reflect show {} --revisions')",
                                         id, id)
                           : fmt::format("entry {} was not changed", id));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"A guided reflection journal: look back honestly, without blame.\n"
                 "With no command, starts a guided session on the theme answered least.",
                 "rekindle-reflect"};
    cli::CommonOptions common;
    cli::add_common_options(app, common, "reflect");
    // export also writes Markdown: `--format md`, which only it accepts.
    auto* format = app.get_option("--format");
    format->get_validator()->active(false);
    format->check(CLI::IsMember({"table", "tsv", "csv", "json", "jsonl", "md"}));
    format->description("Output format: table, tsv, csv, json, jsonl; for export, jsonl or md "
                        "(default: table on a terminal, tsv otherwise)");
    app.require_subcommand(0, 1);
    Args a;

    app.add_option("--theme", a.theme, "The theme of the session (default: the one answered least)")
        ->type_name("THEME");
    app.add_flag("--editor", a.editor, "Answer in $VISUAL or $EDITOR instead of on the terminal");
    app.add_option("--tag", a.tags, "A tag for the entry (may be repeated)")
        ->type_name("TAG")
        ->allow_extra_args(false);

    auto* incident = app.add_subcommand("incident", "Look closely at one moment that went wrong");
    incident->add_flag("--editor", a.editor, "Answer in $VISUAL or $EDITOR");
    incident->add_option("--tag", a.tags, "A tag for the entry (may be repeated)")
        ->type_name("TAG")
        ->allow_extra_args(false);

    auto* add = app.add_subcommand("add", "Write one answer, or free text, without a session");
    add->add_option("--prompt", a.prompt, "The prompt this answers")->type_name("ID");
    add->add_option("--theme", a.theme, "The theme of free text")->type_name("THEME");
    add->add_option("--tag", a.tags, "A tag (may be repeated); #words in the text are tags too")
        ->type_name("TAG")
        ->allow_extra_args(false);
    add->add_option("--date", a.date, "When it is about (default: now)")->type_name("DATE");
    auto* add_text = add->add_option("TEXT", a.text, "The text, or - to read it from stdin");

    auto* list = app.add_subcommand("list", "Show entries, newest first");
    list->add_option("--since", a.since, "From this day on")->type_name("DATE");
    list->add_option("--until", a.until, "Up to and including this day")->type_name("DATE");
    list->add_option("--theme", a.theme, "Only this theme")->type_name("THEME");
    list->add_option("--tag", a.list_tag, "Only entries with this tag")
        ->type_name("TAG")
        ->allow_extra_args(false);
    list->add_option("--limit", a.limit, "At most N entries")
        ->type_name("N")
        ->transform(cli::counting_number());

    auto* show = app.add_subcommand("show", "Show one entry with its questions and answers");
    show->add_option("ID", a.id, "The entry's number")
        ->required()
        ->transform(cli::counting_number());
    show->add_flag("--revisions", a.revisions, "Also show its earlier versions");

    auto* edit = app.add_subcommand("edit", "Change an entry in the editor; the old text is kept");
    edit->add_option("ID", a.id, "The entry's number")
        ->required()
        ->transform(cli::counting_number());

    auto* rm = app.add_subcommand("rm", "Remove an entry (it stays in export)");
    rm->add_option("ID", a.id, "The entry's number")->required()->transform(cli::counting_number());
    rm->add_flag("-y,--yes", a.yes, "Do not ask for confirmation");

    auto* answers = app.add_subcommand("answers", "Every answer ever given to one prompt");
    answers->add_option("PROMPT", a.prompt, "The prompt's id")->required();

    auto* search = app.add_subcommand("search", "Search everything written (FTS5 syntax)");
    search->add_option("QUERY", a.query, "Words, \"a phrase\", prefix*, AND, OR, NOT")->required();
    search->add_option("--limit", a.limit, "At most N hits (default: 20)")
        ->type_name("N")
        ->transform(cli::counting_number());

    auto* prompts =
        app.add_subcommand("prompts", "Show the prompts and how often each was answered");
    prompts->add_option("--theme", a.theme, "Only this theme")->type_name("THEME");

    auto* stats = app.add_subcommand("stats", "Entries and words per theme, month and tag");

    auto* exp = app.add_subcommand("export", "Write everything as JSON Lines (or Markdown)");
    auto* imp = app.add_subcommand("import", "Read JSON Lines written by export (all or nothing)");
    imp->add_option("FILE", a.file, "The file, or - for stdin (the default)");
    imp->add_option("--from", a.from, "Read another program's file: jrnl")
        ->type_name("PROGRAM")
        ->check(CLI::IsMember({"jrnl"}));

    return cli::run("reflect", app, argc, argv, [&]() -> int {
        bool markdown = false;
        if (app.got_subcommand(exp)) {
            if (!common.format.empty() && common.format != "jsonl" && common.format != "md")
                throw UsageError(fmt::format("export writes jsonl or md, not '{}'", common.format));
            markdown = common.format == "md";
            common.format.clear();
        } else if (common.format == "md") {
            throw UsageError("--format md is for export only; tables come as table, tsv, csv, "
                             "json or jsonl");
        }
        auto ctx = cli::make_context("reflect", common);
        std::optional<std::string> theme, tag;
        if (!a.theme.empty())
            theme = a.theme;

        if (app.got_subcommand(incident))
            return guided(ctx, std::string(reflect::incident_theme), use_editor(ctx, a.editor),
                          a.tags);
        if (app.get_subcommands().empty()) {
            if (app.count("--theme"))
                catalog(ctx).require_theme(a.theme);
            return guided(ctx, theme, use_editor(ctx, a.editor), a.tags);
        }
        if (app.got_subcommand(edit))
            return edit_entry(ctx, a.id);

        bool writes = app.got_subcommand(add) || app.got_subcommand(rm) || app.got_subcommand(imp);
        std::optional<cli::Input> input;
        if (app.got_subcommand(imp))
            input.emplace(ctx, a.file.empty() ? "-" : a.file);
        reflect::NewEntry entry;
        if (app.got_subcommand(add)) {
            auto cat = catalog(ctx);
            std::optional<std::string> arg;
            if (add_text->count())
                arg = a.text;
            if (!a.prompt.empty()) {
                const auto& p = cat.require_prompt(a.prompt);
                if (theme && *theme != p.theme)
                    throw UsageError(fmt::format("prompt '{}' belongs to the theme '{}', not '{}'",
                                                 p.id, p.theme, *theme));
                entry.theme = p.theme;
                entry.answers.push_back({p.id, p.question, cli::text_argument(arg, "text")});
            } else {
                if (theme)
                    entry.theme = cat.require_theme(*theme).name;
                entry.text = cli::text_argument(arg, "text");
            }
            entry.tags = a.tags;
            if (add->count("--date"))
                entry.at = cli::past_instant(ctx, a.date);
        }
        auto db = cli::open_database(ctx, writes ? db::Mode::read_write : db::Mode::read_only);
        reflect::Store store(db, catalog(ctx));

        if (app.got_subcommand(add)) {
            auto id = store.add(entry);
            auto saved = store.get(id);
            cli::note(ctx, fmt::format(
                               "saved entry {} ({}{})", id, plural(saved.words(), "word", "words"),
                               saved.tags.empty()
                                   ? std::string()
                                   : fmt::format(", tags: {}", fmt::join(saved.tags, " "))));
        } else if (app.got_subcommand(list)) {
            reflect::ListQuery q;
            if (list->count("--since"))
                q.since = cli::day_begins(ctx, a.since);
            if (list->count("--until"))
                q.until = cli::day_ends(ctx, a.until);
            if (theme)
                q.theme = store.catalog().theme(*theme)
                              ? *theme
                              : store.catalog().require_theme(*theme).name;
            if (list->count("--tag"))
                q.tag = a.list_tag;
            q.limit = a.limit;
            cli::print(ctx, reflect::list_table(store.list(q), ctx.day_start));
        } else if (app.got_subcommand(show)) {
            auto e = store.get(a.id);
            if (ctx.format == output::Format::table)
                output::write_all(STDOUT_FILENO,
                                  reflect::entry_document(e, ctx.day_start, a.revisions));
            else if (a.revisions)
                cli::print(ctx, reflect::revisions_table(e, ctx.day_start));
            else
                cli::print(ctx, reflect::entry_table(e, ctx.day_start));
        } else if (app.got_subcommand(rm)) {
            auto e = store.get(a.id);
            if (!a.yes && !cli::confirm(fmt::format(
                              "remove entry {} from {}? (it stays in "
                              "export)",
                              e.id, dates::format_day(dates::local_day(e.at, ctx.day_start))))) {
                cli::note(ctx, "nothing removed");
                return static_cast<int>(ExitCode::conflict);
            }
            store.remove(a.id);
            cli::note(ctx, fmt::format("removed entry {}; it stays in export", a.id));
        } else if (app.got_subcommand(answers)) {
            // A prompt turned off (or gone from the config) keeps the answers given to it.
            auto rows = store.answers(a.prompt);
            const auto* p = store.catalog().prompt(a.prompt);
            if (!p && rows.empty())
                p = &store.catalog().require_prompt(a.prompt);
            std::string question = p ? p->question : store.question_of(a.prompt);
            if (ctx.format == output::Format::table)
                output::write_all(STDOUT_FILENO, text::escape_controls(question) + "\n\n");
            cli::print(ctx, reflect::answers_table(rows, ctx.day_start));
            if (rows.empty())
                cli::note(ctx, fmt::format("'{}' has not been answered yet; answer it with "
                                           "'rekindle reflect add --prompt {} TEXT'",
                                           a.prompt, a.prompt));
        } else if (app.got_subcommand(search)) {
            cli::print(ctx, reflect::hits_table(store.search(a.query, a.limit ? a.limit : 20),
                                                ctx.day_start));
        } else if (app.got_subcommand(prompts)) {
            cli::print(ctx, reflect::prompts_table(store.prompt_uses(theme), ctx.day_start));
        } else if (app.got_subcommand(stats)) {
            auto s = store.stats(ctx.day_start);
            cli::print(ctx, reflect::stats_table(s));
            if (!s.untouched.empty())
                cli::note(ctx, fmt::format("not yet touched: {}", fmt::join(s.untouched, ", ")));
        } else if (app.got_subcommand(exp)) {
            auto sink = [](std::string_view text) { output::write_all(STDOUT_FILENO, text); };
            if (markdown && ::isatty(STDOUT_FILENO))
                // Read on a terminal, stored text must not drive it: each line escaped (the
                // pieces end at line ends). Into a file or a pipe it goes as written.
                reflect::export_markdown(store, ctx.day_start, [](std::string_view text) {
                    std::string shown;
                    std::size_t start = 0;
                    while (start < text.size()) {
                        auto nl = text.find('\n', start);
                        if (nl == std::string_view::npos)
                            nl = text.size();
                        shown += text::escape_controls(text.substr(start, nl - start));
                        if (nl < text.size())
                            shown += '\n';
                        start = nl + 1;
                    }
                    output::write_all(STDOUT_FILENO, shown);
                });
            else if (markdown)
                reflect::export_markdown(store, ctx.day_start, sink);
            else
                store.export_records(sink);
        } else if (app.got_subcommand(imp)) {
            reflect::ImportStats counts;
            if (a.from == "jrnl") {
                auto entries = reflect::parse_jrnl(input->stream(),
                                                   input->name() == "-" ? "stdin" : input->name());
                counts = reflect::import_jrnl(store, db, entries);
                std::string notes;
                if (counts.skipped)
                    notes += fmt::format(" ({} already present)", counts.skipped);
                if (counts.empty)
                    notes += fmt::format("; left out {} with nothing in it",
                                         plural(counts.empty, "entry", "entries"));
                cli::note(ctx, fmt::format("imported {} from jrnl{}",
                                           plural(counts.entries, "entry", "entries"), notes));
            } else {
                jsonl::Reader reader(input->stream(), input->name());
                counts = store.import_records(reader);
                cli::note(ctx,
                          fmt::format(
                              "imported {}, {}, {}{}", plural(counts.entries, "entry", "entries"),
                              plural(counts.answers, "answer", "answers"),
                              plural(counts.revisions, "revision", "revisions"),
                              counts.skipped ? fmt::format(" ({} already present)", counts.skipped)
                                             : ""));
            }
        }
        return 0;
    });
}
