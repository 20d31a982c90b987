// Running a transaction or a read again when the database was locked or unreachable: the one
// bounded retry of screening runs, decisions and imports (cases/db.h says which failures leave
// nothing half written).
#ifndef CORDON_CASES_RETRY_H_
#define CORDON_CASES_RETRY_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cases/db.h"

namespace cordon::cases {

// Runs `step` (one whole transaction, Begin to Commit, or one read) and, when it fails because
// the database is locked or unreachable, runs it again after a growing pause until it has failed
// for `wait_ms`. kUnavailable means nothing of the transaction was committed (cases/db.h: the
// server rolled it back, or it never began), so running it again is safe. kUnknown (the
// connection was lost during COMMIT) is resolved by asking the database (`committed`, a read that
// the connection sends again after reconnecting) whether the transaction was saved: if so it is
// done, if not it is run again; without `committed` it is the answer. wait_ms <= 0: `step` once,
// its failure the answer (the caller retries, as the HTTP API does). When the wait runs out the
// error is kUnavailable naming `what` and the cause, and saying whether the last attempt may have
// been saved; `again` ends it: what the user may do ("decide again").
absl::Status WithRetry(std::string_view what, std::string_view again, int wait_ms,
                       const std::function<absl::Status()>& step,
                       const std::function<absl::StatusOr<bool>()>& committed = nullptr);

// A read through WithRetry: its rows, or why the database gave none within the wait.
absl::StatusOr<SqlRows> QueryWithRetry(Db& db, std::string_view what, int wait_ms,
                                       const std::string& sql,
                                       const std::vector<SqlValue>& params = {});

}  // namespace cordon::cases

#endif  // CORDON_CASES_RETRY_H_
