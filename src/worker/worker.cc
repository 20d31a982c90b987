#include "worker/worker.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>
#include <vector>

#include "cordon/cases.h"
#include "core/strcat.h"

namespace cordon::worker {
namespace {

// A lane's pull request waits this long at the server for requests (Puller): an idle lane asks
// once a second, and hands back what its open request still brings when it stops.
constexpr int64_t kPullExpiresMs = 1000;
// A lane waiting for requests looks up this often whether it is to stop or its lists aged.
constexpr int64_t kLaneWakeMs = 100;
// A pull asks for --batch requests, or fewer when they are batch requests: about --batch x 32
// parties (2,048 by default, half a second of screening), so that a lane does not sit on minutes
// of work while another is idle. Fewer a pull would cost throughput: each pull's results are
// confirmed with one wait for the server (two batch requests of 32 a pull: 4,100-5,200 results/s
// against 5,900-6,200 with 64, at load 6).
constexpr double kPartiesPerRequestSlot = 32;
// Longest wait for the results of one batch to be stored; past it the batch is left unacked
// (nak'ed) and its requests are redelivered (their results, if stored, are de-duplicated).
constexpr int64_t kResultPublishWaitMs = 10000;
// A request the API cannot serve now (5xx) or whose result was not confirmed comes back after
// this delay rather than at once, so that a worker in trouble does not spin on it.
constexpr int64_t kNakDelayMs = 1000;

std::string DefaultName() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return StrCat(host, ":", getpid());
}

// The "message" of the API's error body {"error": {"message": ...}}, else the body itself.
std::string ApiErrorMessage(const std::string& body) {
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object() &&
      j["error"].contains("message") && j["error"]["message"].is_string()) {
    return j["error"]["message"].get<std::string>();
  }
  return body.substr(0, 200);
}

