#include "worker/jetstream.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <vector>

#include "core/strcat.h"
#include "service/http.h"

namespace cordon::worker {
namespace {

constexpr int64_t kNanosPerMilli = 1000 * 1000;

// Retry interval while connecting and reconnecting: short, so a restarted server is found at once.
constexpr int64_t kReconnectWaitMs = 250;

bool IsSubjectChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

absl::Status AddStreamIfMissing(jsCtx* js, jsStreamConfig* cfg) {
  jsErrCode code = static_cast<jsErrCode>(0);
  jsStreamInfo* si = nullptr;
  natsStatus s = js_GetStreamInfo(&si, js, cfg->Name, nullptr, &code);
  if (s == NATS_OK) {
    // A stream made by an older cordon may lack a subject added since (cordon.screen.batch):
    // add it, keeping every other setting (and any subject an operator added) as it is.
    std::vector<const char*> subjects(si->Config->Subjects,
                                      si->Config->Subjects + si->Config->SubjectsLen);
    bool missing = false;
    for (int i = 0; i < cfg->SubjectsLen; ++i) {
      const std::string_view want = cfg->Subjects[i];
      if (std::find(subjects.begin(), subjects.end(), want) == subjects.end()) {
        subjects.push_back(cfg->Subjects[i]);
        missing = true;
      }
    }
    if (missing) {
      const char** own = si->Config->Subjects;
      const int own_len = si->Config->SubjectsLen;
      si->Config->Subjects = subjects.data();
      si->Config->SubjectsLen = static_cast<int>(subjects.size());
      jsStreamInfo* updated = nullptr;
      s = js_UpdateStream(&updated, js, si->Config, nullptr, &code);
      // The info frees its own array and strings: give them back before it is destroyed.
      si->Config->Subjects = own;
      si->Config->SubjectsLen = own_len;
      jsStreamInfo_Destroy(si);
      if (s != NATS_OK) return NatsError(StrCat("stream ", cfg->Name, ": add subjects"), s, code);
      jsStreamInfo_Destroy(updated);
      return absl::OkStatus();
    }
    jsStreamInfo_Destroy(si);
    return absl::OkStatus();
  }
  if (s != NATS_NOT_FOUND && code != JSStreamNotFoundErr) {
    return NatsError(StrCat("stream ", cfg->Name, ": info"), s, code);
  }
  s = js_AddStream(&si, js, cfg, nullptr, &code);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(si);
    return absl::OkStatus();
  }
  // Another process made it meanwhile.
  if (code == JSStreamNameExistErr) return absl::OkStatus();
  return NatsError(StrCat("stream ", cfg->Name, ": create"), s, code);
}

absl::Status NatsError(std::string_view what, natsStatus s, jsErrCode code) {
  std::string text = StrCat(what, ": ", natsStatus_GetText(s));
  natsStatus last = NATS_OK;
  const char* detail = nats_GetLastError(&last);
  if (detail != nullptr && *detail != '\0' && last == s) text += StrCat(" (", detail, ")");
  if (code != 0) text += StrCat(" [JetStream error ", static_cast<int>(code), "]");
  return s == NATS_TIMEOUT || s == NATS_NO_SERVER || s == NATS_CONNECTION_CLOSED
             ? absl::UnavailableError(text)
             : absl::InternalError(text);
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& url,
                                                             const std::string& name,
                                                             int64_t connect_timeout_ms) {
  std::unique_ptr<Connection> c(new Connection());
  natsStatus s = natsOptions_Create(&c->opts_);
  if (s == NATS_OK) s = natsOptions_SetServers(c->opts_, nullptr, 0);
  if (s == NATS_OK) s = natsOptions_SetURL(c->opts_, url.c_str());
  if (s == NATS_OK) s = natsOptions_SetName(c->opts_, name.c_str());
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(c->opts_, -1);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(c->opts_, kReconnectWaitMs);
  // Publishes made while reconnecting wait in this buffer (8 MiB: seconds of results).
  if (s == NATS_OK) s = natsOptions_SetReconnectBufSize(c->opts_, 8 << 20);
  if (s == NATS_OK) s = natsOptions_SetTimeout(c->opts_, 2000);
  if (s != NATS_OK) return NatsError("NATS options", s);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(connect_timeout_ms);
  while (true) {
    s = natsConnection_Connect(&c->nc_, c->opts_);
    if (s == NATS_OK) return c;
    if (s != NATS_NO_SERVER || std::chrono::steady_clock::now() >= deadline) {
      return NatsError(StrCat("cannot connect to NATS at ", url), s);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kReconnectWaitMs));
  }
}

Connection::~Connection() {
  if (nc_ != nullptr) {
    natsConnection_Close(nc_);
    natsConnection_Destroy(nc_);
  }
  natsOptions_Destroy(opts_);
}

absl::StatusOr<jsCtx*> Connection::NewJetStream(jsOptions* opts) const {
  jsCtx* js = nullptr;
  const natsStatus s = natsConnection_JetStream(&js, nc_, opts);
  if (s != NATS_OK) return NatsError("JetStream context", s);
  return js;
}

bool Connection::connected() const {
  return natsConnection_Status(nc_) == NATS_CONN_STATUS_CONNECTED;
}

