// Everything `cordon serve` can be told, in one struct that the TOML file, the command-line flags
// and the service itself (Api::Create, Server::Create) all read. A setting is declared once: a
// field here and a row of ServiceSettings() (config.cc) that gives its TOML key, its flag (if
// any), its check and its help text; the file reader and cli/serve_cmd.cc's flags are generated
// from those rows.
//
// Example (cordon.toml; every key optional; relative paths are relative to the file's folder):
//   listen = "127.0.0.1:8080"
//   lists = ["lists.cordsnap"]
//   keys_file = "keys.txt"
//
//   cordon::service::ServiceConfig c;
//   if (absl::Status s = ReadServiceConfigFile("cordon.toml", &c); !s.ok()) ...  // file:line: key
//   if (absl::Status s = SetFromFlag(*FindSetting("threads"), {"4"}, &c); !s.ok()) ...
//   if (absl::Status s = CheckServiceConfig(c); !s.ok()) ...
//
// Thread safety: plain values and pure functions.
#ifndef CORDON_SERVICE_CONFIG_H_
#define CORDON_SERVICE_CONFIG_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "cordon/screen.h"

namespace cordon::service {

// The roles of an API key (a bit set). `screen` screens; `admin` reloads the lists and is also
// the case store's admin; `analyst` and `supervisor` work cases (docs/service.md, Cases). A key
// acting on the case store acts as the case-store user of the key's name.
enum class Role : uint8_t { kScreen = 1, kAdmin = 2, kAnalyst = 4, kSupervisor = 8 };

// An API key as stored in the keys file (api.h reads and writes those).
struct ApiKey {
  std::string name;
  std::string sha256_hex;
  uint32_t roles = 0;  // bit set of Role
};

struct ServiceConfig {
  // Where to listen: HOST:PORT or [IPv6]:PORT; port 0 takes any free port (Server::port()).
  std::string listen = "127.0.0.1:8080";
  // List files, folders and snapshots (cordon/sources.h); empty: the bundled lists.
  std::vector<std::string> lists;
  double threshold = kDefaultThreshold;  // alert threshold in [0, 1]
  int64_t limit = 10;                    // hits per party, unless a request asks for fewer
  int64_t max_batch = 1000;              // parties per batch or /match request (more: 422)
  // Largest request body in bytes (more: 413, answered before the body is read).
  int64_t max_body_bytes = 4 << 20;
  std::string keys_file;  // API keys ("<name> <sha256-hex> <roles>" lines); required with auth
  std::string tls_cert;   // PEM certificate chain; with tls_key: HTTPS only
  std::string tls_key;    // PEM private key of tls_cert
  std::string log_level = "info";  // debug, info (one access-log line a request), warn, error
  int64_t threads = 0;             // I/O threads; 0: one per core
  // Threads for list reloads and large batches, so that they never hold an I/O thread; 0: one
  // per core.
  int64_t workers = 0;
  int64_t watch_interval_s = 5;      // poll the list files; a change reloads them; 0: off
  int64_t read_timeout_ms = 10000;   // a whole request (header and body), and each response write
  int64_t idle_timeout_ms = 60000;   // a keep-alive connection between requests
  int64_t drain_timeout_ms = 10000;  // at SIGTERM: longest wait for requests in flight
  int64_t max_connections = 10000;   // more are accepted and closed at once (logged)
  std::string jurisdictions;         // embargo rules for /v1/messages (data/jurisdictions)
  // The analyst web application's built files (web/, docs/web.md), served at /; "": the data
  // folder's web/ when it is there. Its users sign in against the case database (`db`).
  std::string web_root;
  // List updates (docs/lists.md): the sources file fetched into the list store among `lists`
  // (a folder holding store.json) at start and every fetch_interval_s; "": no fetching.
  std::string fetch_sources;
  int64_t fetch_interval_s = 3600;
  std::string webhook_url;  // receives a JSON notice per new list version and per refusal
  // The case database (cordon/cases.h; a path, sqlite:PATH or postgresql://...); "": no case API.
  std::string db;
  // The re-screening after a list change: how long it waits for a case database that is locked
  // or unreachable (cordon/cases.h ScreenRunOptions::db_wait_ms), opening it and then in each of
  // its transactions and reads; then it fails and the subjects stay due for the next run. Seconds.
  int64_t db_wait_s = 60;
  // The report of `cordon validate --format json -o FILE` (docs/validation.md), served as it is
  // by GET /v1/validation for the web application's Validation page; read when asked, never
  // produced by the server. "": none.
  std::string validation_report;
  // NATS server URL(s): POST /v1/screen/batch and /v1/messages are screened by `cordon worker`s
  // (docs/scale-out.md) instead of in process; "": in process. The results are awaited up to
  // nats_timeout_s, else 503.
  std::string nats;
  int64_t nats_timeout_s = 10;

  // Set by the program, not by the file or the flags.
  bool auth = true;          // false: every request is allowed (--no-auth, local use only)
  std::vector<ApiKey> keys;  // read from keys_file by the program
  std::function<void(const std::string&)> log;  // where log lines go; default stderr
};

// One setting of the file and (when `flag` is set) the command line.
struct ServiceSetting {
  std::string_view key;   // TOML key
  std::string_view flag;  // "--listen"; empty: the file only
  std::string_view help;
  // The field it sets. Strings marked `path` are relative to the config file's folder.
  std::variant<std::string ServiceConfig::*, std::vector<std::string> ServiceConfig::*,
               double ServiceConfig::*, int64_t ServiceConfig::*>
      field;
  bool path = false;
  double min = 0, max = 0;                  // numbers: the range accepted
  std::vector<std::string_view> choices{};  // strings: the values accepted (empty: any)
};

// Every setting, in the order the documentation lists them.
const std::vector<ServiceSetting>& ServiceSettings();
const ServiceSetting* FindSetting(std::string_view key);

// Applies the keys of a TOML file over *config. Fails on a file that cannot be read, is not
// TOML, has an unknown key or a bad value: "file:line: key 'name': reason".
absl::Status ReadServiceConfigFile(const std::string& file, ServiceConfig* config);

// Applies a flag's value(s) (several for a list setting) over *config; fails with
// "--flag: reason".
absl::Status SetFromFlag(const ServiceSetting& setting, const std::vector<std::string>& values,
                         ServiceConfig* config);

// The checks that involve more than one setting, and `listen`'s form.
absl::Status CheckServiceConfig(const ServiceConfig& config);

// "host:port" or "[v6-address]:port" -> host (without brackets) and port.
absl::Status ParseListen(const std::string& listen, std::string* host, uint16_t* port);

}  // namespace cordon::service

#endif  // CORDON_SERVICE_CONFIG_H_
