// rekindle-checklist: wires CLI11 to the checklist module and prints what it returns.
#include "rekindle/checklist.hpp"
#include "rekindle/cli.hpp"
#include "rekindle/error.hpp"
#include "rekindle/text.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <unistd.h>

using namespace rekindle;

namespace {

struct Args {
    std::string name;
    std::vector<std::string> items;
    std::string item;
    std::string text;
    std::string note;
    std::string date;
    std::string title;
    std::string detail;
    std::string file;
    bool yes = false;
};

checklist::Catalog catalog(const cli::Context& ctx) {
    return checklist::load_catalog(
        (std::filesystem::path(ctx.share_dir) / "checklists.toml").string(), ctx.config);
}

// The instant a --date names; nothing when no date was given.
std::optional<dates::Instant> when(const cli::Context& ctx, const CLI::App& command,
                                   const std::string& text) {
    if (!command.count("--date"))
        return std::nullopt;
    return cli::past_instant(ctx, text);
}

using text::plural;

void report(const cli::Context& ctx, const std::vector<checklist::Change>& changes, bool done,
            checklist::Store& store, const std::string& list_name) {
    bool any = false;
    for (const auto& c : changes) {
        std::string_view what;
        switch (c.outcome) {
        case checklist::Outcome::changed:
            what = done ? "checked:" : "unchecked:";
            break;
        case checklist::Outcome::note_updated:
            what = "note recorded:";
            break;
        case checklist::Outcome::unchanged:
            what = done ? "already checked:" : "not checked:";
            break;
        }
        any = any || c.outcome == checklist::Outcome::changed;
        cli::note(ctx, fmt::format("{} {}", what, c.title));
    }
    auto list = store.list(list_name);
    if (done && any && list.done() == list.total() && list.total() > 0)
        cli::note(ctx,
                  fmt::format("{}: all {} done. Take a moment to notice how far you have come.",
                              list.name, list.total()));
    else
        cli::note(ctx, fmt::format("{}: {} of {} done", list.name, list.done(), list.total()));
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Tick off the guide's key points, and lists of your own.\n"
                 "With no command, shows every list and its progress.",
                 "rekindle-checklist"};
    cli::CommonOptions common;
    cli::add_common_options(app, common, "checklist");
    app.require_subcommand(0, 1);
    Args a;

    app.add_subcommand("list", "Show every list with its progress (the default)");
    auto* show = app.add_subcommand("show", "Show the items of one list");
    show->add_option("NAME", a.name, "The list")->required();

    auto* check = app.add_subcommand("check", "Tick items off");
    check->add_option("NAME", a.name, "The list")->required();
    check->add_option("ITEM", a.items, "Item numbers or the start of their titles")->required();
    check->add_option("--note", a.note, "A few words on what you did or learned")
        ->type_name("TEXT");
    check->add_option("--date", a.date, "When it happened (default: now)")->type_name("DATE");

    auto* uncheck = app.add_subcommand("uncheck", "Mark items as not done again");
    uncheck->add_option("NAME", a.name, "The list")->required();
    uncheck->add_option("ITEM", a.items, "Item numbers or the start of their titles")->required();
    uncheck->add_option("--date", a.date, "When (default: now)")->type_name("DATE");

    auto* reset = app.add_subcommand("reset", "Uncheck every item of a list; history is kept");
    reset->add_option("NAME", a.name, "The list")->required();
    reset->add_option("--date", a.date, "When (default: now)")->type_name("DATE");

    auto* create = app.add_subcommand("new", "Make a list of your own");
    create->add_option("NAME", a.name, "Its name: lowercase letters, digits, '-' or '_'")
        ->required();
    create->add_option("--title", a.title, "A longer title")->type_name("TEXT");

    auto* add = app.add_subcommand("add", "Add an item to a list");
    add->add_option("NAME", a.name, "The list")->required();
    auto* add_text =
        add->add_option("TEXT", a.text, "The item's title, or - to read it from stdin");
    add->add_option("--detail", a.detail, "A one-line explanation")->type_name("TEXT");

    auto* rm = app.add_subcommand("rm", "Remove a list of your own, or an item you added");
    rm->add_option("NAME", a.name, "The list")->required();
    auto* rm_item = rm->add_option("ITEM", a.item, "The item (number or start of its title)");
    rm->add_flag("-y,--yes", a.yes, "Do not ask for confirmation");

    auto* progress = app.add_subcommand("progress", "Show progress overall and per list");
    auto* history = app.add_subcommand("history", "Show every check, uncheck and reset");
    history->add_option("NAME", a.name, "Only this list");

    auto* exp = app.add_subcommand("export", "Write everything as JSON Lines to stdout");
    auto* imp = app.add_subcommand("import", "Read JSON Lines written by export (all or nothing)");
    imp->add_option("FILE", a.file, "The file, or - for stdin (the default)");

