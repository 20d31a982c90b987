#include "worker/dispatch.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "core/strcat.h"

namespace cordon::worker {
namespace {

// Parties a request on cordon.screen.batch: enough to share the transport's cost (bench/
// RESULTS.md, the workers with batches), few enough that one HTTP batch still spreads over the
// workers (1,000 parties: 63 requests).
constexpr size_t kPartiesPerRequest = 16;

}  // namespace

absl::StatusOr<std::unique_ptr<Dispatcher>> Dispatcher::Create(DispatchOptions options) {
  std::unique_ptr<Dispatcher> d(new Dispatcher());
  d->options_ = std::move(options);
  d->run_ = "serve-" + RandomRunId();
  d->reply_ = StrCat(kResultsPrefix, d->run_);
  absl::StatusOr<std::unique_ptr<Connection>> conn = Connection::Open(
      d->options_.nats_url, StrCat("cordon serve ", d->run_), d->options_.connect_timeout_ms);
  if (!conn.ok()) return conn.status();
  d->conn_ = std::move(*conn);
  absl::StatusOr<jsCtx*> js = d->conn_->NewJetStream(nullptr);
  if (!js.ok()) return js.status();
  const absl::Status streams = EnsureStreams(*js, d->options_.streams);
  jsCtx_Destroy(*js);
  if (!streams.ok()) return streams;
  // A plain subscription on this process's results subject: the workers' results are published
  // to it (and stored in CORDON_RESULTS as well).
  const natsStatus s =
      natsConnection_Subscribe(&d->sub_, d->conn_->nc(), d->reply_.c_str(), &OnResult, d.get());
  if (s != NATS_OK) return NatsError(StrCat("subscribing to ", d->reply_), s);
  natsSubscription_SetPendingLimits(d->sub_, -1, -1);
  return d;
}

Dispatcher::~Dispatcher() {
  if (sub_ != nullptr) {
    natsSubscription_Unsubscribe(sub_);
    natsSubscription_Destroy(sub_);
  }
}

void Dispatcher::OnResult(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  auto* d = static_cast<Dispatcher*>(closure);
  const std::string id = HeaderOf(msg, kMsgIdHeader);
  {
    std::lock_guard<std::mutex> lock(d->mu_);
    auto it = d->pending_.find(id);
    // A second result of a redelivered request, or one that came after its deadline: dropped.
    if (it != d->pending_.end()) {
      auto [waiting, index] = it->second;
      waiting->answers[index].status = std::atoi(HeaderOf(msg, kStatusHeader).c_str());
      waiting->answers[index].body.assign(natsMsg_GetData(msg), natsMsg_GetDataLength(msg));
      --waiting->left;
      d->pending_.erase(it);
    }
  }
  d->cv_.notify_all();
  natsMsg_Destroy(msg);
}

absl::StatusOr<std::vector<Answer>> Dispatcher::Call(const std::vector<Outgoing>& requests) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.timeout_ms);
  if (!conn_->connected()) {
    return absl::UnavailableError("not connected to NATS: no worker can be reached");
  }
  Waiting waiting;
  waiting.answers.resize(requests.size());
  waiting.left = requests.size();
  std::vector<std::string> ids(requests.size());
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < requests.size(); ++i) {
      ids[i] = StrCat(run_, "-", ++next_);
      pending_[ids[i]] = {&waiting, i};
    }
  }
  auto forget = [&] {
    std::lock_guard<std::mutex> lock(mu_);
    for (const std::string& id : ids) pending_.erase(id);
  };
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.PublishAsync.MaxPending = 4096;
  absl::StatusOr<jsCtx*> js = conn_->NewJetStream(&jo);
  if (!js.ok()) {
    forget();
    return js.status();
  }
  natsStatus s = NATS_OK;
  for (size_t i = 0; i < requests.size() && s == NATS_OK; ++i) {
    const Outgoing& r = requests[i];
    natsMsg* m = nullptr;
    s = natsMsg_Create(&m, r.subject.c_str(), nullptr, r.body.data(),
                       static_cast<int>(r.body.size()));
    if (s != NATS_OK) break;
    natsMsgHeader_Set(m, kMsgIdHeader, ids[i].c_str());
    natsMsgHeader_Set(m, kReplyHeader, reply_.c_str());
    if (!r.query.empty()) natsMsgHeader_Set(m, kQueryHeader, r.query.c_str());
    if (!r.format.empty()) natsMsgHeader_Set(m, kFormatHeader, r.format.c_str());
    s = js_PublishMsgAsync(*js, &m, nullptr);
    if (s != NATS_OK) natsMsg_Destroy(m);
  }
  if (s == NATS_OK) {
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MaxWait = std::max<int64_t>(1, std::chrono::duration_cast<std::chrono::milliseconds>(
                                          deadline - std::chrono::steady_clock::now())
                                          .count());
    s = js_PublishAsyncComplete(*js, &po);
  }
  jsCtx_Destroy(*js);
  if (s != NATS_OK) {
    forget();
    return absl::UnavailableError(StrCat("the requests could not be stored in ", kRequestsStream,
                                         ": ", natsStatus_GetText(s)));
  }
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_until(lock, deadline, [&] { return waiting.left == 0; });
  if (waiting.left > 0) {
    const size_t left = waiting.left;
    for (const std::string& id : ids) pending_.erase(id);
    return absl::UnavailableError(StrCat("no worker answered ", left, " of ", requests.size(),
                                         " request(s) within ", options_.timeout_ms / 1000.0,
                                         " s (are `cordon worker`s running on ", options_.nats_url,
                                         "?)"));
  }
  return std::move(waiting.answers);
}

