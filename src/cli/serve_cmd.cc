// `cordon serve`: the HTTP JSON screening service (src/service, docs/service.md). Settings come
// from a TOML file (--config) and flags, which override the file. `cordon serve --hash-key NAME
// ROLES` prints a keys-file line instead of serving.
#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/files.h"
#include "core/strcat.h"
#include "service/api.h"
#include "service/config.h"
#include "service/server.h"
#include "worker/dispatch.h"

namespace cordon::cli {
namespace {

struct ServeArgs {
  std::string config_file;
  std::vector<std::string> hash_key;  // NAME ROLES
  bool no_auth = false;
  // The values of the settings' flags (service/config.h), applied over the file when given.
  std::map<std::string, std::vector<std::string>> flags;
  CLI::App* cmd = nullptr;
};

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

// The file's settings, then the flags given over them.
absl::StatusOr<service::ServiceConfig> BuildConfig(const ServeArgs& a) {
  service::ServiceConfig c;
  if (!a.config_file.empty()) {
    if (absl::Status s = service::ReadServiceConfigFile(a.config_file, &c); !s.ok()) return s;
  }
  for (const service::ServiceSetting& s : service::ServiceSettings()) {
    if (s.flag.empty() || a.cmd->count(std::string(s.flag)) == 0) continue;
    if (absl::Status st = service::SetFromFlag(s, a.flags.at(std::string(s.key)), &c); !st.ok()) {
      return st;
    }
  }
  c.auth = !a.no_auth;
  if (absl::Status s = service::CheckServiceConfig(c); !s.ok()) return s;
  return c;
}

// The API keys of the keys file; an error message (exit 2) when auth is on and they cannot be had.
absl::Status ReadKeys(service::ServiceConfig* c) {
  if (!c->auth) return absl::OkStatus();
  // With a case database, its users sign in to the web application: keys are optional.
  if (c->keys_file.empty() && !c->db.empty()) return absl::OkStatus();
  if (c->keys_file.empty()) {
    return absl::InvalidArgumentError(
        "no API keys. Give --keys FILE (or keys_file in the config; make its lines with `cordon "
        "serve --hash-key NAME ROLES`), or --no-auth for local use only");
  }
  absl::StatusOr<std::string> text = ReadFileToString(c->keys_file);
  absl::StatusOr<std::vector<service::ApiKey>> keys =
      text.ok() ? service::ParseKeysFile(c->keys_file, *text) : text.status();
  if (!keys.ok())
    return absl::InvalidArgumentError(StrCat("keys file: ", std::string(keys.status().message())));
  c->keys = std::move(*keys);
  return absl::OkStatus();
}

std::string ListsSummary(const service::Api& api) {
  std::string out;
  for (const LoadedList& l : api.state()->screener->lists()) {
    out += StrCat(out.empty() ? "" : ", ", l.version.list, " (", l.entities.size(), " entities)");
  }
  return out;
}

// Blocks SIGINT, SIGTERM and SIGHUP in every thread (threads inherit the mask), and waits for
// them on a thread of its own: SIGINT and SIGTERM stop the server, SIGHUP reloads the lists
// (systemctl reload; the unit's ExecReload sends it).
class SignalWatcher {
 public:
  SignalWatcher() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGHUP);
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
        if (sig == SIGHUP) {
          server->Reload("SIGHUP");
          continue;
        }
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
  absl::StatusOr<service::ServiceConfig> config = BuildConfig(args);
  absl::Status keys = config.ok() ? ReadKeys(&*config) : config.status();
  if (!keys.ok()) {
    std::cerr << "cordon serve: " << keys.message() << "\n";
    return 2;
  }
  const service::ServiceConfig& c = *config;
  SignalWatcher signals;  // before any thread starts
  absl::StatusOr<std::unique_ptr<service::Api>> api = service::Api::Create(c);
  if (!api.ok()) {
    std::cerr << "cordon serve: " << api.status().message() << "\n";
    return 1;
  }
  // --nats: batches and messages go to the workers; everything else stays in process.
  std::unique_ptr<worker::Dispatcher> dispatcher;
  if (!c.nats.empty()) {
    absl::StatusOr<std::unique_ptr<worker::Dispatcher>> d =
        worker::Dispatcher::Create({.nats_url = c.nats, .timeout_ms = c.nats_timeout_s * 1000});
    if (!d.ok()) {
      std::cerr << "cordon serve: --nats: " << d.status().message() << "\n";
      return 1;
    }
    dispatcher = std::move(*d);
    (*api)->SetRemote(dispatcher->Remote());
  }
  absl::StatusOr<std::unique_ptr<service::Server>> server = service::Server::Create(api->get(), c);
  if (!server.ok()) {
    std::cerr << "cordon serve: " << server.status().message() << "\n";
    return 1;
  }
  std::string host;
  uint16_t configured_port = 0;
  (void)service::ParseListen(c.listen, &host, &configured_port);  // checked by BuildConfig
  if (host.find(':') != std::string::npos) host = StrCat("[", host, "]");
  const std::string url =
      StrCat(c.tls_cert.empty() ? "http" : "https", "://", host, ":", (*server)->port());
  if (args.no_auth) {
    std::cerr << "\n*** WARNING: authentication is OFF (--no-auth). Anyone who can reach " << url
              << "\n*** can screen, read listed entities and reload the lists. Use it on a trusted "
                 "machine only.\n\n";
  }
  std::cout << "cordon serve: listening on " << url << "; lists: " << ListsSummary(**api)
            << "; auth: "
            << (args.no_auth          ? std::string("OFF (--no-auth)")
                : c.keys_file.empty() ? std::string("web sign-in only (no API keys)")
                                      : StrCat(c.keys.size(), " API key(s) from ", c.keys_file))
            << (c.nats.empty()
                    ? std::string()
                    : StrCat("; batches and messages screened by the workers on ", c.nats))
            << std::endl;
  signals.Start(server->get());
  (*server)->Run();
  return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Run the HTTP JSON screening service (docs/service.md); SIGTERM stops it, SIGHUP reloads the "
      "lists");
  args->cmd = cmd;
  cmd->add_option("--config", args->config_file,
                  "TOML settings file (README.md: cordon serve; docs/service.md)");
  // One flag per setting that has one (service/config.h); values are checked when applied.
  for (const service::ServiceSetting& s : service::ServiceSettings()) {
    if (s.flag.empty()) continue;
    std::vector<std::string>& values = args->flags[std::string(s.key)];
    CLI::Option* o = cmd->add_option(std::string(s.flag), values, std::string(s.help));
    if (std::holds_alternative<std::vector<std::string> service::ServiceConfig::*>(s.field)) {
      o->allow_extra_args(false);  // repeat the flag for several values
    } else {
      o->expected(1);
      o->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    }
  }
  cmd->add_flag("--no-auth", args->no_auth, "Allow every request without a key (local use only)");
  cmd->add_option("--hash-key", args->hash_key,
                  "NAME ROLES: print a keys-file line for the key on stdin (or a new random key, "
                  "shown once on stderr), then exit")
      ->expected(2);
  cmd->callback([args, exit_code] { *exit_code = RunServe(*args); });
}

}  // namespace cordon::cli
