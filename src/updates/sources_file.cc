// The sources file (TOML): [fetch] settings and one [[source]] table per list.
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <toml.hpp>

#include "cordon/lists.h"
#include "cordon/updates.h"
#include "core/strcat.h"

namespace cordon {
namespace {

// Hostile input: a sources file may come from anywhere. Bounds that no real file reaches.
constexpr size_t kMaxSources = 1000;
constexpr size_t kMaxUrls = 64;
constexpr size_t kMaxText = 4096;

// Formats a source may name: every list format cordon loads (cordon/lists.h).
const std::set<std::string, std::less<>>& KnownFormats() {
  static const auto* formats = [] {
    auto* s = new std::set<std::string, std::less<>>();
    for (int f = static_cast<int>(ListFormat::kUnXml); f <= static_cast<int>(ListFormat::kSnapshot);
         ++f) {
      s->insert(std::string(ListFormatName(static_cast<ListFormat>(f))));
    }
    return s;
  }();
  return *formats;
}

bool IsSourceName(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

bool IsUrl(std::string_view u) {
  return (u.starts_with("https://") || u.starts_with("http://") || u.starts_with("file://")) &&
         u.size() <= kMaxText && u.find_first_of(" \t\r\n") == std::string_view::npos;
}

// Reads keys of one table through typed setters; unknown keys are errors.
class TableReader {
 public:
  TableReader(const toml::value& table, std::string where)
      : table_(table), where_(std::move(where)) {}

  absl::Status Text(const char* key, std::string* out) {
    const toml::value* v = Find(key);
    if (v == nullptr) return absl::OkStatus();
    if (!v->is_string() || v->as_string().str.size() > kMaxText)
      return Bad(key, "expected a string");
    *out = v->as_string().str;
    return absl::OkStatus();
  }
  absl::Status Number(const char* key, double lo, double hi, double* out) {
    const toml::value* v = Find(key);
    if (v == nullptr) return absl::OkStatus();
    if (!v->is_floating() && !v->is_integer()) return Bad(key, "expected a number");
    const double x = v->is_floating() ? v->as_floating() : static_cast<double>(v->as_integer());
    if (!std::isfinite(x) || x < lo || x > hi) {
      return Bad(key, StrCat("expected a number from ", lo, " to ", hi));
    }
    *out = x;
    return absl::OkStatus();
  }
  absl::Status Bool(const char* key, bool* out) {
    const toml::value* v = Find(key);
    if (v == nullptr) return absl::OkStatus();
    if (!v->is_boolean()) return Bad(key, "expected true or false");
    *out = v->as_boolean();
    return absl::OkStatus();
  }
  absl::Status Texts(const char* key, std::vector<std::string>* out) {
    const toml::value* v = Find(key);
    if (v == nullptr) return absl::OkStatus();
    if (!v->is_array() || v->as_array().size() > kMaxUrls) {
      return Bad(key, StrCat("expected an array of at most ", kMaxUrls, " strings"));
    }
    for (const toml::value& s : v->as_array()) {
      if (!s.is_string()) return Bad(key, "expected an array of strings");
      out->push_back(s.as_string().str);
    }
    return absl::OkStatus();
  }
  // Keys present but never asked for.
  absl::Status Finish() const {
    for (const auto& [k, v] : table_.as_table()) {
      if (!asked_.contains(k)) return Bad(k.c_str(), "unknown key");
    }
    return absl::OkStatus();
  }
  absl::Status Bad(const char* key, std::string_view why) const {
    return absl::InvalidArgumentError(StrCat(where_, ": ", key, ": ", why));
  }

 private:
  const toml::value* Find(const char* key) {
    asked_.insert(key);
    const auto& t = table_.as_table();
    const auto it = t.find(key);
    return it == t.end() ? nullptr : &it->second;
  }
  const toml::value& table_;
  std::string where_;
  std::set<std::string, std::less<>> asked_;
};

absl::Status ReadFetch(const toml::value& v, std::string_view name, FetchOptions* f) {
  if (!v.is_table()) return absl::InvalidArgumentError(StrCat(name, ": fetch: expected a table"));
  TableReader r(v, StrCat(name, ":", v.location().line(), ": fetch"));
  double retries = f->retries, max_bytes = static_cast<double>(f->max_bytes);
  for (absl::Status s :
       {r.Number("connect_timeout_seconds", 0.1, 3600, &f->connect_timeout_seconds),
        r.Number("timeout_seconds", 0.1, 86400, &f->timeout_seconds),
        r.Number("stall_seconds", 0.1, 3600, &f->stall_seconds),
        r.Number("retries", 0, 20, &retries),
        r.Number("backoff_seconds", 0, 3600, &f->backoff_seconds),
        r.Number("max_bytes", 1, 64.0 * (1ull << 30), &max_bytes), r.Text("ca_file", &f->ca_file),
        r.Text("user_agent", &f->user_agent), r.Finish()}) {
    if (!s.ok()) return s;
  }
  if (retries != std::floor(retries)) return r.Bad("retries", "expected a whole number");
  f->retries = static_cast<int>(retries);
  f->max_bytes = static_cast<uint64_t>(max_bytes);
  return absl::OkStatus();
}

absl::StatusOr<SourceSpec> ReadSource(const toml::value& v, std::string_view name, size_t n,
                                      bool* enabled) {
  if (!v.is_table()) {
    return absl::InvalidArgumentError(StrCat(name, ": source ", n, ": expected a table"));
  }
  SourceSpec s;
  TableReader r(v, StrCat(name, ":", v.location().line(), ": source ", n));
  std::string url;
  for (absl::Status st :
       {r.Text("name", &s.name), r.Text("title", &s.title), r.Text("url", &url),
        r.Texts("urls", &s.urls), r.Text("format", &s.format),
        r.Number("min_entity_share", 0, 1, &s.guards.min_entity_share),
        r.Bool("refuse_older", &s.guards.refuse_older), r.Text("sha256_url", &s.sha256_url),
        r.Bool("enabled", enabled), r.Finish()}) {
    if (!st.ok()) return st;
  }
  if (!IsSourceName(s.name)) return r.Bad("name", "expected 1-32 of [a-z0-9_-]");
  if (!url.empty() && !s.urls.empty()) return r.Bad("url", "give url or urls, not both");
  if (!url.empty()) s.urls = {url};
  if (s.urls.empty()) return r.Bad("url", "missing (url = \"https://...\")");
  for (const std::string& u : s.urls) {
    if (!IsUrl(u)) return r.Bad("url", StrCat("\"", u, "\" is not an http, https or file URL"));
  }
  if (!s.sha256_url.empty() && !IsUrl(s.sha256_url)) {
    return r.Bad("sha256_url", "not an http, https or file URL");
  }
  if (!s.sha256_url.empty() && s.urls.size() != 1) {
    return r.Bad("sha256_url", "only for a source of one file");
  }
  if (!KnownFormats().contains(s.format) || s.format == "unknown") {
    return r.Bad("format",
                 StrCat("\"", s.format, "\" is not a list format (see cordon lists show)"));
  }
  return s;
}

// toml11 parses nested arrays and inline tables recursively: a hostile file of a million '['
// would overflow the stack. A sources file nests two levels; brackets outside strings and
// comments deeper than this are refused before parsing.
constexpr int kMaxNesting = 16;

absl::Status CheckNesting(std::string_view name, std::string_view text) {
  int depth = 0;
  char quote = 0;
  bool comment = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (comment) {
      comment = c != '\n';
    } else if (quote != 0) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote || c == '\n') {
        quote = 0;
      }
    } else if (c == '#') {
      comment = true;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNesting) {
        return absl::InvalidArgumentError(
            StrCat(name, ": byte ", i, ": nested deeper than ", kMaxNesting, " levels"));
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SourcesFile> ParseSourcesFile(std::string_view name, std::string_view text) {
  if (absl::Status s = CheckNesting(name, text); !s.ok()) return s;
  toml::value root;
  try {
    std::istringstream in{std::string(text)};
    root = toml::parse(in, std::string(name));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(StrCat(name, ": not valid TOML: ", e.what()));
  }
  if (!root.is_table()) return absl::InvalidArgumentError(StrCat(name, ": not a TOML table"));
  SourcesFile out;
  for (const auto& [key, v] : root.as_table()) {
    if (key == "fetch") {
      if (absl::Status s = ReadFetch(v, name, &out.fetch); !s.ok()) return s;
    } else if (key == "source") {
      if (!v.is_array() || v.as_array().size() > kMaxSources) {
        return absl::InvalidArgumentError(
            StrCat(name, ": source: expected [[source]] tables (at most ", kMaxSources, ")"));
      }
      std::set<std::string> names;
      for (size_t i = 0; i < v.as_array().size(); ++i) {
        bool enabled = true;
        absl::StatusOr<SourceSpec> s = ReadSource(v.as_array()[i], name, i + 1, &enabled);
        if (!s.ok()) return s.status();
        if (!names.insert(s->name).second) {
          return absl::InvalidArgumentError(
              StrCat(name, ": source ", i + 1, ": name: \"", s->name, "\" given twice"));
        }
        if (enabled) out.sources.push_back(*std::move(s));
      }
    } else {
      return absl::InvalidArgumentError(StrCat(name, ":", v.location().line(), ": ", key,
                                               ": unknown key (expected fetch or source)"));
    }
  }
  if (out.sources.empty()) {
    return absl::InvalidArgumentError(StrCat(name, ": no enabled [[source]]"));
  }
  return out;
}

absl::StatusOr<SourcesFile> ReadSourcesFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat(path, ": cannot open the sources file"));
  std::stringstream ss;
  ss << in.rdbuf();
  if (ss.str().size() > (1u << 20)) {
    return absl::InvalidArgumentError(StrCat(path, ": larger than 1 MiB: not a sources file"));
  }
  return ParseSourcesFile(path, ss.str());
}

}  // namespace cordon
