#include "cases/retry.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "core/strcat.h"

namespace cordon::cases {

absl::Status WithRetry(std::string_view what, std::string_view again, int wait_ms,
                       const std::function<absl::Status()>& step,
                       const std::function<absl::StatusOr<bool>()>& committed) {
  using Clock = std::chrono::steady_clock;
  std::optional<Clock::time_point> deadline;
  auto pause = std::chrono::milliseconds(100);
  bool unknown = false;             // the last attempt's COMMIT may have been saved
  if (wait_ms <= 0) return step();  // the caller retries (the HTTP API's bounded wait)
  while (true) {
    absl::Status st;
    if (unknown) {
      absl::StatusOr<bool> saved = committed();
      if (saved.ok() && *saved) return absl::OkStatus();
      if (saved.ok()) {  // not saved: run it again at once (the database answers again)
        unknown = false;
        continue;
      }
      st = saved.status();
      if (!absl::IsUnavailable(st)) return st;
    } else {
      st = step();
      if (st.ok()) return st;
      if (absl::IsUnknown(st) && committed) {
        unknown = true;
      } else if (!absl::IsUnavailable(st)) {
        return st;
      }
    }
    const auto now = Clock::now();
    if (!deadline) deadline = now + std::chrono::milliseconds(wait_ms);
    if (now + pause > *deadline) {
      return absl::UnavailableError(StrCat(
          "the case database stayed unavailable for ", (wait_ms + 999) / 1000, " s while ", what,
          unknown ? " (its last commit may or may not have been saved; "
                  : " (nothing of it was saved; ",
          again, "): ", std::string(st.message())));
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(2000));
  }
}

absl::StatusOr<SqlRows> QueryWithRetry(Db& db, std::string_view what, int wait_ms,
                                       const std::string& sql,
                                       const std::vector<SqlValue>& params) {
  absl::StatusOr<SqlRows> rows;
  if (auto st = WithRetry(what, "try again", wait_ms,
                          [&] {
                            rows = db.Query(sql, params);
                            return rows.status();
                          });
      !st.ok()) {
    return st;
  }
  return rows;
}

}  // namespace cordon::cases
