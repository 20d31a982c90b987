// `cordon serve`: the HTTP JSON screening service (src/service, docs/service.md). Settings come
// from a TOML file (--config) and flags, which override the file. `cordon serve --hash-key NAME
// ROLES` prints a keys-file line instead of serving.
#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <toml.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/files.h"
#include "core/strcat.h"
#include "service/api.h"
#include "service/server.h"

namespace cordon::cli {
namespace {

// Everything `cordon serve` can be told, with its defaults (docs/service.md, README.md).
struct ServeConfig {
  std::string listen = "127.0.0.1:8080";
  std::vector<std::string> lists;  // empty: the bundled lists
  double threshold = kDefaultThreshold;
  int64_t limit = 10;
  int64_t max_batch = 1000;
  int64_t max_body_bytes = 4 << 20;
  std::string keys_file;
  std::string tls_cert;
  std::string tls_key;
  std::string log_level = "info";
  int64_t threads = 0;  // 0: all cores
  int64_t watch_interval_s = 5;
  int64_t read_timeout_ms = 10000;
  int64_t idle_timeout_ms = 60000;
  int64_t max_connections = 10000;
  std::string jurisdictions;
};

struct ServeArgs {
  std::string config_file;
  std::vector<std::string> hash_key;  // NAME ROLES
  bool no_auth = false;
  // Flags that override the file; applied only when given.
  std::string listen, keys, tls_cert, tls_key, log_level;
  std::vector<std::string> lists;
  double threshold = 0;
  int64_t threads = 0;
  CLI::App* cmd = nullptr;
  bool Given(const std::string& flag) const { return cmd->count(flag) > 0; }
};

absl::Status ConfigError(const std::string& file, const std::string& key, const toml::value& v,
                         std::string_view why) {
  return absl::InvalidArgumentError(
      StrCat(file, ":", v.location().line(), ": key '", key, "': ", why));
}

absl::StatusOr<std::string> TomlString(const std::string& file, const std::string& key,
                                       const toml::value& v) {
  if (!v.is_string()) return ConfigError(file, key, v, "expected a string");
  return v.as_string().str;
}

// An integer in [lo, hi].
absl::StatusOr<int64_t> TomlInt(const std::string& file, const std::string& key,
                                const toml::value& v, int64_t lo, int64_t hi) {
  if (!v.is_integer()) return ConfigError(file, key, v, "expected an integer");
  const int64_t n = v.as_integer();
  if (n < lo || n > hi) {
    return ConfigError(file, key, v, StrCat("must be between ", lo, " and ", hi));
  }
  return n;
}

// A path in the config file is relative to the file's folder.
std::string ConfigPath(const std::string& file, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute() || path.empty()) return path;
  return (std::filesystem::path(file).parent_path() / p).lexically_normal().string();
}

// Stores a parsed value, or passes its error on.
template <class T, class U>
absl::Status Assign(T* out, absl::StatusOr<U> v) {
  if (!v.ok()) return v.status();
  *out = std::move(*v);
  return absl::OkStatus();
}

// A path-valued key: a string, relative to the config file's folder.
absl::Status AssignPath(const std::string& file, const std::string& key, const toml::value& v,
                        std::string* out) {
  absl::Status st = Assign(out, TomlString(file, key, v));
  if (st.ok()) *out = ConfigPath(file, *out);
  return st;
}

absl::Status ApplyKey(const std::string& file, const std::string& key, const toml::value& v,
                      ServeConfig* c) {
  constexpr int64_t kMaxInt = int64_t{1} << 40;
  if (key == "lists") {
    if (!v.is_array()) return ConfigError(file, key, v, "expected an array of paths");
    c->lists.clear();
    for (const toml::value& p : v.as_array()) {
      if (!p.is_string()) return ConfigError(file, key, p, "expected an array of paths");
      c->lists.push_back(ConfigPath(file, p.as_string().str));
    }
    return absl::OkStatus();
  }
  if (key == "threshold") {
    if (!v.is_floating() && !v.is_integer()) return ConfigError(file, key, v, "expected a number");
    c->threshold = v.is_floating() ? v.as_floating() : static_cast<double>(v.as_integer());
    if (!(c->threshold >= 0 && c->threshold <= 1)) {
      return ConfigError(file, key, v, "must be between 0 and 1");
    }
    return absl::OkStatus();
  }
  if (key == "log_level") {
    absl::Status st = Assign(&c->log_level, TomlString(file, key, v));
    if (st.ok() && c->log_level != "debug" && c->log_level != "info" && c->log_level != "warn" &&
        c->log_level != "error") {
      return ConfigError(file, key, v, "expected debug, info, warn or error");
    }
    return st;
  }
  if (key == "listen") return Assign(&c->listen, TomlString(file, key, v));
  if (key == "keys_file") return AssignPath(file, key, v, &c->keys_file);
  if (key == "tls_cert") return AssignPath(file, key, v, &c->tls_cert);
  if (key == "tls_key") return AssignPath(file, key, v, &c->tls_key);
  if (key == "jurisdictions") return AssignPath(file, key, v, &c->jurisdictions);
  if (key == "limit") return Assign(&c->limit, TomlInt(file, key, v, 1, 10000));
  if (key == "max_batch") return Assign(&c->max_batch, TomlInt(file, key, v, 1, 1000000));
  if (key == "max_body_bytes") {
    return Assign(&c->max_body_bytes, TomlInt(file, key, v, 1, int64_t{1} << 32));
  }
  if (key == "threads") return Assign(&c->threads, TomlInt(file, key, v, 0, 1024));
  if (key == "watch_interval_s") {
    return Assign(&c->watch_interval_s, TomlInt(file, key, v, 0, 86400));
  }
  if (key == "read_timeout_ms") {
    return Assign(&c->read_timeout_ms, TomlInt(file, key, v, 1, kMaxInt));
  }
  if (key == "idle_timeout_ms") {
    return Assign(&c->idle_timeout_ms, TomlInt(file, key, v, 1, kMaxInt));
  }
  if (key == "max_connections") {
    return Assign(&c->max_connections, TomlInt(file, key, v, 1, 1000000));
  }
  return ConfigError(file, key, v, "unknown key");
}

absl::Status ReadConfigFile(const std::string& file, ServeConfig* c) {
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
    if (absl::Status s = ApplyKey(file, key, value, c); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// "host:port" or "[v6-address]:port".
absl::Status ParseListen(const std::string& listen, service::ServerOptions* o) {
  const size_t colon = listen.rfind(':');
  auto bad = [&] {
    return absl::InvalidArgumentError(
        StrCat("listen '", listen, "': expected HOST:PORT, as in 127.0.0.1:8080"));
  };
  if (colon == std::string::npos || colon == 0) return bad();
  std::string host = listen.substr(0, colon);
  const std::string port = listen.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    return bad();
  }
  o->address = host;
  o->port = static_cast<uint16_t>(std::stoi(port));
  return absl::OkStatus();
}

// `--hash-key NAME ROLES`: the key comes from stdin, or a new random one is made and shown once
// on stderr. The keys-file line goes to stdout, so `>> keys.txt` collects it.
int RunHashKey(const std::string& name, const std::string& roles) {
  std::string key;
  if (isatty(STDIN_FILENO) == 0) {
    std::ostringstream buf;
    buf << std::cin.rdbuf();
    key = buf.str();
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  }
  const bool generated = key.empty();
  if (generated) {
    absl::StatusOr<std::string> k = service::NewApiKey();
    if (!k.ok()) {
      std::cerr << "cordon serve: " << k.status().message() << "\n";
      return 1;
    }
    key = *k;
  }
  absl::StatusOr<std::string> line = service::KeyFileLine(name, key, roles);
  if (!line.ok()) {
    std::cerr << "cordon serve --hash-key: " << line.status().message() << "\n";
    return 2;
  }
  if (generated) {
    std::cerr << "New API key for " << name << " (shown only now; the keys file stores its hash):\n"
              << key << "\n";
  }
  std::cout << *line << "\n";
  return 0;
}

absl::StatusOr<ServeConfig> BuildConfig(const ServeArgs& a) {
  ServeConfig c;
  if (!a.config_file.empty()) {
    if (absl::Status s = ReadConfigFile(a.config_file, &c); !s.ok()) return s;
  }
  if (a.Given("--listen")) c.listen = a.listen;
  if (a.Given("--lists")) c.lists = a.lists;
  if (a.Given("--threshold")) c.threshold = a.threshold;
  if (a.Given("--keys")) c.keys_file = a.keys;
  if (a.Given("--tls-cert")) c.tls_cert = a.tls_cert;
  if (a.Given("--tls-key")) c.tls_key = a.tls_key;
  if (a.Given("--log-level")) c.log_level = a.log_level;
  if (a.Given("--threads")) c.threads = a.threads;
  if (c.tls_cert.empty() != c.tls_key.empty()) {
    return absl::InvalidArgumentError(
        "TLS needs both tls_cert and tls_key (--tls-cert, --tls-key)");
  }
  return c;
}

std::string ListsSummary(const service::Api& api) {
  std::string out;
  for (const LoadedList& l : api.state()->screener->lists()) {
    out += StrCat(out.empty() ? "" : ", ", l.version.list, " (", l.entities.size(), " entities)");
  }
  return out;
}

// Blocks SIGINT and SIGTERM in every thread (threads inherit the mask), and waits for them on
// a thread of its own, which stops the server.
class SignalWatcher {
 public:
  SignalWatcher() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  ~SignalWatcher() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
  }
  void Start(service::Server* server) {
    thread_ = std::thread([this, server] {
      const timespec tick{0, 100 * 1000 * 1000};
      while (!done_) {
        const int sig = sigtimedwait(&set_, nullptr, &tick);
        if (sig == SIGINT || sig == SIGTERM) {
          std::cerr << "cordon serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
                    << ": stopping (finishing requests in flight)\n";
          server->Stop();
          return;
        }
      }
    });
  }

 private:
  sigset_t set_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

int RunServe(const ServeArgs& args) {
  if (!args.hash_key.empty()) return RunHashKey(args.hash_key[0], args.hash_key[1]);
  absl::StatusOr<ServeConfig> config = BuildConfig(args);
  if (!config.ok()) {
    std::cerr << "cordon serve: " << config.status().message() << "\n";
    return 2;
  }
  const ServeConfig& c = *config;
  service::ServerOptions so;
  if (absl::Status s = ParseListen(c.listen, &so); !s.ok()) {
    std::cerr << "cordon serve: " << s.message() << "\n";
    return 2;
  }
  service::ApiOptions ao;
  ao.list_paths = c.lists;
  ao.threshold = c.threshold;
  ao.limit = static_cast<size_t>(c.limit);
  ao.max_batch = static_cast<size_t>(c.max_batch);
  ao.max_body_bytes = static_cast<size_t>(c.max_body_bytes);
  ao.jurisdictions_file = c.jurisdictions;
  ao.auth = !args.no_auth;
  if (ao.auth) {
    if (c.keys_file.empty()) {
      std::cerr << "cordon serve: no API keys. Give --keys FILE (or keys_file in the config; make "
                   "its lines with `cordon serve --hash-key NAME ROLES`), or --no-auth for local "
                   "use only\n";
      return 2;
    }
    absl::StatusOr<std::string> text = ReadFileToString(c.keys_file);
    absl::StatusOr<std::vector<service::ApiKey>> keys =
        text.ok() ? service::ParseKeysFile(c.keys_file, *text) : text.status();
    if (!keys.ok()) {
      std::cerr << "cordon serve: keys file: " << keys.status().message() << "\n";
      return 2;
    }
    ao.keys = std::move(*keys);
  }
  so.threads = static_cast<unsigned>(c.threads);
  so.max_body_bytes = ao.max_body_bytes;
  so.read_timeout = std::chrono::milliseconds(c.read_timeout_ms);
  so.idle_timeout = std::chrono::milliseconds(c.idle_timeout_ms);
  so.max_connections = static_cast<size_t>(c.max_connections);
  so.tls_cert_file = c.tls_cert;
  so.tls_key_file = c.tls_key;
  so.watch_interval = std::chrono::seconds(c.watch_interval_s);
  so.log_level = c.log_level;

  SignalWatcher signals;  // before any thread starts
  const size_t key_count = ao.keys.size();
  absl::StatusOr<std::unique_ptr<service::Api>> api = service::Api::Create(std::move(ao));
  if (!api.ok()) {
    std::cerr << "cordon serve: " << api.status().message() << "\n";
    return 1;
  }
  absl::StatusOr<std::unique_ptr<service::Server>> server = service::Server::Create(api->get(), so);
  if (!server.ok()) {
    std::cerr << "cordon serve: " << server.status().message() << "\n";
    return 1;
  }
  const std::string host =
      so.address.find(':') != std::string::npos ? StrCat("[", so.address, "]") : so.address;
  const std::string url =
      StrCat(so.tls_cert_file.empty() ? "http" : "https", "://", host, ":", (*server)->port());
  if (args.no_auth) {
    std::cerr << "\n*** WARNING: authentication is OFF (--no-auth). Anyone who can reach " << url
              << "\n*** can screen, read listed entities and reload the lists. Use it on a trusted "
                 "machine only.\n\n";
  }
  std::cout << "cordon serve: listening on " << url << "; lists: " << ListsSummary(**api)
            << "; auth: "
            << (args.no_auth ? std::string("OFF (--no-auth)")
                             : StrCat(key_count, " API key(s) from ", c.keys_file))
            << std::endl;
  signals.Start(server->get());
  (*server)->Run();
  return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Run the HTTP JSON screening service (docs/service.md); SIGTERM stops it");
  args->cmd = cmd;
  cmd->add_option("--config", args->config_file, "TOML settings file (README.md: cordon serve)");
  cmd->add_option("--listen", args->listen, "HOST:PORT (default 127.0.0.1:8080; port 0: any)");
  AddListsOption(cmd, &args->lists);
  cmd->add_option("--threshold", args->threshold, "Alert threshold in [0,1]")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--keys", args->keys, "API keys file: lines \"<name> <sha256-hex> <roles>\"");
  cmd->add_option("--tls-cert", args->tls_cert, "PEM certificate (chain): serve HTTPS only");
  cmd->add_option("--tls-key", args->tls_key, "PEM private key of --tls-cert");
  cmd->add_option("--log-level", args->log_level, "debug, info (access log), warn or error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  cmd->add_option("--threads", args->threads, "I/O and request threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_flag("--no-auth", args->no_auth, "Allow every request without a key (local use only)");
  cmd->add_option("--hash-key", args->hash_key,
                  "NAME ROLES: print a keys-file line for the key on stdin (or a new random key, "
                  "shown once on stderr), then exit")
      ->expected(2);
  cmd->callback([args, exit_code] { *exit_code = RunServe(*args); });
}

}  // namespace cordon::cli
