// `cordon lists fetch`, `cordon lists versions` and `cordon lists prune`: the official lists into
// a versioned store (cordon/updates.h, docs/lists.md).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cordon/lists.h"
#include "cordon/updates.h"

namespace cordon::cli {
namespace {

using nlohmann::json;

struct FetchCmd {
  std::string sources;
  std::string store;
  std::vector<std::string> only;  // --source: these sources only
  std::string format = "text";
};

struct VersionsCmd {
  std::string store;
  std::vector<std::string> only;
  std::string format = "text";
};

struct PruneCmd {
  std::string store;
  std::vector<std::string> only;
  size_t keep = 0;
  double max_age_days = 0;
};

json ResultJson(const FetchResult& r) {
  return {{"source", r.source},   {"outcome", FetchOutcomeName(r.outcome)},
          {"version", r.version}, {"previous", r.previous},
          {"reason", r.reason},   {"entities", r.entities},
          {"skipped", r.skipped}};
}

// The sources to act on: all, or those --source names (each must exist).
std::optional<std::vector<std::string>> Selected(const std::vector<std::string>& all,
                                                 const std::vector<std::string>& only) {
  if (only.empty()) return all;
  const std::set<std::string> known(all.begin(), all.end());
  for (const std::string& s : only) {
    if (!known.contains(s)) {
      std::cerr << "cordon: --source " << s << ": no such source\n";
      return std::nullopt;
    }
  }
  return only;
}

int RunFetch(const FetchCmd& o) {
  absl::StatusOr<SourcesFile> sources = ReadSourcesFile(o.sources);
  if (!sources.ok()) {
    std::cerr << "cordon: " << sources.status().message() << "\n";
    return 2;
  }
  absl::StatusOr<Store> store = Store::Open(o.store);
  if (!store.ok()) {
    std::cerr << "cordon: " << store.status().message() << "\n";
    return 1;
  }
  std::vector<std::string> names;
  for (const SourceSpec& s : sources->sources) names.push_back(s.name);
  const auto selected = Selected(names, o.only);
  if (!selected) return 2;
  int exit_code = 0;
  json out = json::array();
  for (const SourceSpec& s : sources->sources) {
    if (std::find(selected->begin(), selected->end(), s.name) == selected->end()) continue;
    const FetchResult r = FetchSource(s, sources->fetch, *store);
    const bool bad = r.outcome == FetchOutcome::kRefused || r.outcome == FetchOutcome::kFailed;
    if (bad) {
      exit_code = 1;
      std::cerr << "cordon: " << s.name << ": " << FetchOutcomeName(r.outcome) << ": " << r.reason
                << (r.version.empty() ? "; no version is current"
                                      : "; version " + r.version + " stays current")
                << "\n";
    }
    if (o.format == "json") {
      out.push_back(ResultJson(r));
    } else if (!bad) {
      std::cout << s.name << ": " << FetchOutcomeName(r.outcome) << " " << r.version;
      if (r.outcome == FetchOutcome::kNew) {
        std::cout << " (" << r.entities << " entities, " << r.skipped << " records skipped"
                  << (r.previous.empty() ? "" : ", was " + r.previous) << ")";
      }
      std::cout << "\n";
    }
  }
  if (o.format == "json") std::cout << out.dump(2) << "\n";
  return exit_code;
}

// Opens an existing store (never creates one: a typo must not make an empty store).
absl::StatusOr<Store> OpenExisting(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::path(dir) / "store.json", ec)) {
    return absl::NotFoundError(dir +
                               ": not a list store (no store.json; cordon lists fetch makes one)");
  }
  return Store::Open(dir);
}

