#include "worker/submit.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/files.h"
#include "core/strcat.h"
#include "service/http.h"

namespace cordon::worker {
namespace {

// Longest wait for the stream to confirm one publish; past it the publish is retried (with the
// same request id, so the stream keeps one copy).
constexpr int64_t kSubmitPublishWaitMs = 5000;

std::string_view TrimBlank(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// What the publish-acknowledgement handler hands back to the loop: requests to publish again.
struct Retries {
  std::mutex mu;
  std::deque<std::string> ids;
};

void OnPubAck(jsCtx*, natsMsg* msg, jsPubAck* pa, jsPubAckErr* pae, void* closure) {
  if (pae != nullptr || pa == nullptr) {
    Retries* r = static_cast<Retries*>(closure);
    std::lock_guard<std::mutex> lock(r->mu);
    r->ids.push_back(HeaderOf(msg, kMsgIdHeader));
  }
  natsMsg_Destroy(msg);
}

struct Publisher {
  jsCtx* js = nullptr;
  std::string run;
  std::string reply;
  const SubmitOptions* o = nullptr;

  // False when the client refused the publish at once (stalled or disconnected): retry later.
  bool Publish(const SubmitUnit& r, size_t index) const {
    natsMsg* m = nullptr;
    if (natsMsg_Create(&m, r.subject.c_str(), nullptr, r.body.data(),
                       static_cast<int>(r.body.size())) != NATS_OK) {
      return false;
    }
    const std::string id = StrCat(run, "-", index + 1);
    natsMsgHeader_Set(m, kMsgIdHeader, id.c_str());
    natsMsgHeader_Set(m, kReplyHeader, reply.c_str());
    if (!o->format.empty() && r.subject == kMessageSubject) {
      natsMsgHeader_Set(m, kFormatHeader, o->format.c_str());
    }
    if (!o->query.empty()) natsMsgHeader_Set(m, kQueryHeader, o->query.c_str());
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MaxWait = kSubmitPublishWaitMs;
    const natsStatus s = js_PublishMsgAsync(js, &m, &po);
    natsMsg_Destroy(m);  // no effect when the library took it
    return s == NATS_OK;
  }
};

std::string ResultLine(const SubmitResult& r) {
  nlohmann::json head = {{"request_id", r.request_id},
                         {"source", r.request->source},
                         {"status", r.status},
                         {"worker", r.worker},
                         {"lists", r.lists}};
  std::string out = head.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out.pop_back();
  out += ",\"result\":";
  out += r.body.empty() ? "null" : r.body;
  out += '}';
  return out;
}

}  // namespace

std::vector<SubmitUnit> MakeSubmitUnits(const std::vector<SubmitRequest>& reqs, size_t batch,
                                        int64_t max_body) {
  std::vector<SubmitUnit> out;
  out.reserve(batch > 1 ? reqs.size() / batch + 1 : reqs.size());
  bool open = false;  // out.back() is a batch that takes more parties
  for (size_t i = 0; i < reqs.size(); ++i) {
    const SubmitRequest& r = reqs[i];
    // A line of broken JSON, nested too deep for the API with the batch around it, or with a
    // NUL byte (nlohmann's parser ends the input there, so the rest of the batch would be lost
    // to it) would have the whole batch refused: it goes alone.
    const bool batchable =
        batch > 1 && r.subject == kPartySubject && r.body.find('\0') == std::string::npos &&
        service::JsonDepth(r.body) + 2 <= service::kMaxJsonDepth && nlohmann::json::accept(r.body);
    if (open && (!batchable || out.back().count == batch ||
                 (max_body > 0 &&
                  static_cast<int64_t>(out.back().body.size() + r.body.size() + 3) > max_body))) {
      out.back().body += "]}";
      open = false;
    }
    if (!batchable) {
      out.push_back({r.subject, r.body, i, 1});
    } else if (!open) {
      out.push_back({kBatchSubject, "{\"queries\":[" + r.body, i, 1});
      open = true;
    } else {
      SubmitUnit& u = out.back();
      u.body += ',';
      u.body += r.body;
      ++u.count;
    }
  }
  if (open) out.back().body += "]}";
  return out;
}

std::vector<SubmitRequest> ParseSubmitNames(const std::string& file, std::string_view text) {
  std::vector<SubmitRequest> out;
  size_t line_no = 0, start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = TrimBlank(text.substr(start, end - start));
    start = end + 1;
    ++line_no;
    if (line.empty()) continue;
    const std::string source = StrCat(file, ":", line_no);
    if (line.front() == '{') {
      out.push_back({source, kPartySubject, std::string(line)});
    } else {
      nlohmann::json j = {{"id", source}, {"name", line}};
      out.push_back({source, kPartySubject,
                     j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
    }
  }
  return out;
}

absl::StatusOr<std::vector<SubmitRequest>> ReadSubmitRequests(const SubmitOptions& o) {
  std::vector<SubmitRequest> out;
  for (const std::string& file : o.files) {
    absl::StatusOr<std::string> text = ReadFileToString(file);
    if (!text.ok()) return text.status();
    if (o.messages) {
      if (text->empty()) return absl::InvalidArgumentError(StrCat(file, ": empty message file"));
      out.push_back({file, kMessageSubject, std::move(*text)});
      continue;
    }
    std::vector<SubmitRequest> parsed = ParseSubmitNames(file, *text);
    out.insert(out.end(), std::make_move_iterator(parsed.begin()),
               std::make_move_iterator(parsed.end()));
  }
  if (out.empty()) return absl::InvalidArgumentError("no requests in the files given");
  return out;
}

absl::StatusOr<SubmitStats> Submit(const SubmitOptions& o,
                                   const std::function<void(const SubmitResult&)>& on_result) {
  absl::StatusOr<std::vector<SubmitRequest>> requests = ReadSubmitRequests(o);
  if (!requests.ok()) return requests.status();
  const std::string run = RandomRunId();
  absl::StatusOr<std::unique_ptr<Connection>> conn =
      Connection::Open(o.nats_url, StrCat("cordon-submit ", run), o.connect_timeout_ms);
  if (!conn.ok()) return conn.status();
  // A request over the server's max_payload (1 MiB by default) could never be published.
  const int64_t max_payload = natsConnection_GetMaxPayload((*conn)->nc());
  for (const SubmitRequest& r : *requests) {
    if (max_payload > 0 && static_cast<int64_t>(r.body.size()) + 1024 > max_payload) {
      return absl::InvalidArgumentError(
          StrCat(r.source, ": ", r.body.size(), " bytes; the NATS server takes at most ",
                 max_payload, " a message (max_payload), headers included"));
    }
  }
  absl::StatusOr<jsCtx*> admin = (*conn)->NewJetStream(nullptr);
  if (!admin.ok()) return admin.status();
  std::unique_ptr<jsCtx, void (*)(jsCtx*)> admin_js(*admin, &jsCtx_Destroy);
  if (absl::Status s = EnsureStreams(admin_js.get(), o.streams); !s.ok()) return s;

  // Subscribe to the results before the first request goes out. An ordered consumer: the
  // client recreates it from the last result seen when the server restarts.
  const std::string reply = StrCat(kResultsPrefix, run);
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = kResultsStream;
  so.Ordered = true;
  natsSubscription* raw_sub = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus ns = js_SubscribeSync(&raw_sub, admin_js.get(), reply.c_str(), nullptr, &so, &code);
  if (ns != NATS_OK) return NatsError("subscribing to the results", ns, code);
  std::unique_ptr<natsSubscription, void (*)(natsSubscription*)> sub(raw_sub,
                                                                     &natsSubscription_Destroy);

  Retries retries;
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.PublishAsync.AckHandler = &OnPubAck;
  jo.PublishAsync.AckHandlerClosure = &retries;
  jo.PublishAsync.MaxPending = static_cast<int64_t>(o.max_in_flight);
  absl::StatusOr<jsCtx*> pub_js = (*conn)->NewJetStream(&jo);
  if (!pub_js.ok()) return pub_js.status();
  std::unique_ptr<jsCtx, void (*)(jsCtx*)> js(*pub_js, &jsCtx_Destroy);
  const Publisher publisher{js.get(), run, reply, &o};

  const std::vector<SubmitRequest>& parties = *requests;
  const std::vector<SubmitUnit> reqs =
      MakeSubmitUnits(parties, o.batch, max_payload > 0 ? max_payload - 1024 : 0);
  SubmitStats stats;
  stats.requests = parties.size();
  stats.published = reqs.size();
  std::vector<bool> done(reqs.size());
  using Clock = std::chrono::steady_clock;
  std::vector<Clock::time_point> published(reqs.size());
  std::vector<double> latencies;
  latencies.reserve(parties.size());
  size_t next = 0, outstanding = 0;
  const std::string id_prefix = run + "-";
  const auto start = Clock::now();
  auto last_progress = start;
  while (next < reqs.size() || outstanding > 0) {
    // With a rate, the parties due by now (a request goes once its first party is due);
    // without, all of them.
    size_t due = parties.size();
    if (o.rate > 0) {
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      due = std::min(parties.size(), static_cast<size_t>(seconds * o.rate) + 1);
    }
    while (next < reqs.size() && reqs[next].first < due && outstanding < o.max_in_flight) {
      published[next] = Clock::now();
      if (!publisher.Publish(reqs[next], next)) {
        std::lock_guard<std::mutex> lock(retries.mu);
        retries.ids.push_back(StrCat(id_prefix, next + 1));
      }
      ++next;
      ++outstanding;
    }
    std::deque<std::string> again;
    {
      std::lock_guard<std::mutex> lock(retries.mu);
      again.swap(retries.ids);
    }
    for (const std::string& id : again) {
      const size_t index = std::strtoull(id.c_str() + id_prefix.size(), nullptr, 10) - 1;
      if (index >= reqs.size() || done[index]) continue;
      ++stats.republished;
      if (!publisher.Publish(reqs[index], index)) {
        std::lock_guard<std::mutex> lock(retries.mu);
        retries.ids.push_back(id);
      }
    }
    natsMsg* m = nullptr;
    const bool paced = o.rate > 0 && next < reqs.size() && outstanding < o.max_in_flight;
    ns = natsSubscription_NextMsg(&m, sub.get(), paced ? 1 : again.empty() ? 200 : 20);
    if (ns != NATS_OK) {
      if (Clock::now() - last_progress > std::chrono::milliseconds(o.result_timeout_ms)) {
        std::string missing;
        size_t count = 0;
        for (size_t i = 0; i < next; ++i) {
          if (done[i]) continue;
          if (++count <= 5) missing += StrCat(count > 1 ? ", " : "", parties[reqs[i].first].source);
        }
        return absl::DeadlineExceededError(StrCat(
            "no result for ", count, " request(s) after waiting ", o.result_timeout_ms / 1000,
            " s (", missing, count > 5 ? ", ..." : "", "); are workers running?"));
      }
      continue;
    }
    SubmitResult r;
    r.request_id = HeaderOf(m, kMsgIdHeader);
    const size_t index =
        r.request_id.starts_with(id_prefix)
            ? std::strtoull(r.request_id.c_str() + id_prefix.size(), nullptr, 10) - 1
            : reqs.size();
    if (index < reqs.size() && !done[index]) {
      done[index] = true;
      --outstanding;
      last_progress = Clock::now();
      const double latency =
          std::chrono::duration<double, std::milli>(last_progress - published[index]).count();
      r.status = std::atoi(HeaderOf(m, kStatusHeader).c_str());
      r.worker = HeaderOf(m, kWorkerHeader);
      r.lists = HeaderOf(m, kListsHeader);
      r.body.assign(natsMsg_GetData(m), natsMsg_GetDataLength(m));
      const SubmitUnit& u = reqs[index];
      // A batch's answer is split into its parties' results; one the worker refused whole (not
      // a batch it could read) is each party's result.
      nlohmann::json each;
      if (u.subject == kBatchSubject && r.status == 200) {
        each = nlohmann::json::parse(r.body, nullptr, false);
        if (!each.is_object() || !each.contains("results") || !each["results"].is_array() ||
            each["results"].size() != u.count) {
          natsMsg_Destroy(m);
          return absl::DataLossError(StrCat("the result of ", r.request_id, " (",
                                            parties[u.first].source, " and ", u.count - 1,
                                            " more) is not a batch of ", u.count, " results"));
        }
      }
      const std::string batch_id = r.request_id;
      for (size_t i = 0; i < u.count; ++i) {
        r.request = &parties[u.first + i];
        if (each.is_object()) {
          const nlohmann::json& one = each["results"][i];
          r.request_id = StrCat(batch_id, "#", i + 1);
          r.status = one.value("status", 0);
          r.body =
              one.contains("result")
                  ? one["result"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                  : "";
        } else if (u.subject == kBatchSubject) {
          r.request_id = StrCat(batch_id, "#", i + 1);
        }
        r.json = ResultLine(r);
        ++stats.results;
        latencies.push_back(latency);
        if (r.status != 200) ++stats.refused;
        on_result(r);
      }
    } else if (index < reqs.size()) {
      ++stats.duplicate_results;
    }
    natsMsg_Destroy(m);
  }
  stats.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  std::sort(latencies.begin(), latencies.end());
  if (!latencies.empty()) {
    const auto at = [&](double q) {
      return latencies[std::min(latencies.size() - 1, static_cast<size_t>(q * latencies.size()))];
    };
    stats.latency_p50_ms = at(0.5);
    stats.latency_p99_ms = at(0.99);
    stats.latency_max_ms = latencies.back();
  }
  return stats;
}

}  // namespace cordon::worker
