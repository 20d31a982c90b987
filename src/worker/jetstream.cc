#include "worker/jetstream.h"

#include <algorithm>
#include <chrono>
#include <mutex>
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

absl::StatusOr<std::unique_ptr<Puller>> Puller::Open(natsConnection* nc, std::string_view stream,
                                                     std::string_view consumer, int batch,
                                                     int64_t expires_ms) {
  if (batch < 1 || expires_ms < 1) {
    return absl::InvalidArgumentError("a pull request asks for at least one message and waits");
  }
  std::unique_ptr<Puller> p(new Puller());
  p->nc_ = nc;
  p->batch_ = batch;
  p->expires_ms_ = expires_ms;
  p->next_subject_ = StrCat("$JS.API.CONSUMER.MSG.NEXT.", stream, ".", consumer);
  natsInbox* inbox = nullptr;
  natsStatus s = natsInbox_Create(&inbox);
  if (s != NATS_OK) return NatsError("an inbox for pull requests", s);
  p->inbox_ = inbox;
  natsInbox_Destroy(inbox);
  const std::string replies = p->inbox_ + ".*";
  s = natsConnection_Subscribe(&p->sub_, nc, replies.c_str(), &Puller::OnMessage, p.get());
  if (s != NATS_OK) return NatsError("subscribing to the pull requests' replies", s);
  // At most `batch` messages are in hand at once; their size is the producers' business.
  natsSubscription_SetPendingLimits(p->sub_, -1, -1);
  return p;
}

Puller::~Puller() {
  if (sub_ != nullptr) {
    // No callback runs once the drain is complete (or the connection is gone).
    if (natsSubscription_Drain(sub_) == NATS_OK)
      natsSubscription_WaitForDrainCompletion(sub_, 5000);
    natsSubscription_Destroy(sub_);
  }
  for (natsMsg* m : arrived_) natsMsg_Destroy(m);
}

void Puller::OnMessage(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  Puller* p = static_cast<Puller*>(closure);
  std::lock_guard<std::mutex> lock(p->mu_);
  // Unsettled from now on: the keep-alive covers a request from its delivery, not only once the
  // lane takes it (one that arrives while the lane screens the ones before waits as long).
  if (const char* ack = natsMsg_GetReply(msg); ack != nullptr && *ack != '\0') {
    p->unsettled_.insert(ack);
  }
  p->arrived_.push_back(msg);
  p->cv_.notify_one();
}

natsStatus Puller::Receive(natsMsg** msg, int64_t timeout_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  if (arrived_.empty() && timeout_ms > 0) {
    cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return !arrived_.empty(); });
  }
  if (arrived_.empty()) return NATS_TIMEOUT;
  *msg = arrived_.front();
  arrived_.pop_front();
  return NATS_OK;
}

void Puller::Settled(natsMsg* msg) {
  if (const char* ack = natsMsg_GetReply(msg); ack != nullptr) {
    std::lock_guard<std::mutex> lock(mu_);
    unsettled_.erase(ack);
  }
}

void Puller::KeepAlive() {
  std::lock_guard<std::mutex> lock(mu_);
  for (const std::string& ack : unsettled_) natsConnection_PublishString(nc_, ack.c_str(), "+WPI");
}

void Puller::Request(int want) {
  open_reply_ = StrCat(inbox_, ".", ++serial_);
  remaining_ = std::clamp(want, 1, batch_);
  const std::string body =
      StrCat("{\"batch\":", remaining_, ",\"expires\":", expires_ms_ * 1000000, "}");
  // The server ends the request after expires_ms; a second more covers its 408 on the way. Past
  // that the request is over even if the 408 was lost (the server restarted meanwhile).
  deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(expires_ms_ + 1000);
  const natsStatus s = natsConnection_PublishRequest(
      nc_, next_subject_.c_str(), open_reply_.c_str(), body.data(), static_cast<int>(body.size()));
  // Not sent (the connection is closed): the deadline ends it, and the next call asks again.
  if (s != NATS_OK) deadline_ = std::chrono::steady_clock::now();
}

