// `cordon screen` and `cordon compare` (contract in docs/matching.md and issue 3). Thin: reads
// names or query lines, calls the engine, writes jsonl, csv or a table for people.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/common.h"
#include "cordon/lists.h"
#include "cordon/screen.h"
#include "cordon/snapshot.h"
#include "core/files.h"
#include "core/strcat.h"
#include "engine/json.h"
#include "lists/csv.h"

namespace cordon::cli {
namespace {

using nlohmann::json;

std::string Msg(const absl::Status& s) { return std::string(s.message()); }

// One input record: its default id (line number) and its JSON object, or why it is unreadable.
struct Record {
  std::string id;
  absl::StatusOr<json> object;
};

// JSON lines: one record per non-empty line; ids default to the 1-based line number.
std::vector<Record> JsonlRecords(std::string_view text) {
  std::vector<Record> out;
  size_t line = 0, pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.find_first_not_of(" \t") == std::string_view::npos) continue;
    json j = json::parse(l, nullptr, false);
    if (j.is_discarded()) {
      out.push_back({std::to_string(line), absl::InvalidArgumentError("not valid JSON")});
    } else {
      out.push_back({std::to_string(line), std::move(j)});
    }
  }
  return out;
}

// CSV with a header row of the JSON field names; "identifiers" holds ';'-separated values.
absl::StatusOr<std::vector<Record>> CsvRecords(std::string_view name, std::string_view text) {
  lists::CsvReader reader(name, text);
  std::vector<std::string> header, fields;
  auto ok = reader.Next(&header);
  if (!ok.ok()) return ok.status();
  std::vector<Record> out;
  while (true) {
    auto more = reader.Next(&fields);
    if (!more.ok()) return more.status();
    if (!*more) break;
    const std::string id = std::to_string(reader.line());
    if (fields.size() != header.size()) {
      out.push_back({id, absl::InvalidArgumentError(StrCat(
                             "has ", fields.size(), " fields, the header ", header.size()))});
      continue;
    }
    json j = json::object();
    for (size_t i = 0; i < header.size(); ++i) {
      if (fields[i].empty()) continue;
      if (header[i] != "identifiers") {
        j[header[i]] = fields[i];
        continue;
      }
      json ids = json::array();
      std::istringstream ss(fields[i]);
      for (std::string v; std::getline(ss, v, ';');) {
        if (!v.empty()) ids.push_back(v);
      }
      j["identifiers"] = std::move(ids);
    }
    out.push_back({id, std::move(j)});
  }
  return out;
}

absl::StatusOr<std::vector<Record>> ReadRecords(const std::string& path) {
  auto text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  const size_t first = text->find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string::npos || (*text)[first] == '{') return JsonlRecords(*text);
  return CsvRecords(path, *text);
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
    s += (s.empty() ? "" : ", ") + m.query_token + "~" + m.list_token + " (" + m.how + ")";
  }
  return s;
}

// Formats the result of one input in the chosen format.
std::string FormatScreen(const std::string& format, const std::string& id, const std::string& name,
                         const absl::StatusOr<std::vector<Hit>>& hits) {
  if (format == "jsonl") {
    json j = {{"id", id}};
    if (!hits.ok()) {
      j["error"] = Msg(hits.status());
    } else {
      j["hits"] = json::array();
      for (const Hit& h : *hits) j["hits"].push_back(engine::HitToJson(h));
    }
    return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  }
  std::string out;
  if (format == "csv") {
    if (!hits.ok()) return StrCat(CsvField(id), ",,,,,,,", CsvField(Msg(hits.status())), "\n");
    if (hits->empty()) return StrCat(CsvField(id), ",,,,,,,\n");
    for (const Hit& h : *hits) {
      out += StrCat(CsvField(id), ",", CsvField(h.entity_id), ",", h.list, ",",
                    SchemaName(h.schema), ",", CsvField(h.name), ",", CsvField(h.matched_name), ",",
                    fmt::format("{:.4f}", h.score), ",\n");
    }
    return out;
  }
  out = StrCat(id, "  ", name, "\n");
  if (!hits.ok()) return out + StrCat("  error: ", Msg(hits.status()), "\n");
  if (hits->empty()) return out + "  no hits\n";
  for (const Hit& h : *hits) {
    out += fmt::format("  {:.2f}  {:<16} {}\n", h.score, h.entity_id, h.name);
    if (h.matched_name != h.name) out += fmt::format("        matched {}\n", h.matched_name);
    out += fmt::format("        {}\n", HowSummary(h.explanation));
  }
  return out;
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
        const Record& r = records[begin + i];
        absl::StatusOr<ScreenQuery> q =
            r.object.ok() ? engine::QueryFromJson(*r.object, r.id) : r.object.status();
        const std::string id = q.ok() ? q->id : r.id;
        const std::string name = q.ok() ? q->name : "";
        out[i] = q.ok() ? FormatScreen(a.format, id, name, s.Screen(*q, opts))
                        : FormatScreen(a.format, id, name, q.status());
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
  if (a.format == "csv") std::cout << "id,entity_id,list,schema,name,matched_name,score,error\n";
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
  if (j.contains("id") && j["id"].is_string()) *id = j["id"].get<std::string>();
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