std::string ErrorBody(std::string_view code, std::string_view message) {
  nlohmann::json j = {{"error", {{"code", code}, {"message", message}, {"field", nullptr}}}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// "ofac:3f2a9c1d0b7e un:..." for the lists of `state`: what each result was screened against.
std::string ListsLabel(const service::State& state) {
  std::string out;
  for (const LoadedList& l : state.screener->lists()) {
    if (!out.empty()) out += ' ';
    std::string_view hash = l.version.content_hash;
    if (hash.starts_with("sha256:")) hash.remove_prefix(7);
    out += StrCat(l.version.list, ":", hash.substr(0, 12));
  }
  return out;
}

// The dead letter of a request (or of one party of a batch request, `msg_id` "<id>#<n>"):
// the request's data as sent, with why; nullptr when it cannot be made.
struct DeadLetter {
  std::string_view subject;  // the request's subject
  const std::string& msg_id;
  std::string_view data;
  const std::string& reason;
  const std::string& reply;
  const std::string& worker;
  const std::string& delivered;
};
natsMsg* MakeDeadLetter(const DeadLetter& d, std::string_view kind) {
  const std::string dead_subject = StrCat(kDeadPrefix, kind);
  natsMsg* dead = nullptr;
  if (natsMsg_Create(&dead, dead_subject.c_str(), nullptr, d.data.data(),
                     static_cast<int>(d.data.size())) != NATS_OK) {
    return nullptr;
  }
  const std::string subject(d.subject);
  natsMsgHeader_Set(dead, kMsgIdHeader, d.msg_id.c_str());
  natsMsgHeader_Set(dead, kReasonHeader, d.reason.c_str());
  natsMsgHeader_Set(dead, kSubjectHeader, subject.c_str());
  natsMsgHeader_Set(dead, kReplyHeader, d.reply.c_str());
  natsMsgHeader_Set(dead, kWorkerHeader, d.worker.c_str());
  natsMsgHeader_Set(dead, kDeliveredHeader, d.delivered.c_str());
  return dead;
}

struct Counters {
  std::atomic<uint64_t> requests{0}, redeliveries{0}, results{0}, duplicates{0}, dead_letters{0},
      naks{0}, publish_failures{0}, acks{0}, holds{0}, alerts{0}, holds_recorded_before{0},
      store_failures{0}, stale_naks{0};
};

// The record of a screened party for the case store, from the API's answer (200, with hits).
// False when the answer is not what /v1/screen gives.
bool ToRecord(const nlohmann::json& answer, std::string_view party, const service::State& state,
              const std::string& id, RequestRecord* r) {
  if (!answer.is_object() || !answer.contains("hits") || !answer["hits"].is_array()) return false;
  r->request_key = "nats:" + id;
  r->source = "nats";
  r->subject_id = answer.value("id", std::string());
  // A party sent without an id is known by its request.
  if (r->subject_id.empty()) r->subject_id = id;
  r->subject_data.assign(party);
  r->lists = &state.screener->lists();
  r->engine_version = StrCat("cordon ", CORDON_VERSION);
  for (const nlohmann::json& h : answer["hits"]) {
    if (!h.is_object()) return false;
    RequestHit& out = r->hits.emplace_back();
    out.entity_id = h.value("entity_id", std::string());
    out.list = h.value("list", std::string());
    out.entity_name = h.value("name", std::string());
    out.matched_name = h.value("matched_name", std::string());
    out.score = h.value("score", 0.0);
    out.hit = h.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (h.contains("explanation") && h["explanation"].is_object()) {
      out.normalizer_version = h["explanation"].value("normalizer_version", std::string());
    }
    auto e = state.entities.find(out.entity_id);
    if (e == state.entities.end()) return false;
    out.entity_hash = EntityContentHash(*e->second);
  }
  return true;
}

// The stages of a request in the worker, each with a latency histogram
// (cordon_worker_stage_seconds{stage=...}).
enum Stage : uint8_t {
  kQueue,    // from its publication (the stream's timestamp) to its delivery to a worker
  kScreen,   // the API's handler: screening
  kStore,    // recording a hold in the case store (--db; requests with hits only)
  kConfirm,  // per batch: waiting for JetStream to confirm the results stored
  kBatch,    // per batch: from the pull to the acknowledgements
  kStages
};
constexpr const char* kStageNames[kStages] = {"queue", "screen", "store", "confirm", "batch"};
// Seconds; from a quarter millisecond (one screening) to a minute (a request waiting in a lag).
constexpr std::array<double, 16> kStageBuckets = {
    0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 30, 60};

struct Histogram {
  std::array<std::atomic<uint64_t>, kStageBuckets.size()> buckets{};
  std::atomic<uint64_t> count{0};
  std::atomic<uint64_t> sum_ns{0};
  void Observe(std::chrono::nanoseconds d) {
    const double s = std::chrono::duration<double>(d).count();
    for (size_t i = 0; i < kStageBuckets.size(); ++i) {
      if (s <= kStageBuckets[i]) {
        buckets[i].fetch_add(1, std::memory_order_relaxed);
        break;
      }
    }
    count.fetch_add(1, std::memory_order_relaxed);
    sum_ns.fetch_add(static_cast<uint64_t>(std::max<int64_t>(0, d.count())),
                     std::memory_order_relaxed);
  }
};

}  // namespace

// One thread's subscription, JetStream context (with its own publish-acknowledgement handler)
// and the publishes of the batch in hand.
struct Lane {
  Counters* counters = nullptr;
  jsCtx* js = nullptr;
  std::unique_ptr<Puller> puller;
  // Parties a request pulled lately had, on average (a batch request counts its parties): sizes
  // the lane's pulls (kPartiesPerRequestSlot).
  double parties_per_request = 1;
  size_t parties_seen = 0;  // in the batch being screened
  std::mutex mu;
  // Request id -> its publishes not yet confirmed, and whether one failed.
  struct Pending {
    int outstanding = 0;
    bool failed = false;
  };
  std::unordered_map<std::string, Pending> pending;
  uint64_t lists_generation = 0;
  std::string lists_label;
  std::unique_ptr<CaseStore> store;  // with WorkerOptions::db

  ~Lane() {
    puller.reset();
    if (js != nullptr) jsCtx_Destroy(js);
  }
};

struct Worker::Impl {
  service::Api* api = nullptr;
  WorkerOptions options;
  std::unique_ptr<Connection> conn;
  jsCtx* admin_js = nullptr;  // for consumer info
  std::vector<std::unique_ptr<Lane>> lanes;
  std::atomic<bool> stopping{false};
  // The consumer's ack wait (as the server has it): requests in hand are kept alive a third of
  // it apart.
  int64_t ack_wait_ms = 30000;
  std::mutex keep_alive_mu;
  std::condition_variable keep_alive_cv;
  Counters counters;
  std::array<Histogram, kStages> stages;
  void Observe(Stage s, std::chrono::steady_clock::time_point since) {
    stages[s].Observe(std::chrono::steady_clock::now() - since);
  }
  // The lists' age, checked at most once a second (CheckLists).
  std::mutex age_mu;
  std::chrono::steady_clock::time_point age_checked{};
  std::string stale;        // under age_mu: why no requests are taken, "" fresh
  double lists_age_s = -1;  // under age_mu: the age at the last check, -1 unknown

  ~Impl() {
    lanes.clear();
    if (admin_js != nullptr) jsCtx_Destroy(admin_js);
  }

  void Log(const std::string& line) const {
    if (options.log) {
      options.log(line);
    } else {
      std::cerr << "cordon worker: " << line << std::endl;
    }
  }

  // "" when the lists are fresh enough to screen with, else why not (logged when it changes).
  std::string CheckLists();
  static void OnPubAck(jsCtx*, natsMsg* msg, jsPubAck* pa, jsPubAckErr* pae, void* closure);
  absl::Status Subscribe(Lane* lane);
  void RunLane(Lane* lane);
  // Until `done`: tells the server every ack_wait/3 that each lane's requests in hand are being
  // worked on, so that one that waits behind long ones (batch requests of thousands of parties,
  // a slow case store) is not delivered again to another worker meanwhile.
  void KeepAlive(const std::atomic<bool>& done);
  void RunBatch(Lane* lane, const std::vector<natsMsg*>& msgs);
  // Screens one request and publishes its result (and dead letter). Returns false when the
  // request is to be nak'ed without a result (the API could not serve it now).
  bool Process(Lane* lane, natsMsg* msg, std::string* id);
  // Screens each party of a batch request as POST `target` (/v1/screen and the request's query),
  // records its hold under "<id>#<n>" and dead-letters a refused party alone; sets *out to
  // {"results": [{"status": S, "result": answer}, ...]} in input order. False when the request
  // is to be nak'ed (a party the API could not serve now, a hold not recorded).
  bool ScreenBatch(Lane* lane, const std::string& id, const std::vector<std::string>& parties,
                   const std::string& target, const DeadLetter& request, std::string* out);
  // Records a screened party with hits in the case store; false when it could not be.
  bool RecordHold(Lane* lane, const std::string& id, std::string_view party,
                  const std::string& answer);
  // Records the held messages of a message request in the case store (the API calls it with the
  // State they were screened with); adds the time it took to *store_time.
  absl::StatusOr<MessageRunResult> RecordMessageHolds(Lane* lane, const std::string& id,
                                                      const service::State& state,
                                                      const std::vector<MessageScreening>& held,
                                                      std::chrono::nanoseconds* store_time);
  void Publish(Lane* lane, const std::string& id, natsMsg* out);
};

void Worker::Impl::OnPubAck(jsCtx*, natsMsg* msg, jsPubAck* pa, jsPubAckErr* pae, void* closure) {
  Lane* lane = static_cast<Lane*>(closure);
  Counters& c = *lane->counters;
  // A batch party's dead letter is pending under its batch request's id.
  std::string id = HeaderOf(msg, kRequestHeader);
  if (id.empty()) id = HeaderOf(msg, kMsgIdHeader);
  const bool dead = std::string_view(natsMsg_GetSubject(msg)).starts_with(kDeadPrefix);
  {
    // A confirmation that comes after its batch gave up waiting finds no entry: that request
    // was nak'ed already.
    std::lock_guard<std::mutex> lock(lane->mu);
    auto it = lane->pending.find(id);
    if (it != lane->pending.end()) {
      --it->second.outstanding;
      if (pae != nullptr || pa == nullptr) it->second.failed = true;
    }
  }
  if (pae != nullptr || pa == nullptr) {
    ++c.publish_failures;
  } else if (pa->Duplicate) {
    ++c.duplicates;
  } else {
    ++(dead ? c.dead_letters : c.results);
  }
  natsMsg_Destroy(msg);
}

absl::Status Worker::Impl::Subscribe(Lane* lane) {
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.PublishAsync.AckHandler = &Impl::OnPubAck;
  jo.PublishAsync.AckHandlerClosure = lane;
  jo.PublishAsync.MaxPending = 4 * options.batch;
  absl::StatusOr<jsCtx*> js = conn->NewJetStream(&jo);
  if (!js.ok()) return js.status();
  lane->js = *js;
  absl::StatusOr<std::unique_ptr<Puller>> puller =
      Puller::Open(conn->nc(), kRequestsStream, kConsumer, options.batch, kPullExpiresMs);
  if (!puller.ok()) return puller.status();
  lane->puller = std::move(*puller);
  return absl::OkStatus();
}

void Worker::Impl::Publish(Lane* lane, const std::string& id, natsMsg* out) {
  {
    std::lock_guard<std::mutex> lock(lane->mu);
    ++lane->pending[id].outstanding;
  }
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MaxWait = kResultPublishWaitMs;
  const natsStatus s = js_PublishMsgAsync(lane->js, &out, &po);
  if (s != NATS_OK) {
    // The library did not take the message: no acknowledgement will come for it.
    natsMsg_Destroy(out);
    ++counters.publish_failures;
    std::lock_guard<std::mutex> lock(lane->mu);
    Lane::Pending& p = lane->pending[id];
    --p.outstanding;
    p.failed = true;
  }
}

bool Worker::Impl::Process(Lane* lane, natsMsg* msg, std::string* id) {
  ++counters.requests;
  jsMsgMetaData* meta = nullptr;
  uint64_t delivered = 1, seq = 0;
  if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
    delivered = meta->NumDelivered;
    seq = meta->Sequence.Stream;
    // The server's clock against this machine's: meaningful when they agree (NTP).
    const int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    if (delivered == 1) stages[kQueue].Observe(std::chrono::nanoseconds(now_ns - meta->Timestamp));
    jsMsgMetaData_Destroy(meta);
  }
  if (delivered > 1) ++counters.redeliveries;
  const std::string subject = natsMsg_GetSubject(msg);
  const std::string_view data(natsMsg_GetData(msg), natsMsg_GetDataLength(msg));
  *id = HeaderOf(msg, kMsgIdHeader);
  std::string reply = HeaderOf(msg, kReplyHeader);
  std::string reason, code;
  int status = 0;
  if (id->empty()) {
    *id = StrCat("stream-seq-", seq);
    reason = "no Nats-Msg-Id header (the request id)";
  } else if (reply.empty()) {
    reply = kDefaultResults;
  }
  if (reason.empty() && !IsResultsSubject(reply)) {
    reason = StrCat("Cordon-Reply \"", reply, "\" is not a subject under ", kResultsPrefix);
  }
  if (!IsResultsSubject(reply)) reply = kDefaultResults;
  service::HttpRequest req;
  req.method = "POST";
  if (subject == kPartySubject || subject == kBatchSubject) {
    req.target = "/v1/screen";
  } else if (subject == kMessageSubject) {
    req.target = "/v1/messages";
    if (std::string f = HeaderOf(msg, kFormatHeader); !f.empty()) req.target += "?format=" + f;
  } else if (reason.empty()) {
    reason = StrCat("unknown request subject \"", subject, "\"");
  }
  if (const std::string q = HeaderOf(msg, kQueryHeader); !q.empty()) {
    req.target += (req.target.find('?') == std::string::npos ? "?" : "&") + q;
  }
  if (!reason.empty()) {
    status = 400;
    code = "invalid_request";
  } else if (delivered >= static_cast<uint64_t>(options.consumer.max_deliver)) {
    // The earlier deliveries were never acknowledged: each worker that took it died or hung.
    // Screening it once more could take down another worker, and a failure now would drop it
    // silently (JetStream delivers no more), so it goes to the dead letters unscreened.
    status = 500;
    code = "max_deliver";
    reason = StrCat("delivered ", delivered, " times without an acknowledgement (max_deliver ",
                    options.consumer.max_deliver, ")");
  }
  std::string body;
  const std::string delivered_text = std::to_string(delivered);
  std::vector<std::string> parties;
  if (reason.empty() && subject == kBatchSubject) {
    absl::StatusOr<std::vector<std::string>> read = ReadBatch(data);
    if (read.ok()) {
      parties = std::move(*read);
    } else {
      status = 400;
      code = "invalid_request";
      const std::string why(read.status().message());
      reason = StrCat("refused (400): ", why);
      body = ErrorBody(code, why);
    }
  }
  lane->parties_seen += std::max<size_t>(1, parties.size());
  if (!parties.empty()) {
    const DeadLetter request{subject, *id, data, reason, reply, options.name, delivered_text};
    if (!ScreenBatch(lane, *id, parties, req.target, request, &body)) return false;
    status = 200;
  } else if (!reason.empty()) {
    if (body.empty()) body = ErrorBody(code, reason);
  } else {
    req.body.assign(data);
    const auto screen_start = std::chrono::steady_clock::now();
    // A message request's holds are recorded inside the API's handler, by the same code as
    // `cordon message --db` and POST /v1/messages (CaseStore::RecordMessages), keyed by the
    // request; a party's after it (RecordHold).
    std::chrono::nanoseconds store_time{0};
    const service::MessageRecorder recorder{
        .source = "nats:" + *id,
        .record = [&](const service::State& state, const std::vector<MessageScreening>& held) {
          return RecordMessageHolds(lane, *id, state, held, &store_time);
        }};
    service::HttpResponse r = lane->store != nullptr && subject == kMessageSubject
                                  ? api->Handle(req, recorder)
                                  : api->Handle(req);
    stages[kScreen].Observe(std::chrono::steady_clock::now() - screen_start - store_time);
    if (r.status >= 500) {
      Log(StrCat("request ", *id, ": the API answered ", r.status, " (", ApiErrorMessage(r.body),
                 "); handed back for a retry"));
      return false;
    }
    if (r.status == 200 && lane->store != nullptr && subject == kPartySubject &&
        !RecordHold(lane, *id, data, r.body)) {
      return false;
    }
    status = r.status;
    body = std::move(r.body);
    if (status >= 400) reason = StrCat("refused (", status, "): ", ApiErrorMessage(body));
  }
  const std::shared_ptr<const service::State> state = api->state();
  if (state != nullptr && state->generation != lane->lists_generation) {
    lane->lists_generation = state->generation;
    lane->lists_label = ListsLabel(*state);
  }
  natsMsg* result = nullptr;
  if (natsMsg_Create(&result, reply.c_str(), nullptr, body.data(), static_cast<int>(body.size())) !=
      NATS_OK) {
    return false;
  }
  natsMsgHeader_Set(result, kMsgIdHeader, id->c_str());
  natsMsgHeader_Set(result, kStatusHeader, std::to_string(status).c_str());
  natsMsgHeader_Set(result, kWorkerHeader, options.name.c_str());
  natsMsgHeader_Set(result, kDeliveredHeader, delivered_text.c_str());
  if (!lane->lists_label.empty())
    natsMsgHeader_Set(result, kListsHeader, lane->lists_label.c_str());
  if (!reason.empty()) {
    natsMsg* dead =
        MakeDeadLetter({subject, *id, data, reason, reply, options.name, delivered_text},
                       subject == kMessageSubject ? "message"
                       : subject == kPartySubject ? "party"
                       : subject == kBatchSubject ? "batch"
                                                  : "other");
    if (dead == nullptr) {
      natsMsg_Destroy(result);
      return false;
    }
    Log(StrCat("request ", *id, " to the dead letters: ", reason));
    Publish(lane, *id, dead);
  }
  Publish(lane, *id, result);
  return true;
}

