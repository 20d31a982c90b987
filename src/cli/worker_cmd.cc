// `cordon worker` and `cordon submit`: screening on NATS JetStream (docs/scale-out.md). Thin:
// parse the flags, build the API the worker screens with, run, print.
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/strcat.h"
#include "service/api.h"
#include "worker/health.h"
#include "worker/lists_dist.h"
#include "worker/submit.h"
#include "worker/worker.h"

namespace cordon::cli {
namespace {

struct WorkerArgs {
  std::string nats = "nats://127.0.0.1:4222";
  std::vector<std::string> lists;
  double threshold = kDefaultThreshold;
  std::string jurisdictions;
  std::string name;
  std::string listen;
  std::string follow_lists;
  std::string db;
  double max_list_age_s = 0;
  int lanes = 1;
  int batch = 64;
  double ack_wait_s = 30;
  int max_deliver = 5;
  double duplicate_window_s = 600;
  int replicas = 1;
};

// Blocks SIGINT, SIGTERM and SIGHUP in every thread and waits for them on its own: SIGINT and
// SIGTERM drain the worker, SIGHUP reloads the lists (as `cordon serve`).
class WorkerSignals {
 public:
  WorkerSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  ~WorkerSignals() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
  }
  void Start(worker::Worker* w, service::Api* api) {
    thread_ = std::thread([this, w, api] {
      const timespec tick{0, 100 * 1000 * 1000};
      while (!done_) {
        const int sig = sigtimedwait(&set_, nullptr, &tick);
        if (sig == SIGHUP) {
          const absl::Status s = api->Reload();
          std::cerr << "cordon worker: SIGHUP: "
                    << (s.ok() ? std::string("lists reloaded")
                               : StrCat("reload failed, the old lists stay: ",
                                        std::string(s.message())))
                    << std::endl;
        } else if (sig == SIGINT || sig == SIGTERM) {
          std::cerr << "cordon worker: " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
                    << ": draining (finishing and acknowledging the requests in hand)" << std::endl;
          w->Stop();
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

int RunWorker(const WorkerArgs& a) {
  WorkerSignals signals;  // before any thread starts
  service::ServiceConfig config;
  config.lists = a.lists;
  config.threshold = a.threshold;
  config.jurisdictions = a.jurisdictions;
  config.auth = false;  // no HTTP listener: requests come from the stream
  // With --follow-lists, the current published snapshot is installed before the lists load.
  std::unique_ptr<worker::Connection> lists_conn;
  // When the lists in use were last known current (seconds since the epoch): the publication of
  // the snapshot in use with --follow-lists, else the list files' time when they were loaded.
  auto as_of = std::make_shared<std::atomic<int64_t>>(0);
  auto set_as_of = [as_of](std::chrono::system_clock::time_point t) {
    *as_of = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  };
  bool published_as_of = false;
  if (!a.follow_lists.empty()) {
    absl::StatusOr<std::unique_ptr<worker::Connection>> c =
        worker::Connection::Open(a.nats, "cordon-worker lists");
    absl::StatusOr<worker::PublishedLists> current =
        c.ok() ? worker::SyncLists(c->get(), a.follow_lists) : c.status();
    if (!current.ok()) {
      std::cerr << "cordon worker: --follow-lists: " << current.status().message() << "\n";
      return 1;
    }
    lists_conn = std::move(*c);
    config.lists = {a.follow_lists};
    std::cerr << "cordon worker: lists: "
              << (current->version.empty() ? std::string("none published; using ") + a.follow_lists
                                           : StrCat("version ", current->version, " (published ",
                                                    current->published, ") at ", a.follow_lists))
              << std::endl;
    if (std::optional<std::chrono::system_clock::time_point> t =
            worker::ParseUtc(current->published)) {
      set_as_of(*t);
      published_as_of = true;
    }
  }
  absl::StatusOr<std::unique_ptr<service::Api>> api = service::Api::Create(config);
  if (!api.ok()) {
    std::cerr << "cordon worker: " << api.status().message() << "\n";
    return 1;
  }
  worker::WorkerOptions o;
  o.nats_url = a.nats;
  o.name = a.name;
  o.lanes = a.lanes;
  o.batch = a.batch;
  o.db = a.db;
  if (a.max_list_age_s > 0) {
    if (!published_as_of) {
      // Lists from files (or nothing published yet): their time when loaded, and again at each
      // reload (SIGHUP, or a snapshot installed).
      service::Api* api_ptr = api->get();
      set_as_of(api_ptr->ListsModified());
      api_ptr->OnSwap([api_ptr, set_as_of](const std::shared_ptr<const service::State>&,
                                           const std::shared_ptr<const service::State>&) {
        set_as_of(api_ptr->ListsModified());
      });
    }
    o.max_list_age_ms = static_cast<int64_t>(a.max_list_age_s * 1000);
    o.lists_as_of = [as_of] {
      return std::chrono::system_clock::time_point(std::chrono::seconds(as_of->load()));
    };
  }
  o.consumer.ack_wait_ms = static_cast<int64_t>(a.ack_wait_s * 1000);
  o.consumer.max_deliver = a.max_deliver;
  o.streams.duplicate_window_ms = static_cast<int64_t>(a.duplicate_window_s * 1000);
  o.streams.replicas = a.replicas;
  absl::StatusOr<std::unique_ptr<worker::Worker>> w = worker::Worker::Create(api->get(), o);
  if (!w.ok()) {
    std::cerr << "cordon worker: " << w.status().message() << "\n";
    return 1;
  }
  std::unique_ptr<worker::HealthServer> health;
  if (!a.listen.empty()) {
    absl::StatusOr<std::unique_ptr<worker::HealthServer>> h =
        worker::HealthServer::Start(a.listen, w->get(), api->get());
    if (!h.ok()) {
      std::cerr << "cordon worker: " << h.status().message() << "\n";
      return 1;
    }
    health = std::move(*h);
  }
  std::unique_ptr<worker::ListFollower> follower;
  if (lists_conn != nullptr) {
    service::Api* api_ptr = api->get();
    absl::StatusOr<std::unique_ptr<worker::ListFollower>> f = worker::ListFollower::Start(
        lists_conn.get(), a.follow_lists, [api_ptr] { return api_ptr->Reload(); },
        [](const std::string& line) { std::cerr << "cordon worker: " << line << std::endl; },
        [set_as_of](const worker::PublishedLists& p) {
          if (std::optional<std::chrono::system_clock::time_point> t =
                  worker::ParseUtc(p.published)) {
            set_as_of(*t);
          }
        });
    if (!f.ok()) {
      std::cerr << "cordon worker: " << f.status().message() << "\n";
      return 1;
    }
    follower = std::move(*f);
  }
  size_t entities = 0;
  for (const LoadedList& l : (*api)->state()->screener->lists()) entities += l.entities.size();
  std::cout << "cordon worker: consuming " << worker::kRequestsStream << " at " << a.nats << " ("
            << a.lanes << " lane(s), " << entities << " listed entities"
            << (a.db.empty() ? std::string() : "; holds and alerts to the case store")
            << (health ? StrCat("; health and metrics on http://", a.listen) : std::string()) << ")"
            << std::endl;
  signals.Start(w->get(), api->get());
  (*w)->Run();
  const worker::WorkerStats s = (*w)->stats();
  std::cerr << "cordon worker: stopped: " << s.requests << " requests, " << s.results
            << " results, " << s.dead_letters << " dead letters, " << s.acks << " acknowledged"
            << std::endl;
  return 0;
}

struct SubmitArgs {
  worker::SubmitOptions o;
  double threshold = 0;
  int limit = 0;
  double timeout_s = 120;
};

int RunSubmit(SubmitArgs& a) {
  if (a.threshold > 0) a.o.query = StrCat("threshold=", a.threshold);
  if (a.limit > 0) a.o.query += StrCat(a.o.query.empty() ? "" : "&", "limit=", a.limit);
  a.o.result_timeout_ms = static_cast<int64_t>(a.timeout_s * 1000);
  absl::StatusOr<worker::SubmitStats> s =
      worker::Submit(a.o, [](const worker::SubmitResult& r) { std::cout << r.json << '\n'; });
  std::cout.flush();
  if (!s.ok()) {
    std::cerr << "cordon submit: " << s.status().message() << "\n";
    return 1;
  }
  std::cerr << "cordon submit: " << s->requests << " requests";
  if (s->published != s->requests) std::cerr << " in " << s->published << " batches";
  std::cerr << ", " << s->results << " results (" << s->refused
            << " refused, see the dead letters), " << s->republished << " publishes retried; "
            << std::fixed << std::setprecision(1) << s->elapsed_ms / 1000 << " s, "
            << (s->elapsed_ms > 0 ? s->results / (s->elapsed_ms / 1000) : 0)
            << " results/s; publish to result p50 " << s->latency_p50_ms << " ms, p99 "
            << s->latency_p99_ms << " ms, max " << s->latency_max_ms << " ms" << std::endl;
  return 0;
}

struct PublishArgs {
  std::string nats = "nats://127.0.0.1:4222";
  std::string snapshot;
  int replicas = 1;
};

int RunPublish(const PublishArgs& a) {
  absl::StatusOr<std::unique_ptr<worker::Connection>> c =
      worker::Connection::Open(a.nats, "cordon lists publish");
  worker::StreamOptions streams;
  streams.replicas = a.replicas;
  absl::StatusOr<worker::PublishedLists> p =
      c.ok() ? worker::PublishSnapshot(c->get(), a.snapshot, streams) : c.status();
  if (!p.ok()) {
    std::cerr << "cordon lists publish: " << p.status().message() << "\n";
    return 1;
  }
  std::cout << "published " << a.snapshot << " as version " << p->version << " (" << p->bytes
            << " bytes in " << p->chunks << " chunks, sha256 " << p->sha256
            << "); workers following the lists switch to it" << std::endl;
  return 0;
}

}  // namespace

void RegisterWorkerCommands(CLI::App& app, int* exit_code) {
  for (CLI::App* lists :
       app.get_subcommands([](CLI::App* sc) { return sc->get_name() == "lists"; })) {
    auto pa = std::make_shared<PublishArgs>();
    CLI::App* p = lists->add_subcommand(
        "publish", "Publish a snapshot to NATS JetStream for the workers (docs/scale-out.md)");
    p->add_option("--nats", pa->nats, "NATS server URL(s), comma separated")->capture_default_str();
    p->add_option("snapshot", pa->snapshot, "Snapshot written by `cordon index build`")->required();
    p->add_option("--replicas", pa->replicas, "Stream replicas (when creating the stream)")
        ->check(CLI::Range(1, 5))
        ->capture_default_str();
    p->callback([pa, exit_code] { *exit_code = RunPublish(*pa); });
  }
  auto wa = std::make_shared<WorkerArgs>();
  CLI::App* w = app.add_subcommand(
      "worker",
      "Screen requests from NATS JetStream (docs/scale-out.md); SIGTERM drains, SIGHUP reloads");
  w->add_option("--nats", wa->nats, "NATS server URL(s), comma separated")->capture_default_str();
  AddListsOption(w, &wa->lists);
  w->add_option("--threshold", wa->threshold, "Alert threshold in [0,1]")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  w->add_option("--jurisdictions", wa->jurisdictions, "Embargo rules for message requests");
  w->add_option("--name", wa->name, "Worker name in results and logs (default host:pid)");
  w->add_option("--listen", wa->listen, "HOST:PORT for GET /healthz, /readyz and /metrics");
  w->add_option("--follow-lists", wa->follow_lists,
                "Snapshot file kept at the version published with `cordon lists publish` (instead "
                "of --lists)");
  w->add_option("--db", wa->db,
                "Case store for holds and alerts: postgresql://... (shared by the workers) or a "
                "SQLite file (one node)");
  w->add_option("--max-list-age", wa->max_list_age_s,
                "Seconds: take no requests (and report unhealthy) while the lists in use were last "
                "published (--follow-lists) or written (--lists) longer ago; 0 no limit")
      ->check(CLI::Range(0.0, 366 * 86400.0))
      ->capture_default_str();
  w->add_option("--lanes", wa->lanes, "Threads pulling and screening")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  w->add_option("--batch", wa->batch,
                "Requests a lane pulls at once (batch requests: about 32 x this many parties)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  w->add_option(
       "--ack-wait", wa->ack_wait_s,
       "Seconds before an unacknowledged request is redelivered (when creating the consumer)")
      ->check(CLI::Range(0.1, 86400.0))
      ->capture_default_str();
  w->add_option("--max-deliver", wa->max_deliver,
                "Deliveries before a request goes to the dead letters (when creating the consumer)")
      ->check(CLI::Range(2, 1000))
      ->capture_default_str();
  w->add_option("--duplicate-window", wa->duplicate_window_s,
                "Seconds of de-duplication on requests and results (when creating the streams)")
      ->check(CLI::Range(1.0, 7 * 86400.0))
      ->capture_default_str();
  w->add_option("--replicas", wa->replicas, "Stream replicas (when creating the streams)")
      ->check(CLI::Range(1, 5))
      ->capture_default_str();
  w->callback([wa, exit_code] { *exit_code = RunWorker(*wa); });

  auto sa = std::make_shared<SubmitArgs>();
  CLI::App* s = app.add_subcommand(
      "submit",
      "Publish names or message files to the workers and print the results as JSON lines");
  s->add_option("--nats", sa->o.nats_url, "NATS server URL(s), comma separated")
      ->capture_default_str();
  s->add_option("files", sa->o.files,
                "Names files (a name or a party JSON a line) or, with --messages, message files")
      ->required();
  s->add_flag("--messages", sa->o.messages, "Each file is one raw message (as POST /v1/messages)");
  s->add_option("--format", sa->o.format, "Message format (iso20022, swift-mt, paxlst, pnrgov)");
  s->add_option("--threshold", sa->threshold, "Alert threshold in (0,1] (default: the worker's)")
      ->check(CLI::Range(0.0, 1.0));
  s->add_option("--limit", sa->limit, "Most hits per party")->check(CLI::Range(1, 1000));
  s->add_option("--max-in-flight", sa->o.max_in_flight, "Requests published and not yet answered")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  s->add_option("--batch", sa->o.batch,
                "Parties per request (cordon.screen.batch): the transport's cost shared; results "
                "still one a party")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  s->add_option("--rate", sa->o.rate,
                "Parties (or messages) per second at most (default: no limit)")
      ->check(CLI::Range(0.0, 1e7));
  s->add_option("--timeout", sa->timeout_s, "Seconds without any result before giving up")
      ->check(CLI::Range(1.0, 86400.0))
      ->capture_default_str();
  s->callback([sa, exit_code] { *exit_code = RunSubmit(*sa); });
}

}  // namespace cordon::cli
