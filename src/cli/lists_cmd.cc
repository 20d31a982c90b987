// `cordon lists show` and `cordon lists diff`: what the loaded lists hold, and
// what changed between two versions of a list.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "cordon/lists.h"
#include "cordon/sources.h"
#include "cordon/updates.h"
#include "core/strcat.h"
#include "lists/diff.h"
#include "lists/ftm_export.h"
#include "updates/version_files.h"

namespace cordon::cli {
namespace {

using nlohmann::json;

struct ShowOptions {
  std::vector<std::string> lists;
  std::string format = "text";
  bool verbose = false;
};

struct ExportOptions {
  std::vector<std::string> lists;
  std::string format = "ftm";
  std::string output;  // "" = stdout
};

struct DiffOptions {
  std::string old_path;
  std::string new_path;
  std::string format = "text";
  std::string store;  // with source: OLD and NEW are version ids of the store ("current" too)
  std::string source;
};

// Name counts of one list, for `lists show`.
struct NameStats {
  size_t primary = 0;
  std::map<std::string, size_t> aliases;  // "aka/strong" -> count
  size_t original_script = 0;             // names in a script other than Latin
};

NameStats CountNames(const LoadedList& l) {
  NameStats s;
  for (const Entity& e : l.entities) {
    for (const Name& n : e.names) {
      if (n.kind == NameKind::kPrimary) {
        ++s.primary;
      } else {
        ++s.aliases[StrCat(NameKindName(n.kind), "/", NameStrengthName(n.strength))];
      }
      // "Original script" is what the lists call names not written in Latin
      // letters; names without letters (script "") are not counted.
      if (!n.script.empty() && n.script != "Latn") ++s.original_script;
    }
  }
  return s;
}

std::map<std::string, size_t> CountSchemas(const LoadedList& l) {
  std::map<std::string, size_t> out;
  for (const Entity& e : l.entities) ++out[std::string(SchemaName(e.schema))];
  return out;
}

json ShowJson(const LoadedList& l, bool verbose) {
  const NameStats names = CountNames(l);
  size_t alias_total = 0;
  for (const auto& [kind, n] : names.aliases) alias_total += n;
  json j = lists::ListVersionToJson(l.version);
  j["entities"] = l.entities.size();
  j["schemas"] = CountSchemas(l);
  j["names"] = {{"primary", names.primary},
                {"aliases", alias_total},
                {"aliases_by_kind", names.aliases},
                {"original_script", names.original_script}};
  j["skipped"] = l.skipped.size();
  if (verbose) {
    j["skipped_notes"] = json::array();
    for (const LoadNote& n : l.skipped) {
      j["skipped_notes"].push_back(
          {{"file", n.file}, {"line", n.line}, {"field", n.field}, {"reason", n.reason}});
    }
  }
  return j;
}

std::string JoinCounts(const std::map<std::string, size_t>& counts) {
  std::string out;
  for (const auto& [key, n] : counts) out += StrCat(out.empty() ? "" : ", ", key, " ", n);
  return out;
}

void PrintShowText(const LoadedList& l, bool verbose) {
  const ListVersion& v = l.version;
  const NameStats names = CountNames(l);
  size_t alias_total = 0;
  for (const auto& [kind, n] : names.aliases) alias_total += n;
  std::cout << v.list << "  " << v.title << "\n"
            << "  format:     " << v.format << "\n"
            << "  published:  " << (v.published.empty() ? "(not stated)" : v.published) << "\n"
            << "  content:    " << v.content_hash << "\n";
  for (const std::string& f : v.files) std::cout << "  file:       " << f << "\n";
  std::cout << "  entities:   " << l.entities.size() << " (" << JoinCounts(CountSchemas(l)) << ")\n"
            << "  names:      " << names.primary << " primary, " << alias_total << " aliases ("
            << JoinCounts(names.aliases) << "), " << names.original_script
            << " in original script\n"
            << "  skipped:    " << l.skipped.size() << "\n";
  if (verbose) {
    for (const LoadNote& n : l.skipped) {
      std::cout << "    " << n.file << ":" << n.line << ": " << n.field << ": " << n.reason << "\n";
    }
  }
}

// Loads `paths` (the bundled lists when empty: cli/common.h); prints the error and returns
// nullopt on failure.
std::optional<std::vector<LoadedList>> Load(const std::vector<std::string>& paths) {
  absl::StatusOr<std::vector<LoadedList>> lists = LoadCliLists(paths);
  if (!lists.ok()) {
    std::cerr << "cordon: " << lists.status().message() << "\n";
    return std::nullopt;
  }
  return std::move(*lists);
}

int RunShow(const ShowOptions& o) {
  std::optional<std::vector<LoadedList>> lists = Load(o.lists);
  if (!lists) return 1;
  if (o.format == "json") {
    json out = json::array();
    for (const LoadedList& l : *lists) out.push_back(ShowJson(l, o.verbose));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (size_t i = 0; i < lists->size(); ++i) {
    if (i > 0) std::cout << "\n";
    PrintShowText((*lists)[i], o.verbose);
  }
  return 0;
}

// ------------------------------------------------------------------- diff

void PrintDiffText(const lists::ListDiff& d) {
  auto when = [](const ListVersion& v) {
    return v.published.empty() ? v.content_hash : v.published;
  };
  std::cout << d.new_version.list << ": " << d.new_version.title << "\n"
            << "  old: " << when(d.old_version) << "\n"
            << "  new: " << when(d.new_version) << "\n"
            << "  added " << d.added.size() << ", removed " << d.removed.size() << ", changed "
            << d.changed.size() << ", unchanged " << d.unchanged << "\n";
  for (const auto& r : d.added) {
    std::cout << "+ " << r.id << "  " << r.name << " (" << SchemaName(r.schema) << ")\n";
  }
  for (const auto& r : d.removed) {
    std::cout << "- " << r.id << "  " << r.name << " (" << SchemaName(r.schema) << ")\n";
  }
  for (const auto& c : d.changed) {
    std::cout << "~ " << c.id << "  " << c.name << "\n";
    for (const auto& f : c.fields) {
      if (f.reordered) std::cout << "    " << f.field << ": same values, new order\n";
      for (const auto& v : f.removed) std::cout << "    " << f.field << " - " << v << "\n";
      for (const auto& v : f.added) std::cout << "    " << f.field << " + " << v << "\n";
    }
  }
}

int RunDiff(const DiffOptions& o) {
  std::vector<std::string> old_paths{o.old_path}, new_paths{o.new_path};
  if (!o.store.empty() || !o.source.empty()) {
    if (o.store.empty() || o.source.empty()) {
      std::cerr << "cordon: lists diff: --store and --source go together\n";
      return 2;
    }
    if (!std::filesystem::exists(std::filesystem::path(o.store) / "store.json")) {
      std::cerr << "cordon: " << o.store << ": not a list store (no store.json)\n";
      return 1;
    }
    absl::StatusOr<Store> store = Store::Open(o.store);
    if (!store.ok()) {
      std::cerr << "cordon: " << store.status().message() << "\n";
      return 1;
    }
    absl::StatusOr<std::vector<std::string>> old_files =
        StoredVersionFiles(*store, o.source, o.old_path);
    absl::StatusOr<std::vector<std::string>> new_files =
        StoredVersionFiles(*store, o.source, o.new_path);
    for (const auto* files : {&old_files, &new_files}) {
      if (!files->ok()) {
        std::cerr << "cordon: " << files->status().message() << "\n";
        return 1;
      }
    }
    old_paths = std::move(*old_files);
    new_paths = std::move(*new_files);
  }
  std::optional<std::vector<LoadedList>> old_lists = Load(old_paths);
  if (!old_lists) return 1;
  std::optional<std::vector<LoadedList>> new_lists = Load(new_paths);
  if (!new_lists) return 1;
  absl::StatusOr<lists::ListSetDiff> diff =
      lists::DiffListSets(*old_lists, *new_lists, o.old_path, o.new_path);
  if (!diff.ok()) {
    std::cerr << "cordon: " << diff.status().message() << "\n";
    return 1;
  }
  if (o.format == "json") {
    std::cout << lists::ListSetDiffToJson(*diff).dump(2) << "\n";
    return 0;
  }
  for (const auto& d : diff->lists) PrintDiffText(d);
  for (const auto& c : diff->only_in_old) {
    std::cout << "list '" << c << "' only in " << o.old_path << "\n";
  }
  for (const auto& c : diff->only_in_new) {
    std::cout << "list '" << c << "' only in " << o.new_path << "\n";
  }
  return 0;
}

// ----------------------------------------------------------------- export

int RunExport(const ExportOptions& o) {
  std::optional<std::vector<LoadedList>> lists = Load(o.lists);
  if (!lists) return 1;
  std::ofstream file;
  if (!o.output.empty()) {
    file.open(o.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "cordon: " << o.output << ": cannot write\n";
      return 1;
    }
  }
  std::ostream& out = o.output.empty() ? std::cout : file;
  for (const LoadedList& l : *lists) {
    for (const Entity& e : l.entities) out << lists::EntityToFtmJson(e) << '\n';
  }
  out.flush();
  if (!out) {
    std::cerr << "cordon: " << (o.output.empty() ? "stdout" : o.output) << ": write failed\n";
    return 1;
  }
  return 0;
}

}  // namespace

void RegisterListsCommands(CLI::App& app, int* exit_code) {
  CLI::App* lists = app.add_subcommand("lists", "Inspect and compare watchlists");
  lists->require_subcommand(1);

  auto show = std::make_shared<ShowOptions>();
  CLI::App* s = lists->add_subcommand("show", "Versions and counts of the loaded lists");
  s->add_option("--lists", show->lists,
                "List file, folder or snapshot (repeatable; default: the bundled lists)");
  s->add_option("--format", show->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  s->add_flag("--verbose,-v", show->verbose, "Also list every skipped record and why");
  s->callback([show, exit_code] { *exit_code = RunShow(*show); });

  auto diff = std::make_shared<DiffOptions>();
  CLI::App* d = lists->add_subcommand(
      "diff", "Entries added, removed and changed between two versions of the lists");
  d->add_option("OLD", diff->old_path,
                "Old list file, folder or snapshot; with --store, a version id")
      ->required();
  d->add_option("NEW", diff->new_path,
                "New list file, folder or snapshot; with --store, a version id or current")
      ->required();
  d->add_option("--store", diff->store,
                "List store (cordon lists fetch): OLD and NEW are versions");
  d->add_option("--source", diff->source, "The source of the store whose versions are compared");
  d->add_option("--format", diff->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  d->callback([diff, exit_code] { *exit_code = RunDiff(*diff); });

  auto exp = std::make_shared<ExportOptions>();
  CLI::App* e = lists->add_subcommand(
      "export", "Write the lists as FollowTheMoney JSON lines (one entity per line)");
  e->add_option("--lists", exp->lists,
                "List file, folder or snapshot (repeatable; default: the bundled lists)");
  e->add_option("--format", exp->format, "Output format")->check(CLI::IsMember({"ftm"}));
  e->add_option("-o,--output", exp->output, "File to write (default: stdout)");
  e->callback([exp, exit_code] { *exit_code = RunExport(*exp); });

  RegisterListUpdateCommands(lists, exit_code);
}

}  // namespace cordon::cli