bool Worker::Impl::ScreenBatch(Lane* lane, const std::string& id,
                               const std::vector<std::string>& parties, const std::string& target,
                               const DeadLetter& request, std::string* out) {
  std::vector<natsMsg*> dead;  // published once every party is screened and recorded
  const auto drop = [&] {
    for (natsMsg* d : dead) natsMsg_Destroy(d);
    return false;
  };
  out->assign("{\"results\":[");
  for (size_t i = 0; i < parties.size(); ++i) {
    service::HttpRequest req;
    req.method = "POST";
    req.target = target;
    req.body = parties[i];
    const auto screen_start = std::chrono::steady_clock::now();
    service::HttpResponse r = api->Handle(req);
    Observe(kScreen, screen_start);
    const std::string key = StrCat(id, "#", i + 1);
    if (r.status >= 500) {
      Log(StrCat("request ", key, ": the API answered ", r.status, " (", ApiErrorMessage(r.body),
                 "); the batch is handed back for a retry"));
      return drop();
    }
    if (r.status == 200 && lane->store != nullptr && !RecordHold(lane, key, parties[i], r.body)) {
      return drop();
    }
    if (r.status >= 400) {
      const std::string reason = StrCat("refused (", r.status, "): ", ApiErrorMessage(r.body));
      natsMsg* d = MakeDeadLetter({request.subject, key, parties[i], reason, request.reply,
                                   request.worker, request.delivered},
                                  "party");
      if (d == nullptr) return drop();
      natsMsgHeader_Set(d, kRequestHeader, id.c_str());
      dead.push_back(d);
      Log(StrCat("request ", key, " (a party of a batch) to the dead letters: ", reason));
    }
    out->append(StrCat(i > 0 ? "," : "", "{\"status\":", r.status, ",\"result\":", r.body, "}"));
  }
  out->append("]}");
  for (natsMsg* d : dead) Publish(lane, id, d);
  return true;
}

