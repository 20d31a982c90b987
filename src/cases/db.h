// The SQL connection under the case store: one interface, two backends (SQLite and PostgreSQL),
// so that the store's logic and its SQL are written once (cases/store.cc).
//
// SQL given to Query() uses `?` placeholders (never inside a string literal); the PostgreSQL
// backend numbers them ($1, $2, ...). Every result value comes back as text (or null), as both
// libraries give it; the store reads numbers from that text.
//
// Errors: kUnavailable for a database that is locked (SQLite, after the busy timeout) or cannot be
// reached (PostgreSQL, after the bounded connect retries), kAlreadyExists for a unique key
// violation, kInternal for anything else; each message names the backend and the cause.
// kUnavailable never leaves a change half made: nothing of the transaction was committed, so the
// caller may run it again. PostgreSQL: a lost connection is made again (within the bounded wait)
// before a BEGIN or a SELECT outside a transaction, which are then sent again; a connection lost
// inside a transaction fails with kUnavailable (the server rolled it back); one lost during
// COMMIT fails with kUnknown (the change may or may not have been saved).
//
// Thread safety: a Db is one connection; use it from one thread at a time.
#ifndef CORDON_CASES_DB_H_
#define CORDON_CASES_DB_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cordon::cases {

enum class Dialect : uint8_t { kSqlite, kPostgres };

// A parameter: null, an integer, a real or text.
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;

struct SqlRows {
  std::vector<std::vector<std::optional<std::string>>> rows;
  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
  // The value at (row, column), "" for null.
  const std::string& Text(size_t row, size_t col) const;
  int64_t Int(size_t row, size_t col) const;  // 0 for null or non-numeric text
  double Real(size_t row, size_t col) const;
  bool IsNull(size_t row, size_t col) const { return !rows[row][col].has_value(); }
};

// Where the database is: "PATH", "sqlite:PATH" or "postgresql://..." (libpq URI, also
// "postgres://").
struct DbLocation {
  Dialect dialect = Dialect::kSqlite;
  std::string target;  // the file path, or the libpq connection URI
};
absl::StatusOr<DbLocation> ParseDbLocation(std::string_view url);

struct DbOptions {
  // SQLite: how long a statement waits for another writer's lock before failing with
  // kUnavailable. PostgreSQL: how long connecting is retried (a server that is starting or
  // briefly unreachable) before failing with kUnavailable. Milliseconds.
  int busy_timeout_ms = 5000;
};

class Db {
 public:
  virtual ~Db() = default;
  virtual Dialect dialect() const = 0;

  // Runs one statement with `params` bound to its `?` placeholders and returns its rows.
  virtual absl::StatusOr<SqlRows> Query(std::string_view sql,
                                        const std::vector<SqlValue>& params = {}) = 0;
  absl::Status Exec(std::string_view sql, const std::vector<SqlValue>& params = {}) {
    return Query(sql, params).status();
  }
  // Runs several statements separated by ';' (no parameters): schema migrations.
  virtual absl::Status ExecScript(std::string_view sql) = 0;

  // A transaction that writes: SQLite takes the write lock at once (BEGIN IMMEDIATE), so that
  // two writers never deadlock on a lock upgrade; PostgreSQL begins READ COMMITTED and the store
  // serialises what must be serial with row locks.
  virtual absl::Status Begin() = 0;
  virtual absl::Status Commit() = 0;
  virtual absl::Status Rollback() = 0;
};

absl::StatusOr<std::unique_ptr<Db>> OpenDb(const DbLocation& where, const DbOptions& options = {});

// Commits on Commit(), rolls back on destruction otherwise.
class Transaction {
 public:
  explicit Transaction(Db* db) : db_(db) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  absl::Status Begin();
  absl::Status Commit();

 private:
  Db* db_;
  bool open_ = false;
};

}  // namespace cordon::cases

#endif  // CORDON_CASES_DB_H_