absl::Status EnsureStreams(jsCtx* js, const StreamOptions& o) {
  struct Def {
    const char* name;
    const char* subjects[3];
    int subjects_len;
    jsRetentionPolicy retention;
    int64_t max_age_ms;
    const char* description;
  };
  const Def defs[] = {
      {kRequestsStream,
       {kPartySubject, kBatchSubject, kMessageSubject},
       3,
       js_WorkQueuePolicy,
       0,
       "cordon screening requests (docs/scale-out.md)"},
      {kResultsStream,
       {"cordon.results.>", nullptr},
       1,
       js_LimitsPolicy,
       o.results_max_age_ms,
       "cordon screening results, one per request id"},
      {kDeadStream,
       {"cordon.dead.>", nullptr},
       1,
       js_LimitsPolicy,
       0,
       "cordon poison requests with the reason"},
  };
  for (const Def& d : defs) {
    jsStreamConfig cfg;
    jsStreamConfig_Init(&cfg);
    cfg.Name = d.name;
    cfg.Description = d.description;
    cfg.Subjects = const_cast<const char**>(d.subjects);
    cfg.SubjectsLen = d.subjects_len;
    cfg.Retention = d.retention;
    cfg.Storage = js_FileStorage;
    cfg.Replicas = o.replicas;
    cfg.MaxAge = d.max_age_ms * kNanosPerMilli;
    cfg.Duplicates = o.duplicate_window_ms * kNanosPerMilli;
    if (absl::Status s = AddStreamIfMissing(js, &cfg); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status EnsureConsumer(jsCtx* js, const ConsumerOptions& o, const StreamOptions& streams) {
  if (streams.duplicate_window_ms <= o.ack_wait_ms * o.max_deliver) {
    return absl::InvalidArgumentError(StrCat(
        "the duplicate window (", streams.duplicate_window_ms / 1000,
        " s) must exceed max_deliver x ack_wait (", o.max_deliver, " x ", o.ack_wait_ms / 1000,
        " s): a redelivered request's second result would not be de-duplicated"));
  }
  jsErrCode code = static_cast<jsErrCode>(0);
  jsConsumerInfo* ci = nullptr;
  natsStatus s = js_GetConsumerInfo(&ci, js, kRequestsStream, kConsumer, nullptr, &code);
  if (s == NATS_OK) {
    jsConsumerInfo_Destroy(ci);
    return absl::OkStatus();
  }
  if (s != NATS_NOT_FOUND && code != JSConsumerNotFoundErr) {
    return NatsError(StrCat("consumer ", kConsumer, ": info"), s, code);
  }
  jsConsumerConfig cfg;
  jsConsumerConfig_Init(&cfg);
  cfg.Durable = kConsumer;
  cfg.Description = "cordon screening workers";
  cfg.AckPolicy = js_AckExplicit;
  cfg.AckWait = o.ack_wait_ms * kNanosPerMilli;
  cfg.MaxDeliver = o.max_deliver;
  cfg.MaxAckPending = o.max_ack_pending;
  cfg.DeliverPolicy = js_DeliverAll;
  s = js_AddConsumer(&ci, js, kRequestsStream, &cfg, nullptr, &code);
  if (s == NATS_OK) {
    jsConsumerInfo_Destroy(ci);
    return absl::OkStatus();
  }
  if (code == JSConsumerNameExistErr) return absl::OkStatus();
  return NatsError(StrCat("consumer ", kConsumer, ": create"), s, code);
}

absl::StatusOr<std::vector<std::string>> ReadBatch(std::string_view body) {
  // As the API reads a body: valid UTF-8, nested at most kMaxJsonDepth deep (a party is
  // serialised again below, recursively), a JSON object.
  absl::StatusOr<nlohmann::json> parsed = service::ParseJsonObject(body);
  if (!parsed.ok()) return absl::InvalidArgumentError(std::string(parsed.status().message()));
  const nlohmann::json& j = *parsed;
  if (!j.contains("queries") || !j["queries"].is_array()) {
    return absl::InvalidArgumentError("a batch is {\"queries\": [party, ...]}");
  }
  const nlohmann::json& q = j["queries"];
  if (q.empty()) return absl::InvalidArgumentError("the batch has no parties");
  if (q.size() > kMaxBatchParties) {
    return absl::InvalidArgumentError(
        StrCat("the batch has ", q.size(), " parties, more than ", kMaxBatchParties));
  }
  std::vector<std::string> out;
  out.reserve(q.size());
  for (const nlohmann::json& p : q) {
    out.push_back(p.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  return out;
}

bool IsResultsSubject(std::string_view subject) {
  const std::string_view prefix = kResultsPrefix;
  if (!subject.starts_with(prefix) || subject.size() == prefix.size()) return false;
  bool token_empty = true;
  for (const char c : subject.substr(prefix.size())) {
    if (c == '.') {
      if (token_empty) return false;
      token_empty = true;
    } else if (IsSubjectChar(c)) {
      token_empty = false;
    } else {
      return false;
    }
  }
  return !token_empty;
}

std::string HeaderOf(natsMsg* msg, const char* name) {
  const char* v = nullptr;
  if (natsMsgHeader_Get(msg, name, &v) != NATS_OK || v == nullptr) return "";
  return v;
}

std::string RandomRunId() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd());
  static const char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 12; ++i) id += kHex[gen() % 16];
  return id;
}

}  // namespace cordon::worker