bool Worker::Impl::RecordHold(Lane* lane, const std::string& id, std::string_view party,
                              const std::string& answer) {
  // Most requests hit nothing: they have nothing to record, and cost no transaction.
  if (answer.find("\"hits\":[]") != std::string::npos) return true;
  const nlohmann::json j = nlohmann::json::parse(answer, nullptr, false);
  const std::shared_ptr<const service::State> state = api->state();
  RequestRecord record;
  record.actor = "worker:" + options.name;
  if (state == nullptr || !j.is_object() ||
      j.value("generation", uint64_t{0}) != state->generation) {
    // The lists were swapped between the screening and now: the alerts would name versions it
    // was not screened against. Screened again, on the new lists.
    Log(StrCat("request ", id, ": the lists changed while it was screened; handed back"));
    return false;
  }
  if (!ToRecord(j, party, *state, id, &record)) {
    ++counters.store_failures;
    Log(StrCat("request ", id, ": the screening answer could not be read for the case store"));
    return false;
  }
  const auto store_start = std::chrono::steady_clock::now();
  absl::StatusOr<RequestRecordResult> r = lane->store->RecordRequest(record);
  Observe(kStore, store_start);
  if (!r.ok()) {
    ++counters.store_failures;
    Log(StrCat("request ", id, ": the case store refused the hold (", r.status().ToString(),
               "); handed back for a retry"));
    return false;
  }
  if (r->duplicate) {
    ++counters.holds_recorded_before;
  } else {
    ++counters.holds;
    counters.alerts += r->alerts_created;
  }
  return true;
}

