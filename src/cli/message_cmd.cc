// `cordon message`: screens payment and travel messages (docs/messages.md "Screening"). Thin: reads
// files, parses them (format detected from the content), inspects each message, writes one JSON
// line (or a table block) per message. A message or file that cannot be read gives a line with
// decision "error" (reason and byte offset), the batch goes on, and the exit code is 1.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cordon/inspect.h"
#include "cordon/messages.h"
#include "cordon/screen.h"
#include "cordon/snapshot.h"
#include "core/files.h"
#include "core/strcat.h"
#include "inspect/result_json.h"

namespace cordon::cli {
namespace {

using nlohmann::json;

struct MessageArgs {
  std::vector<std::string> lists;
  double threshold = kDefaultThreshold;
  std::string format = "jsonl";
  std::string jurisdictions;
  std::vector<std::string> files;
};

// Files as given, with each folder replaced by the regular files below it
// (recursively, sorted, hidden files and our .md notes left out).
std::vector<std::string> ExpandFolders(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::string> inside;
    for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && !name.starts_with(".") && !name.ends_with(".md")) {
        inside.push_back(e.path().string());
      }
    }
    std::sort(inside.begin(), inside.end());
    out.insert(out.end(), inside.begin(), inside.end());
  }
  return out;
}

std::string Dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string TableHit(const MessageHit& h) {
  if (h.kind == MessageHitKind::kJurisdiction) {
    return fmt::format("  {:<12} {:<34} {:<20} {} ({} {}{})\n", MessageHitKindName(h.kind), h.path,
                       h.role, h.text, h.attribute, h.rule.value,
                       h.rule.label.empty() ? "" : ": " + h.rule.label);
  }
  return fmt::format("  {:<12} {:<34} {:<20} \"{}\"  {:.2f}  {}  {}\n", MessageHitKindName(h.kind),
                     h.path, h.role, h.text, h.match.score, h.match.entity_id,
                     h.match.matched_name);
}

std::string TableResult(const std::string& file, size_t index, const MessageResult& r) {
  std::string out =
      fmt::format("{} #{}  {}  {}  {}\n", file, index + 1, r.format, r.id.empty() ? "-" : r.id,
                  r.decision == Decision::kHold ? "HOLD" : "pass");
  for (const MessageHit& h : r.hits) out += TableHit(h);
  for (const PartyResult& p : r.passengers) {
    out +=
        fmt::format("  {:<9} {:<14} {:<30} {}\n", p.role, p.path, p.name, DecisionName(p.decision));
  }
  for (const AttributeWarning& w : r.warnings) {
    out += fmt::format("  warning: {} \"{}\": {}\n", w.field, w.value, w.message);
  }
  std::string by_id, unscreened;
  for (const UnnamedParty& u : r.unnamed) {
    (u.screened.empty() ? unscreened : by_id) += " " + u.path;
  }
  if (!by_id.empty()) out += "  no name, screened by BIC/LEI only:" + by_id + "\n";
  if (!unscreened.empty()) out += "  no name, nothing to screen:" + unscreened + "\n";
  for (const std::string& n : r.notes) out += fmt::format("  note: {}\n", n);
  return out;
}

// One output record for a message (or for a file that could not be parsed, index = -1).
std::string FormatError(const MessageArgs& a, const std::string& file, long index,
                        const absl::Status& status) {
  if (a.format == "table") {
    return fmt::format("{} #{}  ERROR  {}\n", file, index < 0 ? 0 : index + 1,
                       std::string(status.message()));
  }
  json j = {{"file", file}};
  if (index >= 0) j["message"] = index;
  j.update(inspect::MessageErrorToJson(status));
  return Dump(j);
}

std::string FormatResult(const MessageArgs& a, const std::string& file, size_t index,
                         const MessageResult& r) {
  if (a.format == "table") return TableResult(file, index, r);
  json j = {{"file", file}, {"message", index}};
  j.update(inspect::MessageResultToJson(r));
  return Dump(j);
}

// Screens every message of one file; false if the file, or a message in it, could not be read
// (and so was not screened).
bool InspectFile(const MessageArgs& a, const MessageInspector& inspector, const std::string& file) {
  absl::StatusOr<std::string> bytes = ReadFileToString(file);
  if (!bytes.ok()) {
    std::cerr << "cordon message: " << bytes.status().message() << "\n";
    return false;
  }
  absl::StatusOr<ParsedMessages> parsed = ParseMessages(file, *bytes);
  if (!parsed.ok()) {
    std::cout << FormatError(a, file, -1, parsed.status());
    return false;
  }
  bool all_read = true;
  for (size_t i = 0; i < parsed->messages.size(); ++i) {
    const absl::StatusOr<Message>& m = parsed->messages[i];
    all_read &= m.ok();
    std::cout << (m.ok() ? FormatResult(a, file, i, inspector.Inspect(*m))
                         : FormatError(a, file, static_cast<long>(i), m.status()));
  }
  return all_read;
}

absl::StatusOr<std::unique_ptr<JurisdictionRules>> LoadJurisdictions(const std::string& path) {
  if (path.empty()) return nullptr;
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<JurisdictionRules> rules = ParseJurisdictionRules(path, *text);
  if (!rules.ok()) return rules.status();
  return std::make_unique<JurisdictionRules>(std::move(*rules));
}

int RunMessage(const MessageArgs& a) {
  absl::StatusOr<std::unique_ptr<JurisdictionRules>> rules = LoadJurisdictions(a.jurisdictions);
  if (!rules.ok()) {
    std::cerr << "cordon message: " << rules.status().message() << "\n";
    return 1;
  }
  auto screener = OpenCliScreener(a.lists);
  if (!screener.ok()) {
    std::cerr << "cordon message: " << screener.status().message() << "\n";
    return 1;
  }
  const MessageInspector inspector(screener->get(),
                                   {.threshold = a.threshold, .jurisdictions = rules->get()});
  int rc = 0;
  for (const std::string& file : ExpandFolders(a.files)) {
    if (!InspectFile(a, inspector, file)) rc = 1;
  }
  return rc;
}

}  // namespace

void RegisterMessageCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<MessageArgs>();
  CLI::App* cmd = app.add_subcommand(
      "message", "Screen payment and travel messages (ISO 20022, SWIFT MT, PAXLST, PNRGOV)");
  AddListsOption(cmd, &args->lists);
  cmd->add_option("--threshold", args->threshold, "Alert threshold in [0,1]")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--format", args->format, "jsonl or table")
      ->check(CLI::IsMember({"jsonl", "table"}));
  cmd->add_option("--jurisdictions", args->jurisdictions,
                  "Embargoed countries and places (data/jurisdictions/README.md)");
  cmd->add_option("files", args->files,
                  "Message files or folders (format detected from the content)")
      ->required();
  cmd->callback([args, exit_code] { *exit_code = RunMessage(*args); });
}

}  // namespace cordon::cli
