// The case management endpoints of `cordon serve --db D` (docs/service.md, Cases; the model is
// docs/cases.md): subjects, alerts, decisions, the good-guy list and the audit trail, over the
// same CaseStore (cordon/cases.h) the CLI uses, and the delta re-screening of the subjects when a
// new version of a list starts serving (CaseApi::ListsSwapped).
//
// Api (api.h) routes, authenticates and passes each case request here with the name of the key
// that made it: that name is the case-store user who acts (the audit trail records it). With
// authentication off (--no-auth) a write names its user in the body ("user").
//
// Errors map onto the API's table (http.h): a decision the alert's state does not allow (closed,
// waiting for approval, changed meanwhile) 409 `conflict`; a reason missing 400
// `invalid_request` (field "reason"); a user the store does not know 403 `unknown_user`; a role
// the store refuses 403 `forbidden`; a database locked or unreachable after the store's bounded
// wait (5 s) 503 `unavailable` with the cause and Retry-After.
//
// Thread safety: Handle() may be called from many threads at once: each call takes a database
// connection of its own from a pool (a CaseStore is one connection). ListsSwapped() returns at
// once; the re-screening runs on a thread of its own, one at a time.
#ifndef CORDON_SERVICE_CASE_API_H_
#define CORDON_SERVICE_CASE_API_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/cases.h"
#include "service/api.h"
#include "service/http.h"

namespace cordon::service {

enum class CaseEndpoint : uint8_t {
  kAddSubject,        // POST /v1/subjects
  kPutSubject,        // PUT  /v1/subjects/{id}
  kGetSubject,        // GET  /v1/subjects/{id}
  kScreenSubject,     // POST /v1/subjects/{id}/screen
  kListAlerts,        // GET  /v1/alerts
  kGetAlert,          // GET  /v1/alerts/{id}
  kAssign,            // POST /v1/alerts/{id}/assign
  kDecide,            // POST /v1/alerts/{id}/decision
  kListSuppressions,  // GET  /v1/suppressions
  kRevoke,            // POST /v1/suppressions/{id}/revoke
  kAuditPage,         // GET  /v1/audit
  kAuditVerify,       // GET  /v1/audit/verify
  kUsers,             // GET  /v1/users
};

// One case request as Api hands it over.
struct CaseRequest {
  const HttpRequest& request;
  const Target& target;
  const std::vector<std::string>& path_params;  // the {id} of the path, percent-decoded
  std::string key_user;  // the name of the key that authenticated; "" with auth off
  const State& state;    // the lists serving now (for "screen one")
};

// What the last re-screening after a list swap did (GET /v1/lists "rescreening").
struct RescreenStatus {
  bool running = false;
  std::string started_at, finished_at;  // ISO 8601 UTC; "" never
  uint64_t from_generation = 0, to_generation = 0;
  bool ok = true;
  std::string error;  // why it failed (the subjects stay due: the next run screens them)
  RunResult result;
  size_t runs = 0;  // re-screenings finished since the start
};

class CaseApi {
 public:
  struct Options {
    double threshold = kDefaultThreshold;  // alert threshold of screening runs
    size_t limit = 10;                     // hits per subject
    std::string log_level = "info";        // re-screening outcomes are logged at info and error
    std::function<void(const std::string&)> log;  // where log lines go; default stderr
    // The re-screening after a swap waits this long for a database that is locked or
    // unreachable (ServiceConfig::db_wait_s), once: opening the store, then in each transaction
    // and read of the run (ScreenRunOptions::db_wait_ms). Milliseconds.
    int db_wait_ms = 60000;
  };

  // Opens the case database (applying migrations; refuses a newer schema: the server must not
  // start on a database it does not understand).
  static absl::StatusOr<std::unique_ptr<CaseApi>> Open(const std::string& db, Options options);
  ~CaseApi();

  HttpResponse Handle(CaseEndpoint endpoint, const CaseRequest& request);

  // Records the hits of the messages POST /v1/messages held as alerts (docs/cases.md "Message
  // alerts"), acting as `actor` (the key's name), against `state`'s lists. A database found
  // unavailable is tried once more on a new connection (recording is idempotent); then the
  // error, for a 503: a held message must not be answered as if it were in the queue.
  absl::StatusOr<MessageRunResult> RecordMessages(const std::string& actor, const State& state,
                                                  const std::vector<MessageScreening>& held);

  // Called after a list swap (Api::Reload): queues the delta re-screening of the subjects from
  // `replaced`'s lists to `serving`'s and returns. Swaps that come while one runs are merged
  // (from the oldest lists not yet re-screened to the newest).
  void ListsSwapped(const std::shared_ptr<const State>& replaced,
                    const std::shared_ptr<const State>& serving);
  RescreenStatus LastRescreen() const;
  nlohmann::json RescreenJson() const;

 private:
  struct Impl;
  explicit CaseApi(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cordon::service

#endif  // CORDON_SERVICE_CASE_API_H_