absl::Status Puller::Take(natsMsg* msg, std::vector<natsMsg*>* out) {
  // A delivered message carries its acknowledgement subject as its reply; the server's statuses
  // (100 heartbeat, 404, 408 expired, 409 ...) carry none. Told apart by that, not by a Status
  // header, which a producer could put on a request of its own.
  if (const char* ack = natsMsg_GetReply(msg); ack != nullptr && *ack != '\0') {
    out->push_back(msg);
    if (!open_reply_.empty() && --remaining_ <= 0) open_reply_.clear();
    return absl::OkStatus();
  }
  absl::Status result = absl::OkStatus();
  const char* status = nullptr;
  natsMsgHeader_Get(msg, "Status", &status);
  const std::string_view code(status != nullptr ? status : "");
  if (!open_reply_.empty() && open_reply_ == natsMsg_GetSubject(msg) && code != "100") {
    open_reply_.clear();
    if (code != "404" && code != "408") {
      const char* description = nullptr;
      natsMsgHeader_Get(msg, "Description", &description);
      result = absl::UnavailableError(
          StrCat("pull request answered ", code, " ", description != nullptr ? description : ""));
    }
  }
  natsMsg_Destroy(msg);
  return result;
}

absl::Status Puller::Next(int64_t wait_ms, int want, std::vector<natsMsg*>* out) {
  absl::Status result = absl::OkStatus();
  const size_t before = out->size();
  // What has arrived already, without waiting (the request sent at the end of the last call
  // brought it while the caller screened).
  const auto take_arrived = [&] {
    while (out->size() - before < static_cast<size_t>(batch_)) {
      natsMsg* msg = nullptr;
      if (Receive(&msg, 0) != NATS_OK) break;
      if (absl::Status s = Take(msg, out); !s.ok()) result = s;
    }
  };
  take_arrived();
  if (out->size() == before) {
    auto now = std::chrono::steady_clock::now();
    if (!open_reply_.empty() && now >= deadline_) {
      open_reply_.clear();
      result = absl::DeadlineExceededError(StrCat("no answer to a pull request on ", next_subject_,
                                                  " within ", expires_ms_ + 1000, " ms"));
    }
    if (open_reply_.empty()) {
      if (!result.ok()) return result;  // an error status: the caller logs it and waits
      Request(want);
    }
    // Wait for the first message (a status that ends the open request: ask again while time
    // is left), then take what else is here.
    const auto until = now + std::chrono::milliseconds(wait_ms);
    while (out->size() == before) {
      now = std::chrono::steady_clock::now();
      const auto end = std::min(until, deadline_);
      if (now >= end) break;
      const int64_t ms =
          std::max<int64_t>(1, std::chrono::ceil<std::chrono::milliseconds>(end - now).count());
      natsMsg* msg = nullptr;
      if (Receive(&msg, ms) != NATS_OK) continue;
      if (absl::Status s = Take(msg, out); !s.ok()) result = s;
      if (open_reply_.empty() && out->size() == before) {
        if (!result.ok()) return result;
        Request(want);
      }
    }
    take_arrived();
  }
  // The next request goes out now, so that requests arrive while the caller screens these (a
  // round trip a pull saved: 20% of a batched worker's throughput at load 5).
  if (open_reply_.empty() && out->size() > before) Request(want);
  return result;
}

void Puller::Close() {
  // Handed back only once the request is over: a nak while it is open would bring the message
  // straight back to it.
  std::vector<natsMsg*> late;
  while (!open_reply_.empty()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline_) break;
    natsMsg* msg = nullptr;
    const int64_t ms =
        std::max<int64_t>(1, std::chrono::ceil<std::chrono::milliseconds>(deadline_ - now).count());
    if (Receive(&msg, ms) != NATS_OK) continue;
    (void)Take(msg, &late);
  }
  open_reply_.clear();
  for (natsMsg* m : late) {
    Nak(m, 0);
    natsMsg_Destroy(m);
  }
  if (!late.empty()) natsConnection_Flush(nc_);
}

void Puller::Ack(natsMsg* msg) {
  if (const char* reply = natsMsg_GetReply(msg); reply != nullptr && *reply != '\0') {
    natsConnection_PublishString(nc_, reply, "+ACK");
  }
  Settled(msg);
}

void Puller::Nak(natsMsg* msg, int64_t delay_ms) {
  Settled(msg);
  const char* reply = natsMsg_GetReply(msg);
  if (reply == nullptr || *reply == '\0') return;
  const std::string body =
      delay_ms > 0 ? StrCat("-NAK {\"delay\":", delay_ms * 1000000, "}") : std::string("-NAK");
  natsConnection_PublishString(nc_, reply, body.c_str());
}

}  // namespace cordon::worker
