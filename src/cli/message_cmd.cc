// `cordon message`: screens payment and travel messages (docs/messages.md "Screening"). Thin: reads
// files, parses them (format detected from the content), inspects each message, writes one JSON
// line (or a table block) per message. A message or file that cannot be read gives a line with
// decision "error" (reason and byte offset), the batch goes on, and the exit code is 1. With --db
// the hits of each file's held messages are recorded as alerts in the case store (one run per
// file with a held message; docs/cases.md "Message alerts").
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cordon/cases.h"
#include "cordon/inspect.h"
#include "cordon/messages.h"
#include "cordon/screen.h"
#include "cordon/snapshot.h"
#include "core/files.h"
#include "core/sha256.h"
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
  std::string db;  // record held messages as alerts here ("": not recorded)
  std::string user;
};

// What --db needs while the files are read: the store and the lists screened against.
struct Recorder {
  CaseStore* store = nullptr;  // nullptr: no --db
  const Screener* screener = nullptr;
  std::string user;
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

std::string DumpLine(const json& j) {
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
  return DumpLine(j);
}

// The alerts of a recorded message, in its hits' order (CLI table and JSON).
json AlertsJson(const std::vector<MessageHitAlert>& alerts) {
  json out = json::array();
  for (const MessageHitAlert& a : alerts) {
    out.push_back({{"outcome", MessageHitOutcomeName(a.outcome)},
                   {"alert_id", a.alert_id ? json(a.alert_id) : json(nullptr)}});
  }
  return out;
}

std::string FormatResult(const MessageArgs& a, const std::string& file, size_t index,
                         const MessageResult& r, const std::vector<MessageHitAlert>* alerts,
                         int64_t run_id) {
  if (a.format == "table") {
    std::string out = TableResult(file, index, r);
    if (alerts != nullptr) {
      out += "  alerts (run " + std::to_string(run_id) + "):";
      for (const MessageHitAlert& h : *alerts) {
        out += h.alert_id ? fmt::format(" {} {}", h.alert_id, MessageHitOutcomeName(h.outcome))
                          : fmt::format(" {}", MessageHitOutcomeName(h.outcome));
      }
      out += "\n";
    }
    return out;
  }
  json j = {{"file", file}, {"message", index}};
  j.update(inspect::MessageResultToJson(r));
  if (alerts != nullptr) {
    j["run_id"] = run_id;
    j["alerts"] = AlertsJson(*alerts);
  }
  return DumpLine(j);
}

// Screens every message of one file (and with --db records the hits of the held ones); false if
// the file, or a message in it, could not be read (and so was not screened), or the hits could
// not be recorded (the results are printed all the same).
bool InspectFile(const MessageArgs& a, const MessageInspector& inspector, const Recorder& rec,
                 const std::string& file) {
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
  const size_t n = parsed->messages.size();
  std::vector<MessageResult> results(n);
  std::vector<MessageScreening> held;
  const std::string input_hash = rec.store ? "sha256:" + Sha256Hex(*bytes) : "";
  for (size_t i = 0; i < n; ++i) {
    const absl::StatusOr<Message>& m = parsed->messages[i];
    if (!m.ok()) continue;
    results[i] = inspector.Inspect(*m);
    if (!results[i].hits.empty()) held.push_back({&*m, &results[i], i, file, input_hash});
  }
  bool ok = true;
  MessageRunResult recorded;
  std::vector<const std::vector<MessageHitAlert>*> alerts(n, nullptr);
  if (rec.store != nullptr && !held.empty()) {
    absl::StatusOr<MessageRunResult> r = rec.store->RecordMessages(
        rec.user, rec.screener->lists(),
        {.engine_version = StrCat("cordon ", CORDON_VERSION), .source = file}, held);
    if (r.ok()) {
      recorded = std::move(*r);
      for (size_t k = 0; k < held.size(); ++k) alerts[held[k].index] = &recorded.messages[k];
    } else {
      std::cerr << "cordon message: " << file
                << ": the held messages were not recorded in the case database: "
                << r.status().message() << "\n";
      ok = false;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const absl::StatusOr<Message>& m = parsed->messages[i];
    ok &= m.ok();
    std::cout << (m.ok() ? FormatResult(a, file, i, results[i], alerts[i], recorded.run.run_id)
                         : FormatError(a, file, static_cast<long>(i), m.status()));
  }
  return ok;
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
  std::unique_ptr<CaseStore> store;
  if (!a.db.empty()) {
    absl::StatusOr<std::unique_ptr<CaseStore>> s = CaseStore::Open(a.db);
    if (!s.ok()) {
      std::cerr << "cordon message: case database: " << s.status().message() << "\n";
      return 1;
    }
    store = std::move(*s);
  }
  const Recorder rec{store.get(), screener->get(), a.user};
  int rc = 0;
  for (const std::string& file : ExpandFolders(a.files)) {
    if (!InspectFile(a, inspector, rec, file)) rc = 1;
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
  cmd->add_option("--db", args->db,
                  "Record the hits of held messages as alerts in this case database (a file, "
                  "sqlite:PATH or postgresql://...)");
  const char* u = std::getenv("USER");
  args->user = u && *u ? u : "cli";
  cmd->add_option("--user", args->user, "Who runs it, with --db (recorded in the audit trail)");
  cmd->add_option("files", args->files,
                  "Message files or folders (format detected from the content)")
      ->required();
  cmd->callback([args, exit_code] { *exit_code = RunMessage(*args); });
}

}  // namespace cordon::cli
