#pragma once
/// The whole database at once: every tool's records as one JSON Lines stream, and that
/// stream read back in one transaction. Behind `rekindle export` and `rekindle import`.

#include "rekindle/config.hpp"
#include "rekindle/db.hpp"
#include "rekindle/jsonl.hpp"
#include "rekindle/records.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace rekindle::data {

/// Every tool's record types, in the order of the guide's stages; the order of an export.
std::vector<const records::RecordType*> record_types();

/// Writes the header and every record of every tool to `sink`.
void export_everything(db::Database& db, const std::function<void(std::string_view)>& sink);

/// What an import of the whole database did.
struct Summary {
    records::Counts counts;
    std::vector<std::string> notes; ///< things the person should know (a list made, say)
};

/// Reads a whole export (or any tool's) back, all or nothing. `share_dir` and `config` give
/// the shipped and configured content that some records refer to.
Summary import_everything(db::Database& db, jsonl::Reader& reader, const std::string& share_dir,
                          const config::Config& config);

} // namespace rekindle::data