    return cli::run("checklist", app, argc, argv, [&]() -> int {
        auto ctx = cli::make_context("checklist", common);
        bool writes = app.got_subcommand(check) || app.got_subcommand(uncheck) ||
                      app.got_subcommand(reset) || app.got_subcommand(create) ||
                      app.got_subcommand(add) || app.got_subcommand(rm) || app.got_subcommand(imp);
        // Input is read before the database is opened, so nothing is locked while it comes.
        std::optional<cli::Input> input;
        if (app.got_subcommand(imp))
            input.emplace(ctx, a.file.empty() ? "-" : a.file);
        std::optional<std::string> item_text;
        if (app.got_subcommand(add)) {
            std::optional<std::string> arg;
            if (add_text->count())
                arg = a.text;
            item_text = cli::text_argument(arg, "item text");
        }
        auto db = cli::open_database(ctx, writes ? db::Mode::read_write : db::Mode::read_only);
        checklist::Store store(db, catalog(ctx));

        if (app.got_subcommand(show)) {
            auto list = store.list(a.name);
            // A person reading a table sees what the list is for above its items.
            if (ctx.format == output::Format::table)
                output::write_all(STDOUT_FILENO,
                                  text::escape_controls(
                                      list.description.empty()
                                          ? list.title
                                          : fmt::format("{}: {}", list.title, list.description)) +
                                      "\n\n");
            cli::print(ctx, checklist::items_table(list, ctx.day_start));
            if (list.items.empty())
                cli::note(ctx, fmt::format("'{}' has no items yet; add one with "
                                           "'rekindle checklist add {} TEXT'",
                                           list.name, list.name));
        } else if (app.got_subcommand(check)) {
            auto at = when(ctx, *check, a.date);
            std::optional<std::string> note;
            if (check->count("--note"))
                note = a.note;
            report(ctx, store.check(a.name, a.items, note, at), true, store, a.name);
        } else if (app.got_subcommand(uncheck)) {
            report(ctx, store.uncheck(a.name, a.items, when(ctx, *uncheck, a.date)), false, store,
                   a.name);
        } else if (app.got_subcommand(reset)) {
            int n = store.reset(a.name, when(ctx, *reset, a.date).value_or(dates::now()));
            if (n == 0)
                cli::note(ctx, fmt::format("{}: nothing was checked, so nothing changed", a.name));
            else
                cli::note(ctx,
                          fmt::format("{}: unchecked {}; the earlier checks stay in the history",
                                      a.name, plural(n, "item", "items")));
        } else if (app.got_subcommand(create)) {
            store.create(a.name, a.title);
            cli::note(ctx, fmt::format("made list '{}'; add items with 'rekindle checklist add {} "
                                       "TEXT'",
                                       a.name, a.name));
        } else if (app.got_subcommand(add)) {
            auto item = store.add(a.name, *item_text, a.detail);
            cli::note(ctx,
                      fmt::format("{}: added item {}: {}", a.name, item.number, item.def.title));
        } else if (app.got_subcommand(rm)) {
            if (!rm_item->count()) {
                auto list = store.list(a.name);
                if (list.origin == checklist::Origin::user && !a.yes &&
                    !cli::confirm(fmt::format(
                        "remove the list '{}'{}?", list.name,
                        list.total() ? fmt::format(" and its {} (their history "
                                                   "is kept)",
                                                   plural(list.total(), "item", "items"))
                                     : std::string()))) {
                    cli::note(ctx, "nothing removed");
                    return static_cast<int>(ExitCode::conflict);
                }
                int n = store.remove_list(a.name);
                cli::note(ctx, fmt::format("removed list '{}' ({}); its history is kept", a.name,
                                           plural(n, "item", "items")));
            } else {
                auto list = store.list(a.name);
                const auto& item = checklist::Store::resolve(list, a.item);
                if (item.def.origin == checklist::Origin::user && !a.yes &&
                    !cli::confirm(fmt::format("remove item {} '{}' from '{}'?", item.number,
                                              item.def.title, list.name))) {
                    cli::note(ctx, "nothing removed");
                    return static_cast<int>(ExitCode::conflict);
                }
                auto removed = store.remove_item(a.name, a.item);
                cli::note(ctx, fmt::format("{}: removed '{}'; its history is kept", a.name,
                                           removed.def.title));
            }
        } else if (app.got_subcommand(progress)) {
            cli::print(ctx, checklist::progress_table(store.lists()));
        } else if (app.got_subcommand(history)) {
            std::optional<std::string> only;
            if (!a.name.empty())
                only = a.name;
            cli::print(ctx, checklist::history_table(store.history(only), ctx.day_start));
        } else if (app.got_subcommand(exp)) {
            store.export_records(
                [](std::string_view text) { output::write_all(STDOUT_FILENO, text); });
        } else if (app.got_subcommand(imp)) {
            jsonl::Reader reader(input->stream(), input->name());
            auto stats = store.import_records(reader);
            for (const auto& made : stats.made_lists)
                cli::note(ctx, fmt::format("list '{}' is not defined here (it came from another "
                                           "config), so it was made as a list of your own",
                                           made));
            cli::note(
                ctx, fmt::format("imported {}, {}, {}{}", plural(stats.lists, "list", "lists"),
                                 plural(stats.items, "item", "items"),
                                 plural(stats.events, "event", "events"),
                                 stats.skipped ? fmt::format(" ({} already present)", stats.skipped)
                                               : ""));
        } else { // `list`, or no command at all
            cli::print(ctx, checklist::lists_table(store.lists()));
        }
        return 0;
    });
}