absl::StatusOr<MessageRunResult> Worker::Impl::RecordMessageHolds(
    Lane* lane, const std::string& id, const service::State& state,
    const std::vector<MessageScreening>& held, std::chrono::nanoseconds* store_time) {
  const MessageRunOptions o{.engine_version = StrCat("cordon ", CORDON_VERSION),
                            .source = "nats",
                            .request_key = "nats:" + id};
  const auto store_start = std::chrono::steady_clock::now();
  absl::StatusOr<MessageRunResult> r =
      lane->store->RecordMessages("worker:" + options.name, state.screener->lists(), o, held);
  *store_time = std::chrono::steady_clock::now() - store_start;
  stages[kStore].Observe(*store_time);
  if (!r.ok()) {
    // The API answers 503 and the request is nak'ed: retried, never acknowledged unrecorded.
    ++counters.store_failures;
    Log(StrCat("request ", id, ": the case store refused the held messages (",
               r.status().ToString(), ")"));
  } else if (r->duplicate) {
    ++counters.holds_recorded_before;
  } else {
    ++counters.holds;
    counters.alerts += r->run.alerts_created;
  }
  return r;
}

std::string Worker::Impl::CheckLists() {
  if (options.max_list_age_ms <= 0 || !options.lists_as_of) return "";
  std::lock_guard<std::mutex> lock(age_mu);
  const auto now = std::chrono::steady_clock::now();
  if (now - age_checked < std::chrono::seconds(1) && age_checked != decltype(age_checked){}) {
    return stale;
  }
  age_checked = now;
  const auto as_of = options.lists_as_of();
  const double age =
      std::chrono::duration<double>(std::chrono::system_clock::now() - as_of).count();
  lists_age_s = age;
  std::string why;
  if (age * 1000 > static_cast<double>(options.max_list_age_ms)) {
    why = StrCat("lists ", static_cast<int64_t>(age), " s old, over --max-list-age ",
                 options.max_list_age_ms / 1000.0, " s: taking no requests until newer lists");
  }
  if (why.empty() != stale.empty()) {
    Log(why.empty() ? StrCat("lists ", static_cast<int64_t>(age),
                             " s old again within --max-list-age: taking requests")
                    : why);
  }
  stale = why;
  return stale;
}

