#include "rekindle/data.hpp"

#include "rekindle/checklist.hpp"
#include "rekindle/nocontact.hpp"
#include "rekindle/reflect.hpp"
#include "rekindle/selfcare.hpp"
#include "rekindle/signals.hpp"

#include <filesystem>
#include <fmt/format.h>

namespace rekindle::data {

std::vector<const records::RecordType*> record_types() {
    std::vector<const records::RecordType*> out;
    for (const auto& type : checklist::record_types())
        out.push_back(&type);
    for (const auto& type : reflect::record_types())
        out.push_back(&type);
    for (const auto& type : nocontact::record_types())
        out.push_back(&type);
    for (const auto& type : selfcare::record_types())
        out.push_back(&type);
    for (const auto& type : signals::record_types())
        out.push_back(&type);
    return out;
}

void export_everything(db::Database& db, const std::function<void(std::string_view)>& sink) {
    records::export_all(db, record_types(), sink);
}

Summary import_everything(db::Database& db, jsonl::Reader& reader, const std::string& share_dir,
                          const config::Config& config) {
    checklist::Store checklist_store(
        db, checklist::load_catalog((std::filesystem::path(share_dir) / "checklists.toml").string(),
                                    config));
    auto checklist_hooks = checklist_store.make_import_hooks();
    std::vector<records::Plan> plans = checklist_store.import_plans(*checklist_hooks);
    reflect::Store reflect_store(
        db, reflect::load_catalog((std::filesystem::path(share_dir) / "prompts.toml").string(),
                                  config));
    auto reflect_hooks = reflect_store.make_import_hooks();
    for (auto& plan : reflect_store.import_plans(*reflect_hooks))
        plans.push_back(std::move(plan));
    nocontact::Store nocontact_store(db, nocontact::load_settings(config), 0);
    auto nocontact_hooks = nocontact_store.make_import_hooks();
    for (auto& plan : nocontact_store.import_plans(*nocontact_hooks))
        plans.push_back(std::move(plan));

    selfcare::Store selfcare_store(
        db,
        selfcare::load_settings((std::filesystem::path(share_dir) / "activities.toml").string(),
                                config),
        dates::parse_day_start(config.string_or("day_starts_at", "00:00")));
    auto selfcare_hooks = selfcare_store.make_import_hooks();
    for (auto& plan : selfcare_store.import_plans(*selfcare_hooks))
        plans.push_back(std::move(plan));

    signals::Store signals_store(
        db,
        signals::load_settings((std::filesystem::path(share_dir) / "signals.toml").string(),
                               config),
        dates::parse_day_start(config.string_or("day_starts_at", "00:00")));
    auto signals_hooks = signals_store.make_import_hooks();
    for (auto& plan : signals_store.import_plans(*signals_hooks))
        plans.push_back(std::move(plan));

    Summary summary;
    summary.counts = records::import_all(db, reader, plans, "");
    for (const auto& made : checklist::Store::lists_made(*checklist_hooks))
        summary.notes.push_back(fmt::format("checklist: list '{}' is not defined here (it came "
                                            "from another config), so it was made as a list of "
                                            "your own",
                                            made));
    return summary;
}

} // namespace rekindle::data