service::RemoteScreening Dispatcher::Remote() {
  service::RemoteScreening r;
  r.parties = [this](const std::vector<std::string>& parties,
                     const std::string& query) -> absl::StatusOr<std::vector<std::string>> {
    std::vector<Outgoing> out;
    out.reserve(parties.size() / kPartiesPerRequest + 1);
    for (size_t first = 0; first < parties.size(); first += kPartiesPerRequest) {
      std::string body = "{\"queries\":[";
      for (size_t i = first; i < std::min(parties.size(), first + kPartiesPerRequest); ++i) {
        if (i > first) body += ',';
        body += parties[i];
      }
      body += "]}";
      out.push_back({kBatchSubject, std::move(body), query, ""});
    }
    absl::StatusOr<std::vector<Answer>> answers = Call(out);
    if (!answers.ok()) return answers.status();
    std::vector<std::string> bodies;
    bodies.reserve(parties.size());
    for (size_t c = 0; c < answers->size(); ++c) {
      const Answer& a = (*answers)[c];
      const size_t first = c * kPartiesPerRequest;
      const size_t count = std::min(parties.size() - first, kPartiesPerRequest);
      if (a.status != 200) {
        return absl::UnavailableError(StrCat("a worker answered parties ", first + 1, " to ",
                                             first + count, " with ", a.status, ": ",
                                             a.body.substr(0, 300)));
      }
      const nlohmann::json j = nlohmann::json::parse(a.body, nullptr, false);
      if (!j.is_object() || !j.contains("results") || !j["results"].is_array() ||
          j["results"].size() != count) {
        return absl::UnavailableError(StrCat("a worker's answer to parties ", first + 1, " to ",
                                             first + count, " is not ", count, " results"));
      }
      for (size_t i = 0; i < count; ++i) {
        const nlohmann::json& one = j["results"][i];
        if (one.value("status", 0) != 200 || !one.contains("result")) {
          return absl::UnavailableError(StrCat("a worker answered party ", first + i + 1, " with ",
                                               one.value("status", 0), ": ",
                                               one.dump().substr(0, 300)));
        }
        bodies.push_back(
            one["result"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
    }
    return bodies;
  };
  r.message = [this](const std::string& body,
                     const std::string& format) -> absl::StatusOr<service::HttpResponse> {
    absl::StatusOr<std::vector<Answer>> answers = Call({{kMessageSubject, body, "", format}});
    if (!answers.ok()) return answers.status();
    service::HttpResponse resp;
    resp.status = (*answers)[0].status;
    resp.body = std::move((*answers)[0].body);
    return resp;
  };
  return r;
}

}  // namespace cordon::worker
