#include "service/config.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <toml.hpp>

#include "core/strcat.h"

namespace cordon::service {
namespace {

// Large enough for any timeout anyone means (35 years in milliseconds), small enough that a
// duration in nanoseconds cannot overflow.
constexpr double kMaxMs = double(int64_t{1} << 40);

const std::vector<ServiceSetting>& MakeSettings() {
  using C = ServiceConfig;
  static const std::vector<ServiceSetting> settings = {
      {"listen", "--listen", "HOST:PORT (default 127.0.0.1:8080; port 0: any free port)",
       &C::listen},
      {"lists", "--lists", "List file, folder or snapshot (repeatable; default: the bundled lists)",
       &C::lists, true},
      {"threshold", "--threshold", "Alert threshold in [0,1]", &C::threshold, false, 0, 1},
      {"limit", "", "Hits per party", &C::limit, false, 1, 10000},
      {"max_batch", "", "Parties per batch or /match request", &C::max_batch, false, 1, 1e6},
      {"max_body_bytes", "", "Largest request body", &C::max_body_bytes, false, 1, 4294967296.0},
      {"keys_file", "--keys", "API keys file: lines \"<name> <sha256-hex> <roles>\"", &C::keys_file,
       true},
      {"tls_cert", "--tls-cert", "PEM certificate (chain): serve HTTPS only", &C::tls_cert, true},
      {"tls_key", "--tls-key", "PEM private key of --tls-cert", &C::tls_key, true},
      {"log_level",
       "--log-level",
       "debug, info (access log), warn or error",
       &C::log_level,
       false,
       0,
       0,
       {"debug", "info", "warn", "error"}},
      {"threads", "--threads", "I/O threads (default: one per core)", &C::threads, false, 0, 1024},
      {"workers", "--workers", "Threads for reloads and large batches (default: one per core)",
       &C::workers, false, 0, 1024},
      {"watch_interval_s", "", "Seconds between list-file polls; 0: off", &C::watch_interval_s,
       false, 0, 86400},
      {"read_timeout_ms", "", "A whole request, and each response write", &C::read_timeout_ms,
       false, 1, kMaxMs},
      {"idle_timeout_ms", "", "A keep-alive connection between requests", &C::idle_timeout_ms,
       false, 1, kMaxMs},
      {"drain_timeout_ms", "", "At SIGTERM, the longest wait for requests in flight",
       &C::drain_timeout_ms, false, 0, kMaxMs},
      {"max_connections", "", "More are closed at once", &C::max_connections, false, 1, 1e6},
      {"jurisdictions", "", "Embargo rules for /v1/messages", &C::jurisdictions, true},
      {"web_root", "--web-root",
       "The web application's built files (default: share/cordon/web beside the program)",
       &C::web_root, true},
      {"fetch_sources", "--fetch-sources",
       "Sources file (TOML): fetch the lists into the list store given to --lists",
       &C::fetch_sources, true},
      {"fetch_interval_s", "--fetch-interval", "Seconds between list fetches (default 3600)",
       &C::fetch_interval_s, false, 10, 604800},
      {"webhook_url", "--webhook", "URL receiving a JSON notice per new list version and refusal",
       &C::webhook_url},
      {"db", "--db",
       "Case database (docs/cases.md): a file path, sqlite:PATH or postgresql://...; serves the "
       "case API and re-screens the subjects when a list changes",
       &C::db, true},
      {"db_wait_s", "--db-wait",
       "Seconds the re-screening after a list change waits for a case database that is locked or "
       "unreachable (a PostgreSQL restart) before it fails, its subjects left due (default 60)",
       &C::db_wait_s, false, 0, 3600},
      {"validation_report", "--validation-report",
       "The report of cordon validate --format json -o FILE, shown on the web application's "
       "Validation page (the server never runs validation)",
       &C::validation_report, true},
      {"nats", "--nats",
       "NATS server URL(s): POST /v1/screen/batch and /v1/messages are handed to the `cordon "
       "worker`s (docs/scale-out.md) instead of screened in process",
       &C::nats},
      {"nats_timeout_s", "--nats-timeout",
       "Seconds to wait for the workers' results before answering 503 (default 10)",
       &C::nats_timeout_s, false, 1, 3600},
  };
  return settings;
}

// A path in the config file is relative to the file's folder.
std::string RelativeTo(const std::string& file, const std::string& path) {
  // A database URL (postgresql://...) is not a path; sqlite:PATH is one after its prefix.
  if (path.find("://") != std::string::npos) return path;
  if (path.starts_with("sqlite:")) return "sqlite:" + RelativeTo(file, path.substr(7));
  const std::filesystem::path p(path);
  if (p.is_absolute() || path.empty()) return path;
  return (std::filesystem::path(file).parent_path() / p).lexically_normal().string();
}

// A bound as written in a message: whole numbers without a decimal point or an exponent.
std::string Bound(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return StrCat(static_cast<int64_t>(v));
  return StrCat(v);
}

absl::Status CheckNumber(const ServiceSetting& s, double v) {
  if (v >= s.min && v <= s.max) return absl::OkStatus();
  return absl::InvalidArgumentError(
      StrCat("must be between ", Bound(s.min), " and ", Bound(s.max)));
}

absl::Status CheckChoice(const ServiceSetting& s, const std::string& v) {
  if (s.choices.empty()) return absl::OkStatus();
  for (std::string_view c : s.choices) {
    if (c == v) return absl::OkStatus();
  }
  std::string all;
  for (std::string_view c : s.choices) all += StrCat(all.empty() ? "" : ", ", c);
  return absl::InvalidArgumentError(StrCat("expected one of ", all));
}

// Sets the field from a TOML value; `file` resolves relative paths.
absl::Status FromToml(const ServiceSetting& s, const toml::value& v, const std::string& file,
                      ServiceConfig* c) {
  auto bad = [](const char* why) { return absl::InvalidArgumentError(why); };
  if (auto f = std::get_if<std::string ServiceConfig::*>(&s.field)) {
    if (!v.is_string()) return bad("expected a string");
    std::string text = v.as_string().str;
    if (absl::Status st = CheckChoice(s, text); !st.ok()) return st;
    c->*(*f) = s.path ? RelativeTo(file, text) : std::move(text);
  } else if (auto f = std::get_if<std::vector<std::string> ServiceConfig::*>(&s.field)) {
    if (!v.is_array()) return bad("expected an array of paths");
    std::vector<std::string> out;
    for (const toml::value& p : v.as_array()) {
      if (!p.is_string()) return bad("expected an array of paths");
      out.push_back(RelativeTo(file, p.as_string().str));
    }
    c->*(*f) = std::move(out);
  } else if (auto f = std::get_if<double ServiceConfig::*>(&s.field)) {
    if (!v.is_floating() && !v.is_integer()) return bad("expected a number");
    const double x = v.is_floating() ? v.as_floating() : static_cast<double>(v.as_integer());
    if (absl::Status st = CheckNumber(s, x); !st.ok()) return st;
    c->*(*f) = x;
  } else if (auto f = std::get_if<int64_t ServiceConfig::*>(&s.field)) {
    if (!v.is_integer()) return bad("expected an integer");
    if (absl::Status st = CheckNumber(s, static_cast<double>(v.as_integer())); !st.ok()) return st;
    c->*(*f) = v.as_integer();
  }
  return absl::OkStatus();
}

// Sets the field from a flag's text.
absl::Status FromText(const ServiceSetting& s, const std::vector<std::string>& values,
                      ServiceConfig* c) {
  if (auto f = std::get_if<std::vector<std::string> ServiceConfig::*>(&s.field)) {
    c->*(*f) = values;
    return absl::OkStatus();
  }
  if (values.size() != 1) return absl::InvalidArgumentError("expected one value");
  const std::string& text = values[0];
  if (auto f = std::get_if<std::string ServiceConfig::*>(&s.field)) {
    if (absl::Status st = CheckChoice(s, text); !st.ok()) return st;
    c->*(*f) = text;
    return absl::OkStatus();
  }
  double x = 0;
  const bool integer = std::holds_alternative<int64_t ServiceConfig::*>(s.field);
  int64_t n = 0;
  const auto [end, ec] = integer ? std::from_chars(text.data(), text.data() + text.size(), n)
                                 : std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return absl::InvalidArgumentError(integer ? "expected an integer" : "expected a number");
  }
  if (integer) x = static_cast<double>(n);
  if (absl::Status st = CheckNumber(s, x); !st.ok()) return st;
  if (integer) {
    c->*std::get<int64_t ServiceConfig::*>(s.field) = n;
  } else {
    c->*std::get<double ServiceConfig::*>(s.field) = x;
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<ServiceSetting>& ServiceSettings() { return MakeSettings(); }

const ServiceSetting* FindSetting(std::string_view key) {
  for (const ServiceSetting& s : ServiceSettings()) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

absl::Status ReadServiceConfigFile(const std::string& file, ServiceConfig* config) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    return absl::NotFoundError(StrCat(file, ": cannot open config file"));
  }
  toml::value root;
  try {
    root = toml::parse(file);
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(StrCat(file, ": not valid TOML: ", e.what()));
  }
  if (!root.is_table()) return absl::InvalidArgumentError(StrCat(file, ": not a TOML table"));
  for (const auto& [key, value] : root.as_table()) {
    const ServiceSetting* s = FindSetting(key);
    absl::Status st = s == nullptr ? absl::InvalidArgumentError("unknown key")
                                   : FromToml(*s, value, file, config);
    if (!st.ok()) {
      return absl::InvalidArgumentError(StrCat(file, ":", value.location().line(), ": key '", key,
                                               "': ", std::string(st.message())));
    }
  }
  return absl::OkStatus();
}

absl::Status SetFromFlag(const ServiceSetting& setting, const std::vector<std::string>& values,
                         ServiceConfig* config) {
  absl::Status st = FromText(setting, values, config);
  if (st.ok()) return st;
  return absl::InvalidArgumentError(StrCat(setting.flag, ": ", std::string(st.message())));
}

absl::Status ParseListen(const std::string& listen, std::string* host, uint16_t* port) {
  const size_t colon = listen.rfind(':');
  absl::Status bad = absl::InvalidArgumentError(
      StrCat("listen '", listen, "': expected HOST:PORT, as in 127.0.0.1:8080"));
  if (colon == std::string::npos || colon == 0) return bad;
  std::string h = listen.substr(0, colon);
  const std::string p = listen.substr(colon + 1);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), n);
  if (p.empty() || ec != std::errc() || end != p.data() + p.size() || n > 65535) return bad;
  *host = std::move(h);
  *port = static_cast<uint16_t>(n);
  return absl::OkStatus();
}

absl::Status CheckServiceConfig(const ServiceConfig& c) {
  std::string host;
  uint16_t port = 0;
  if (absl::Status s = ParseListen(c.listen, &host, &port); !s.ok()) return s;
  if (c.tls_cert.empty() != c.tls_key.empty()) {
    return absl::InvalidArgumentError(
        "TLS needs both tls_cert and tls_key (--tls-cert, --tls-key)");
  }
  for (const ServiceSetting& s : ServiceSettings()) {
    if (auto f = std::get_if<int64_t ServiceConfig::*>(&s.field)) {
      if (absl::Status st = CheckNumber(s, static_cast<double>(c.*(*f))); !st.ok()) {
        return absl::InvalidArgumentError(StrCat(s.key, ": ", std::string(st.message())));
      }
    }
  }
  return CheckChoice(*FindSetting("log_level"), c.log_level);
}

}  // namespace cordon::service