int RunVersions(const VersionsCmd& o) {
  absl::StatusOr<Store> store = OpenExisting(o.store);
  if (!store.ok()) {
    std::cerr << "cordon: " << store.status().message() << "\n";
    return 1;
  }
  const auto selected = Selected(store->Sources(), o.only);
  if (!selected) return 2;
  json out = json::array();
  for (const std::string& source : *selected) {
    absl::StatusOr<std::vector<StoredVersion>> versions = store->Versions(source);
    absl::StatusOr<SourceState> state = store->State(source);
    if (!versions.ok() || !state.ok()) {
      std::cerr << "cordon: "
                << (versions.ok() ? state.status().message() : versions.status().message()) << "\n";
      return 1;
    }
    if (o.format == "json") {
      json j = {{"source", source},
                {"checked", state->checked},
                {"fetched", state->fetched},
                {"last_refusal", state->last_refusal},
                {"last_refusal_at", state->last_refusal_at},
                {"versions", json::array()}};
      for (const StoredVersion& v : *versions) {
        j["versions"].push_back({{"id", v.id},
                                 {"current", v.current},
                                 {"published", v.published},
                                 {"fetched", v.fetched},
                                 {"content_hash", v.content_hash},
                                 {"entities", v.entities},
                                 {"skipped", v.skipped}});
      }
      out.push_back(std::move(j));
      continue;
    }
    std::cout << source << "  (checked " << (state->checked.empty() ? "never" : state->checked)
              << ")\n";
    for (const StoredVersion& v : *versions) {
      std::cout << (v.current ? "* " : "  ") << v.id << "  published " << v.published
                << "  fetched " << v.fetched << "  " << v.entities << " entities";
      if (v.skipped > 0) std::cout << ", " << v.skipped << " skipped";
      std::cout << "\n";
    }
    if (!state->last_refusal.empty()) {
      std::cout << "  last refusal " << state->last_refusal_at << ": " << state->last_refusal
                << "\n";
    }
  }
  if (o.format == "json") std::cout << out.dump(2) << "\n";
  return 0;
}

int RunPrune(const PruneCmd& o) {
  if (o.keep == 0 && o.max_age_days <= 0) {
    std::cerr << "cordon: lists prune: give --keep N, --max-age DAYS or both\n";
    return 2;
  }
  absl::StatusOr<Store> store = OpenExisting(o.store);
  if (!store.ok()) {
    std::cerr << "cordon: " << store.status().message() << "\n";
    return 1;
  }
  const auto selected = Selected(store->Sources(), o.only);
  if (!selected) return 2;
  for (const std::string& source : *selected) {
    absl::StatusOr<std::vector<std::string>> removed =
        store->Prune(source, o.keep, static_cast<int64_t>(o.max_age_days * 86400));
    if (!removed.ok()) {
      std::cerr << "cordon: " << removed.status().message() << "\n";
      return 1;
    }
    for (const std::string& r : *removed) std::cout << "removed " << r << "\n";
  }
  return 0;
}

}  // namespace

void RegisterListUpdateCommands(CLI::App* lists, int* exit_code) {
  auto fetch = std::make_shared<FetchCmd>();
  CLI::App* f = lists->add_subcommand(
      "fetch", "Download the official lists into a versioned store; refuse bad downloads");
  f->add_option("--sources", fetch->sources,
                "Sources file (TOML; the bundled one: data/sources.toml)")
      ->required();
  f->add_option("--store", fetch->store, "Store folder (created when missing)")->required();
  f->add_option("--source", fetch->only, "Only this source (repeatable)");
  f->add_option("--format", fetch->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  f->footer(
      "Exit status: 0 when every source is new or unchanged, 1 when one was refused or failed "
      "(stderr names the source and the reason; its current version keeps serving), 2 on bad "
      "usage or a bad sources file.");
  f->callback([fetch, exit_code] { *exit_code = RunFetch(*fetch); });

  auto versions = std::make_shared<VersionsCmd>();
  CLI::App* v = lists->add_subcommand("versions", "The versions of each source in a store");
  v->add_option("--store", versions->store, "Store folder")->required();
  v->add_option("--source", versions->only, "Only this source (repeatable)");
  v->add_option("--format", versions->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  v->callback([versions, exit_code] { *exit_code = RunVersions(*versions); });

  auto prune = std::make_shared<PruneCmd>();
  CLI::App* p = lists->add_subcommand(
      "prune", "Delete old versions and refused downloads (the current version always stays)");
  p->add_option("--store", prune->store, "Store folder")->required();
  p->add_option("--source", prune->only, "Only this source (repeatable)");
  p->add_option("--keep", prune->keep, "Versions to keep per source, the current one included");
  p->add_option("--max-age", prune->max_age_days, "Delete versions fetched more than DAYS ago")
      ->check(CLI::PositiveNumber);
  p->callback([prune, exit_code] { *exit_code = RunPrune(*prune); });
}

}  // namespace cordon::cli