void Worker::Impl::RunBatch(Lane* lane, const std::vector<natsMsg*>& msgs) {
  if (!CheckLists().empty()) {
    // The lists aged past the limit while the batch was pulled: none of it is screened.
    for (natsMsg* m : msgs) lane->puller->Nak(m, kNakDelayMs);
    counters.naks += msgs.size();
    counters.stale_naks += msgs.size();
    return;
  }
  const auto batch_start = std::chrono::steady_clock::now();
  lane->parties_seen = 0;
  std::vector<std::string> ids(msgs.size());
  std::vector<bool> answered(msgs.size());
  for (size_t i = 0; i < msgs.size(); ++i) answered[i] = Process(lane, msgs[i], &ids[i]);
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MaxWait = kResultPublishWaitMs;
  const auto confirm_start = std::chrono::steady_clock::now();
  const natsStatus confirmed = js_PublishAsyncComplete(lane->js, &po);
  Observe(kConfirm, confirm_start);
  if (confirmed != NATS_OK) {
    // Take back what is still unconfirmed: those requests are not acknowledged.
    natsMsgList left{};
    if (js_PublishAsyncGetPendingList(&left, lane->js) == NATS_OK) {
      std::lock_guard<std::mutex> lock(lane->mu);
      for (int i = 0; i < left.Count; ++i) {
        lane->pending[HeaderOf(left.Msgs[i], kMsgIdHeader)].failed = true;
      }
      counters.publish_failures += left.Count;
      natsMsgList_Destroy(&left);
    }
  }
  std::lock_guard<std::mutex> lock(lane->mu);
  for (size_t i = 0; i < msgs.size(); ++i) {
    auto it = lane->pending.find(ids[i]);
    const bool stored = answered[i] && it != lane->pending.end() && !it->second.failed &&
                        it->second.outstanding == 0;
    if (stored) {
      // Fire and forget: a lost acknowledgement means one more delivery, whose result is
      // de-duplicated.
      lane->puller->Ack(msgs[i]);
      ++counters.acks;
    } else {
      lane->puller->Nak(msgs[i], kNakDelayMs);
      ++counters.naks;
    }
  }
  lane->pending.clear();
  lane->parties_per_request =
      (lane->parties_per_request + static_cast<double>(lane->parties_seen) / msgs.size()) / 2;
  Observe(kBatch, batch_start);
}

void Worker::Impl::KeepAlive(const std::atomic<bool>& done) {
  const auto every = std::chrono::milliseconds(std::max<int64_t>(100, ack_wait_ms / 3));
  std::unique_lock<std::mutex> lock(keep_alive_mu);
  while (!keep_alive_cv.wait_for(lock, every, [&] { return done.load(); })) {
    for (const std::unique_ptr<Lane>& lane : lanes) lane->puller->KeepAlive();
  }
}

