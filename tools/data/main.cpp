// rekindle-data: every tool's records at once; `rekindle export` and `rekindle import` run it.
#include "rekindle/cli.hpp"
#include "rekindle/data.hpp"
#include "rekindle/error.hpp"

#include <fmt/format.h>
#include <unistd.h>

using namespace rekindle;

int main(int argc, char** argv) {
    CLI::App app{"Export or import every tool's records at once, as JSON Lines.\n"
                 "'rekindle export' and 'rekindle import' run this.",
                 "rekindle-data"};
    cli::CommonOptions common;
    cli::add_common_options(app, common, "data");
    app.require_subcommand(1, 1);
    std::string file;
    auto* exp =
        app.add_subcommand("export", "Write every record of every tool as JSON Lines to stdout");
    auto* imp = app.add_subcommand(
        "import", "Read JSON Lines written by any export back in (all or nothing)");
    imp->add_option("FILE", file, "The file, or - for stdin (the default)");

    return cli::run("data", app, argc, argv, [&]() -> int {
        auto ctx = cli::make_context("data", common);
        if (app.got_subcommand(exp)) {
            auto db = cli::open_database(ctx, db::Mode::read_only);
            data::export_everything(
                db, [](std::string_view text) { output::write_all(STDOUT_FILENO, text); });
            return 0;
        }
        (void)imp;
        cli::Input input(ctx, file.empty() ? "-" : file); // read before the database opens
        auto db = cli::open_database(ctx, db::Mode::read_write);
        jsonl::Reader reader(input.stream(), input.name());
        auto summary = data::import_everything(db, reader, ctx.share_dir, ctx.config);
        for (const auto& line : summary.notes)
            cli::note(ctx, line);
        int stored = 0;
        std::string parts;
        for (const auto& [type, count] : summary.counts.stored) {
            stored += count;
            parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", count, type);
        }
        cli::note(ctx, fmt::format("imported {} record{}{}{}", stored, stored == 1 ? "" : "s",
                                   parts.empty() ? "" : " (" + parts + ")",
                                   summary.counts.skipped
                                       ? fmt::format("; {} already present", summary.counts.skipped)
                                       : ""));
        return 0;
    });
}
