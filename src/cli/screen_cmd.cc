// `cordon screen` and `cordon compare` (contract in docs/matching.md and issue 3). Thin: reads
// names or query lines, calls the engine, writes jsonl, csv or a table for people.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/commands.h"
#include "cli/common.h"
#include "cases/subject_file.h"
#include "cordon/lists.h"
#include "cordon/screen.h"
#include "cordon/snapshot.h"
#include "core/files.h"
#include "core/strcat.h"
#include "engine/json.h"

namespace cordon::cli {
namespace {

using nlohmann::json;

std::string Msg(const absl::Status& s) { return std::string(s.message()); }

// One input record: its default id (line number), the line it starts on (0 for a name given as
// an argument), and its JSON object, or why it is unreadable.
struct Record {
  std::string id;
  absl::StatusOr<json> object;
  size_t line = 0;
};

absl::StatusOr<std::vector<Record>> ReadRecords(const std::string& path) {
  auto text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  auto read = cases::ReadSubjectRecords(path, *text);
  if (!read.ok()) return read.status();
  // Ids default to the line number.
  std::vector<Record> out;
  out.reserve(read->size());
  for (cases::SubjectRecord& r : *read) {
    out.push_back({r.id.empty() ? std::to_string(r.line) : std::move(r.id), std::move(r.object),
                   r.line});
  }
  return out;
}

absl::StatusOr<std::unique_ptr<Screener>> MakeScreener(const std::vector<std::string>& paths) {
  return OpenCliScreener(paths);
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string HowSummary(const Explanation& x) {
  std::string s;
  for (const TokenMatch& m : x.alignment) {
    s += (s.empty() ? "" : ", ") + m.query_token + "~" + m.list_token + " (" +
         std::string(MatchHowName(m.how)) + ")";
  }
  return s;
}

// The outcome of one input: its hits and the attributes it could not read, or why it was not
// screened at all.
struct Outcome {
  std::string id;
  size_t line = 0;  // of an input file; 0 for a name given as an argument
  std::string name;
  absl::StatusOr<std::vector<Hit>> hits;
  std::vector<AttributeWarning> warnings;
};

std::string WarningsText(const std::vector<AttributeWarning>& warnings) {
  std::string s;
  for (const AttributeWarning& w : warnings) {
    s += StrCat(s.empty() ? "" : "; ", w.field, " \"", w.value, "\": ", w.message);
  }
  return s;
}

std::string FormatJsonl(const Outcome& o) {
  json j = {{"id", o.id}};
  if (!o.hits.ok()) {
    if (o.line > 0) j["line"] = o.line;
    j["error"] = Msg(o.hits.status());
  } else {
    j["hits"] = json::array();
    for (const Hit& h : *o.hits) j["hits"].push_back(engine::HitToJson(h));
    if (!o.warnings.empty()) j["warnings"] = engine::WarningsToJson(o.warnings);
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string FormatCsv(const Outcome& o) {
  if (!o.hits.ok()) {
    const std::string where = o.line > 0 ? StrCat("line ", o.line, ": ") : "";
    return StrCat(CsvField(o.id), ",,,,,,,", CsvField(where + Msg(o.hits.status())), ",\n");
  }
  const std::string warnings = CsvField(WarningsText(o.warnings));
  if (o.hits->empty()) return StrCat(CsvField(o.id), ",,,,,,,,", warnings, "\n");
  std::string out;
  for (const Hit& h : *o.hits) {
    out += StrCat(CsvField(o.id), ",", CsvField(h.entity_id), ",", h.list, ",",
                  SchemaName(h.schema), ",", CsvField(h.name), ",", CsvField(h.matched_name), ",",
                  fmt::format("{:.4f}", h.score), ",,", warnings, "\n");
  }
  return out;
}

std::string FormatTable(const Outcome& o) {
  std::string out = StrCat(o.id, "  ", o.name, "\n");
  if (!o.hits.ok()) {
    const std::string where = o.line > 0 ? StrCat(" (line ", o.line, ")") : "";
    return out + StrCat("  error", where, ": ", Msg(o.hits.status()), "\n");
  }
  for (const AttributeWarning& w : o.warnings) {
    out += fmt::format("  warning: {} \"{}\": {}\n", w.field, w.value, w.message);
  }
  if (o.hits->empty()) return out + "  no hits\n";
  for (const Hit& h : *o.hits) {
    out += fmt::format("  {:.2f}  {:<16} {}\n", h.score, h.entity_id, h.name);
    if (h.matched_name != h.name) out += fmt::format("        matched {}\n", h.matched_name);
    out += fmt::format("        {}\n", HowSummary(h.explanation));
  }
  return out;
}

// Formats the result of one input in the chosen format.
std::string FormatScreen(const std::string& format, const Outcome& o) {
  if (format == "jsonl") return FormatJsonl(o);
  if (format == "csv") return FormatCsv(o);
  return FormatTable(o);
}

// Reads and screens one record. A record without a usable name is an error that still carries
// its id and line; attributes that cannot be read become warnings.
Outcome ScreenRecord(const Screener& s, const ScreenOptions& opts, const Record& r) {
  Outcome o{.id = r.id, .line = r.line, .hits = std::vector<Hit>()};
  if (!r.object.ok()) {
    o.hits = r.object.status();
    return o;
  }
  o.id = engine::QueryIdOf(*r.object, r.id);
  absl::StatusOr<engine::ParsedQuery> q = engine::QueryFromJson(*r.object, r.id);
  if (!q.ok()) {
    o.hits = q.status();
    return o;
  }
  o.name = q->query.name;
  o.hits = s.Screen(q->query, opts);
  o.warnings = std::move(q->warnings);
  return o;
}

struct ScreenArgs {
  std::vector<std::string> lists;
  double threshold = kDefaultThreshold;
  size_t limit = 10;
  std::string format = "jsonl";
  std::string input;
  unsigned threads = 0;
  std::vector<std::string> names;
};

// Screens records in blocks on `threads` threads and prints the results in input order.
void ScreenRecords(const Screener& s, const ScreenArgs& a, const std::vector<Record>& records) {
  const ScreenOptions opts{.threshold = a.threshold, .limit = a.limit};
  const unsigned threads =
      std::max(1u, a.threads ? a.threads : std::thread::hardware_concurrency());
  const bool progress = isatty(STDERR_FILENO) && records.size() > 1000;
  constexpr size_t kBlock = 4096;
  std::vector<std::string> out;
  for (size_t begin = 0; begin < records.size(); begin += kBlock) {
    const size_t n = std::min(kBlock, records.size() - begin);
    out.assign(n, std::string());
    auto work = [&](unsigned t) {
      for (size_t i = t; i < n; i += threads) {
        out[i] = FormatScreen(a.format, ScreenRecord(s, opts, records[begin + i]));
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (std::thread& t : pool) t.join();
    for (const std::string& line : out) std::cout << line;
    if (progress) std::cerr << "\rscreened " << begin + n << "/" << records.size() << std::flush;
  }
  if (progress) std::cerr << "\n";
}

int RunScreen(const ScreenArgs& a) {
  std::vector<Record> records;
  if (!a.input.empty()) {
    auto r = ReadRecords(a.input);
    if (!r.ok()) {
      std::cerr << "cordon screen: " << Msg(r.status()) << "\n";
      return 1;
    }
    records = std::move(*r);
  }
  for (size_t i = 0; i < a.names.size(); ++i) {
    records.push_back({std::to_string(records.size() + 1), json{{"name", a.names[i]}}});
  }
  if (records.empty()) {
    std::cerr << "cordon screen: give names or --input (see cordon screen --help)\n";
    return 2;
  }
  auto screener = MakeScreener(a.lists);
  if (!screener.ok()) {
    std::cerr << "cordon screen: " << Msg(screener.status()) << "\n";
    return 1;
  }
  if (a.format == "csv") {
    std::cout << "id,entity_id,list,schema,name,matched_name,score,error,warnings\n";
  }
  ScreenRecords(**screener, a, records);
  return 0;
}

std::string FormatCompare(const std::string& format, const std::string& id,
                          const absl::StatusOr<CompareResult>& r) {
  if (!r.ok()) {
    json j = {{"id", id}, {"error", Msg(r.status())}};
    return format == "jsonl" ? j.dump() + "\n" : StrCat(id, "  error: ", Msg(r.status()), "\n");
  }
  if (format == "jsonl") {
    return engine::CompareToJson(id, *r).dump(-1, ' ', false, json::error_handler_t::replace) +
           "\n";
  }
  return fmt::format("{}  {:.2f}  {}  {}\n", id, r->score, r->match ? "match" : "no match",
                     HowSummary(r->explanation));
}

absl::StatusOr<CompareResult> CompareRecord(const Screener& s, const Record& r, std::string* id) {
  if (!r.object.ok()) return r.object.status();
  const json& j = *r.object;
  if (!j.is_object()) return absl::InvalidArgumentError("not a JSON object");
  *id = engine::QueryIdOf(j, *id);
  for (const char* f : {"name1", "name2"}) {
    if (!j.contains(f) || !j[f].is_string()) {
      return absl::InvalidArgumentError(StrCat(f, ": missing or not a string"));
    }
  }
  auto schema = engine::ParseQuerySchema(j.value("schema", std::string()));
  if (!schema.ok()) return schema.status();
  return s.Compare(j["name1"].get<std::string>(), j["name2"].get<std::string>(), *schema);
}

int RunCompare(const std::string& schema_text, const std::string& format, const std::string& input,
               const std::vector<std::string>& names) {
  std::vector<Record> records;
  if (!input.empty()) {
    auto r = ReadRecords(input);
    if (!r.ok()) {
      std::cerr << "cordon compare: " << Msg(r.status()) << "\n";
      return 1;
    }
    records = std::move(*r);
  } else if (names.size() == 2) {
    records.push_back(
        {"1", json{{"name1", names[0]}, {"name2", names[1]}, {"schema", schema_text}}});
  } else {
    std::cerr << "cordon compare: give NAME1 NAME2 or --input\n";
    return 2;
  }
  // Compare uses no list: token weights come from the embedded population statistics.
  auto s = Screener::Create({});
  if (!s.ok()) {
    std::cerr << "cordon compare: " << Msg(s.status()) << "\n";
    return 1;
  }
  for (const Record& r : records) {
    std::string id = r.id;
    const absl::StatusOr<CompareResult> res = CompareRecord(**s, r, &id);
    std::cout << FormatCompare(format, id, res);
  }
  return 0;
}

}  // namespace

void RegisterScreenCommands(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ScreenArgs>();
  CLI::App* screen = app.add_subcommand("screen", "Screen names against the lists");
  AddListsOption(screen, &args->lists);
  screen->add_option("--threshold", args->threshold, "Alert threshold in [0,1]")
      ->check(CLI::Range(0.0, 1.0));
  screen->add_option("--limit", args->limit, "Most hits per name");
  screen->add_option("--format", args->format, "jsonl, csv or table")
      ->check(CLI::IsMember({"jsonl", "csv", "table"}));
  screen->add_option("--input", args->input, "JSON lines or CSV file of queries, - for stdin");
  screen->add_option("--threads", args->threads, "Worker threads (default: all cores)");
  screen->add_option("names", args->names, "Names to screen");
  screen->callback([args, exit_code] { *exit_code = RunScreen(*args); });

  auto schema = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("jsonl");
  auto input = std::make_shared<std::string>();
  auto names = std::make_shared<std::vector<std::string>>();
  CLI::App* compare = app.add_subcommand("compare", "Score two names against each other");
  compare->add_option("--schema", *schema, "Person, Organization, Vessel, Aircraft or Any");
  compare->add_option("--format", *format, "jsonl or table")
      ->check(CLI::IsMember({"jsonl", "table"}));
  compare->add_option("--input", *input, "JSON lines or CSV of {id,name1,name2,schema}");
  compare->add_option("names", *names, "NAME1 NAME2");
  compare->callback([=] { *exit_code = RunCompare(*schema, *format, *input, *names); });
}

}  // namespace cordon::cli