void Worker::Impl::RunLane(Lane* lane) {
  auto last_error_log = std::chrono::steady_clock::time_point{};
  std::vector<natsMsg*> msgs;
  while (!stopping.load()) {
    if (!CheckLists().empty()) {
      // Too old to screen with: pull nothing; the requests wait for a worker with fresh lists
      // (what an open pull request brings is handed back at once).
      lane->puller->Close();
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      continue;
    }
    msgs.clear();
    const int want = static_cast<int>(
        std::lround(options.batch * kPartiesPerRequestSlot / lane->parties_per_request));
    const absl::Status s = lane->puller->Next(kLaneWakeMs, std::max(1, want), &msgs);
    if (!msgs.empty()) RunBatch(lane, msgs);
    for (natsMsg* m : msgs) natsMsg_Destroy(m);
    if (!s.ok()) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_error_log > std::chrono::seconds(5)) {
        Log(StrCat("fetching requests: ", std::string(s.message()), " (retrying)"));
        last_error_log = now;
      }
      if (msgs.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }
  // What the open pull request still brings goes back at once, for another worker to take.
  lane->puller->Close();
}

absl::StatusOr<std::unique_ptr<Worker>> Worker::Create(service::Api* api, WorkerOptions options) {
  if (options.name.empty()) options.name = DefaultName();
  if (options.lanes < 1 || options.batch < 1) {
    return absl::InvalidArgumentError("lanes and batch must be at least 1");
  }
  auto impl = std::make_unique<Impl>();
  impl->api = api;
  impl->options = std::move(options);
  const WorkerOptions& o = impl->options;
  absl::StatusOr<std::unique_ptr<Connection>> conn =
      Connection::Open(o.nats_url, StrCat("cordon-worker ", o.name), o.connect_timeout_ms);
  if (!conn.ok()) return conn.status();
  impl->conn = std::move(*conn);
  absl::StatusOr<jsCtx*> js = impl->conn->NewJetStream(nullptr);
  if (!js.ok()) return js.status();
  impl->admin_js = *js;
  if (absl::Status s = EnsureStreams(impl->admin_js, o.streams); !s.ok()) return s;
  if (absl::Status s = EnsureConsumer(impl->admin_js, o.consumer, o.streams); !s.ok()) return s;
  impl->ack_wait_ms = o.consumer.ack_wait_ms;
  // An existing consumer keeps the ack wait it was made with.
  jsConsumerInfo* ci = nullptr;
  if (js_GetConsumerInfo(&ci, impl->admin_js, kRequestsStream, kConsumer, nullptr, nullptr) ==
      NATS_OK) {
    if (ci->Config != nullptr && ci->Config->AckWait > 0) {
      impl->ack_wait_ms = ci->Config->AckWait / 1000000;
    }
    jsConsumerInfo_Destroy(ci);
  }
  for (int i = 0; i < o.lanes; ++i) {
    auto lane = std::make_unique<Lane>();
    lane->counters = &impl->counters;
    if (!o.db.empty()) {
      absl::StatusOr<std::unique_ptr<CaseStore>> store = CaseStore::Open(o.db);
      if (!store.ok()) {
        return absl::Status(store.status().code(),
                            StrCat("the case store: ", std::string(store.status().message())));
      }
      lane->store = std::move(*store);
    }
    if (absl::Status s = impl->Subscribe(lane.get()); !s.ok()) return s;
    impl->lanes.push_back(std::move(lane));
  }
  return std::unique_ptr<Worker>(new Worker(std::move(impl)));
}

Worker::Worker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Worker::~Worker() = default;

void Worker::Run() {
  std::atomic<bool> lanes_done{false};
  std::thread keep_alive([this, &lanes_done] { impl_->KeepAlive(lanes_done); });
  std::vector<std::thread> threads;
  for (size_t i = 1; i < impl_->lanes.size(); ++i) {
    threads.emplace_back([this, i] { impl_->RunLane(impl_->lanes[i].get()); });
  }
  impl_->RunLane(impl_->lanes[0].get());
  for (std::thread& t : threads) t.join();
  {
    std::lock_guard<std::mutex> lock(impl_->keep_alive_mu);
    lanes_done = true;
  }
  impl_->keep_alive_cv.notify_all();
  keep_alive.join();
  // The acknowledgements of the last batches are on their way; make sure they left.
  natsConnection_FlushTimeout(impl_->conn->nc(), 5000);
}

void Worker::Stop() { impl_->stopping = true; }

bool Worker::connected() const { return impl_->conn->connected(); }

std::string Worker::ListsStale() const { return impl_->CheckLists(); }

WorkerStats Worker::stats() const {
  const Counters& c = impl_->counters;
  return WorkerStats{.requests = c.requests,
                     .redeliveries = c.redeliveries,
                     .results = c.results,
                     .duplicates = c.duplicates,
                     .dead_letters = c.dead_letters,
                     .naks = c.naks,
                     .publish_failures = c.publish_failures,
                     .acks = c.acks,
                     .holds = c.holds,
                     .alerts = c.alerts,
                     .holds_recorded_before = c.holds_recorded_before,
                     .store_failures = c.store_failures,
                     .stale_naks = c.stale_naks};
}

std::string Worker::Metrics() const {
  const WorkerStats s = stats();
  std::string out;
  auto counter = [&out](std::string_view name, std::string_view help, uint64_t v) {
    out += StrCat("# HELP cordon_worker_", name, " ", help, "\n# TYPE cordon_worker_", name,
                  " counter\ncordon_worker_", name, " ", v, "\n");
  };
  counter("requests_total", "Requests taken from the stream (deliveries).", s.requests);
  counter("redeliveries_total", "Requests delivered before (to this or another worker).",
          s.redeliveries);
  counter("results_total", "Results stored in the results stream.", s.results);
  counter("duplicate_results_total", "Results JetStream dropped as already stored.", s.duplicates);
  counter("dead_letters_total", "Poison requests sent to the dead-letter stream.", s.dead_letters);
  counter("naks_total", "Requests handed back for a later retry.", s.naks);
  counter("publish_failures_total", "Results or dead letters not confirmed by JetStream.",
          s.publish_failures);
  counter("acks_total", "Requests acknowledged.", s.acks);
  counter("holds_total", "Requests with hits recorded in the case store.", s.holds);
  counter("alerts_total", "Alerts those requests raised in the case store.", s.alerts);
  counter("holds_recorded_before_total",
          "Redelivered requests whose hits the case store already held (no second alert).",
          s.holds_recorded_before);
  counter("store_failures_total", "Holds the case store could not record (request nak'ed).",
          s.store_failures);
  counter("stale_naks_total", "Requests handed back because the lists grew too old.", s.stale_naks);
  if (impl_->options.max_list_age_ms > 0 && impl_->options.lists_as_of) {
    const bool stale = !ListsStale().empty();
    double age = 0;
    {
      std::lock_guard<std::mutex> lock(impl_->age_mu);
      age = impl_->lists_age_s;
    }
    out += StrCat(
        "# HELP cordon_worker_lists_age_seconds Time since the lists in use were last known "
        "current.\n# TYPE cordon_worker_lists_age_seconds gauge\ncordon_worker_lists_age_seconds ",
        age, "\n# HELP cordon_worker_lists_max_age_seconds --max-list-age.\n",
        "# TYPE cordon_worker_lists_max_age_seconds gauge\ncordon_worker_lists_max_age_seconds ",
        impl_->options.max_list_age_ms / 1000.0,
        "\n# HELP cordon_worker_lists_stale 1 when the lists are too old and no request is "
        "taken.\n# TYPE cordon_worker_lists_stale gauge\ncordon_worker_lists_stale ",
        stale ? 1 : 0, "\n");
  }
  out +=
      "# HELP cordon_worker_stage_seconds Latency of each stage of a request in the worker: queue "
      "(publication to first delivery), screen, store (--db holds), confirm (per batch: results "
      "stored), batch (per batch: pull to acknowledgements).\n"
      "# TYPE cordon_worker_stage_seconds histogram\n";
  for (int st = 0; st < kStages; ++st) {
    const Histogram& h = impl_->stages[st];
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kStageBuckets.size(); ++i) {
      cumulative += h.buckets[i].load(std::memory_order_relaxed);
      out += StrCat("cordon_worker_stage_seconds_bucket{stage=\"", kStageNames[st], "\",le=\"",
                    kStageBuckets[i], "\"} ", cumulative, "\n");
    }
    const uint64_t count = h.count.load(std::memory_order_relaxed);
    out += StrCat("cordon_worker_stage_seconds_bucket{stage=\"", kStageNames[st],
                  "\",le=\"+Inf\"} ", count, "\ncordon_worker_stage_seconds_sum{stage=\"",
                  kStageNames[st], "\"} ", h.sum_ns.load(std::memory_order_relaxed) / 1e9,
                  "\ncordon_worker_stage_seconds_count{stage=\"", kStageNames[st], "\"} ", count,
                  "\n");
  }
  out += StrCat("# HELP cordon_worker_connected 1 when connected to NATS.\n",
                "# TYPE cordon_worker_connected gauge\ncordon_worker_connected ",
                connected() ? 1 : 0, "\n");
  jsConsumerInfo* ci = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  if (js_GetConsumerInfo(&ci, impl_->admin_js, kRequestsStream, kConsumer, nullptr, &code) ==
      NATS_OK) {
    out += StrCat(
        "# HELP cordon_worker_consumer_pending Requests in the stream not yet delivered "
        "(consumer lag).\n# TYPE cordon_worker_consumer_pending gauge\n"
        "cordon_worker_consumer_pending ",
        ci->NumPending, "\n",
        "# HELP cordon_worker_consumer_ack_pending Requests delivered and not yet "
        "acknowledged, over all workers.\n# TYPE cordon_worker_consumer_ack_pending "
        "gauge\ncordon_worker_consumer_ack_pending ",
        ci->NumAckPending, "\n",
        "# HELP cordon_worker_consumer_redelivered Requests being redelivered, over all "
        "workers.\n# TYPE cordon_worker_consumer_redelivered gauge\n"
        "cordon_worker_consumer_redelivered ",
        ci->NumRedelivered, "\n");
    jsConsumerInfo_Destroy(ci);
  }
  return out;
}

}  // namespace cordon::worker
