#include "cases/db.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cctype>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/strcat.h"

namespace cordon::cases {

const std::string& SqlRows::Text(size_t row, size_t col) const {
  static const std::string kEmpty;
  const auto& v = rows[row][col];
  return v ? *v : kEmpty;
}

int64_t SqlRows::Int(size_t row, size_t col) const {
  const std::string& t = Text(row, col);
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

double SqlRows::Real(size_t row, size_t col) const {
  const std::string& t = Text(row, col);
  return t.empty() ? 0 : std::strtod(t.c_str(), nullptr);
}

absl::StatusOr<DbLocation> ParseDbLocation(std::string_view url) {
  if (url.empty()) return absl::InvalidArgumentError("--db: empty database location");
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return DbLocation{Dialect::kPostgres, std::string(url)};
  }
  if (url.starts_with("sqlite:")) url.remove_prefix(7);
  if (url.empty()) return absl::InvalidArgumentError("--db: sqlite: needs a file path");
  if (url.find("://") != std::string_view::npos) {
    return absl::InvalidArgumentError(
        StrCat("--db ", url, ": unknown scheme (a file path, sqlite:PATH or postgresql://...)"));
  }
  return DbLocation{Dialect::kSqlite, std::string(url)};
}

Transaction::~Transaction() {
  if (open_) (void)db_->Rollback();
}

absl::Status Transaction::Begin() {
  auto st = db_->Begin();
  open_ = st.ok();
  return st;
}

absl::Status Transaction::Commit() {
  open_ = false;
  return db_->Commit();
}

namespace {

// ---- SQLite ----------------------------------------------------------------------------------

// WAL checkpoints off the commit path. SQLite's automatic checkpoint runs inside the COMMIT that
// takes the log past 1,000 pages: that commit copies the whole log back into the database file
// and syncs it (two fsyncs and ~4 MB of writes), so one decision in twenty or so waited for it
// (the decision p99, bench/RESULTS.md). Here the commit hook only wakes a thread that checkpoints
// (PASSIVE: it never blocks a writer or a reader) on its own connection with the same
// synchronous=FULL. Nothing changes for durability: a commit is durable once its log frames are
// synced, which COMMIT still does itself; a checkpoint copies only synced frames and syncs the
// database file before the log can be reused, whether or not the process dies in between. The
// log cannot grow without bound: past kInlineCheckpointFrames the committing connection
// checkpoints itself, as SQLite would.
class SqliteCheckpointer {
 public:
  static constexpr int kCheckpointFrames = 1000;         // SQLite's default autocheckpoint
  static constexpr int kInlineCheckpointFrames = 16000;  // ~64 MB of log: the writer helps

  SqliteCheckpointer(std::string path, int busy_timeout_ms)
      : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms) {}
  ~SqliteCheckpointer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  // The commit hook (sqlite3_wal_hook): `frames` pages are in the log after a commit. Runs on the
  // writer's thread. A checkpoint is asked for at every kCheckpointFrames new pages, not at every
  // commit past the mark: a commit made while a checkpoint runs keeps the log from being reused,
  // and checkpointing again at once would only add fsyncs beside the commits'.
  static int OnCommit(void* arg, sqlite3* db, const char* schema, int frames) {
    auto* self = static_cast<SqliteCheckpointer*>(arg);
    if (frames < self->last_frames_) self->next_at_ = kCheckpointFrames;  // the log was reused
    self->last_frames_ = frames;
    if (frames >= kInlineCheckpointFrames) {
      sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (frames >= self->next_at_) {
      self->next_at_ = frames + kCheckpointFrames;
      self->Request();
    }
    return SQLITE_OK;
  }

 private:
  void Request() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      due_ = true;
      if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
    }
    cv_.notify_one();
  }

  void Run() {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      // The writer's own connection checkpoints past kInlineCheckpointFrames, and closing the
      // last connection checkpoints the whole log: nothing is lost, only the latency.
      sqlite3_close_v2(db);
      return;
    }
    sqlite3_busy_timeout(db, busy_timeout_ms_);
    sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
    // This connection commits nothing; its own hook must not checkpoint as well.
    sqlite3_wal_autocheckpoint(db, 0);
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      cv_.wait(lock, [this] { return due_ || stop_; });
      if (stop_) break;
      due_ = false;
      lock.unlock();
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
    }
    lock.unlock();
    sqlite3_close_v2(db);
  }

  const std::string path_;
  const int busy_timeout_ms_;
  int last_frames_ = 0;              // the writer's thread only
  int next_at_ = kCheckpointFrames;  // the writer's thread only
  std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false;
  bool stop_ = false;
  std::thread thread_;
};

class SqliteDb : public Db {
 public:
  SqliteDb(sqlite3* db, std::string path, int busy_timeout_ms)
      : db_(db), checkpointer_(std::in_place, std::move(path), busy_timeout_ms) {}
  ~SqliteDb() override {
    // Stop the checkpointer first: closing this (the last) connection checkpoints the log whole.
    sqlite3_wal_hook(db_, nullptr, nullptr);
    checkpointer_.reset();
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  void StartCheckpointer() {
    sqlite3_wal_hook(db_, &SqliteCheckpointer::OnCommit, &*checkpointer_);
  }
  Dialect dialect() const override { return Dialect::kSqlite; }

  absl::StatusOr<SqlRows> Query(std::string_view sql,
                                const std::vector<SqlValue>& params) override {
    auto stmt = Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    sqlite3_stmt* s = *stmt;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    for (size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      const SqlValue& p = params[i];
      if (std::holds_alternative<int64_t>(p)) {
        sqlite3_bind_int64(s, at, std::get<int64_t>(p));
      } else if (std::holds_alternative<double>(p)) {
        sqlite3_bind_double(s, at, std::get<double>(p));
      } else if (std::holds_alternative<std::string>(p)) {
        const std::string& t = std::get<std::string>(p);
        sqlite3_bind_text(s, at, t.data(), static_cast<int>(t.size()), SQLITE_STATIC);
      } else {
        sqlite3_bind_null(s, at);
      }
    }
    SqlRows out;
    const int cols = sqlite3_column_count(s);
    while (true) {
      const int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        auto st = Error(rc, sql);
        sqlite3_reset(s);
        return st;
      }
      auto& row = out.rows.emplace_back(cols);
      for (int c = 0; c < cols; ++c) {
        if (sqlite3_column_type(s, c) == SQLITE_NULL) continue;
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
        row[c] = std::string(t, static_cast<size_t>(sqlite3_column_bytes(s, c)));
      }
    }
    sqlite3_reset(s);
    return out;
  }

  absl::Status ExecScript(std::string_view sql) override {
    char* err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return absl::OkStatus();
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return absl::InternalError(StrCat("sqlite: ", msg));
  }

  absl::Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  absl::Status Commit() override { return Exec("COMMIT"); }
  absl::Status Rollback() override { return Exec("ROLLBACK"); }

 private:
  absl::StatusOr<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* s = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
    if (rc != SQLITE_OK) return Error(rc, sql);
    cache_.emplace(std::string(sql), s);
    return s;
  }

  absl::Status Error(int rc, std::string_view sql) const {
    const std::string msg = StrCat("sqlite: ", sqlite3_errmsg(db_));
    const int primary = rc & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
      return absl::UnavailableError(StrCat(msg, " (the database is locked by another writer)"));
    }
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return absl::AlreadyExistsError(msg);
    }
    return absl::InternalError(StrCat(msg, " in: ", sql.substr(0, 120)));
  }

  sqlite3* db_;
  std::optional<SqliteCheckpointer> checkpointer_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

absl::StatusOr<std::unique_ptr<Db>> OpenSqlite(const std::string& path, const DbOptions& o) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return absl::UnavailableError(StrCat("sqlite: cannot open ", path, ": ", msg));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, o.busy_timeout_ms);
  auto out = std::make_unique<SqliteDb>(db, path, o.busy_timeout_ms);
  // WAL: readers never block the writer and a crash loses nothing committed. synchronous=FULL
  // syncs the log at every commit, so a committed decision survives a power loss as well as a
  // killed process (NORMAL would keep it only across a process crash).
  auto st =
      out->ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  if (!st.ok()) {
    return absl::UnavailableError(
        StrCat("sqlite: cannot open ", path, ": ", std::string(st.message())));
  }
  // After the journal mode is set: the hook replaces SQLite's automatic checkpoint.
  out->StartCheckpointer();
  return std::unique_ptr<Db>(std::move(out));
}

// ---- PostgreSQL --------------------------------------------------------------------------------

// `?` placeholders to $1, $2, ...
std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (char c : sql) {
    if (c == '?') {
      out += StrCat("$", ++n);
    } else {
      out += c;
    }
  }
  return out;
}

// Connects, retrying a server that is starting or briefly unreachable for up to
// o.busy_timeout_ms, and applies the session settings.
absl::StatusOr<PGconn*> ConnectPostgres(const std::string& uri, const DbOptions& o) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(o.busy_timeout_ms);
  std::string last;
  auto wait = std::chrono::milliseconds(50);
  while (true) {
    PGconn* c = PQconnectdb(uri.c_str());
    if (c && PQstatus(c) == CONNECTION_OK) {
      // Notices (e.g. "relation already exists, skipping") are not for the user's terminal.
      PQsetNoticeProcessor(
          c, [](void*, const char*) {}, nullptr);
      // A row lock held by another session (a decision in progress, a psql session left
      // open) fails after the same bounded wait as SQLite's busy timeout (SQLSTATE 55P03,
      // kUnavailable) instead of waiting for ever.
      const std::string set = StrCat("SET client_min_messages = warning; SET TIME ZONE 'UTC'; ",
                                     "SET lock_timeout = ", o.busy_timeout_ms);
      PGresult* r = PQexec(c, set.c_str());
      const bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
      last = ok ? "" : PQerrorMessage(c);
      PQclear(r);
      if (ok) return c;
      PQfinish(c);
      return absl::UnavailableError(StrCat("postgresql: cannot set up the session: ", last));
    }
    last = c ? PQerrorMessage(c) : "out of memory";
    PQfinish(c);
    while (!last.empty() && (last.back() == '\n' || last.back() == ' ')) last.pop_back();
    // A bad URI or bad credentials will not get better by waiting.
    if (last.find("invalid") != std::string::npos ||
        last.find("authentication failed") != std::string::npos ||
        last.find("does not exist") != std::string::npos ||
        std::chrono::steady_clock::now() + wait > deadline) {
      break;
    }
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::milliseconds(1000));
  }
  return absl::UnavailableError(StrCat("postgresql: cannot connect: ", last));
}

// A statement's first word, upper case: "SELECT", "BEGIN", "COMMIT", ...
std::string FirstWord(std::string_view sql) {
  const size_t start = sql.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "";
  std::string w;
  for (size_t i = start; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i) {
    w += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
  }
  return w;
}

// A lost connection (a server restart, a network cut) is made again, within the bounded wait of
// ConnectPostgres, where that cannot lose or repeat a change: before a BEGIN and before a SELECT
// outside a transaction (both are then sent again). A connection lost inside a transaction
// fails the statement with kUnavailable: the server rolled the transaction back, nothing of it
// was committed, so the caller may run it again whole (the next statement reconnects). A
// connection lost during COMMIT fails with kUnknown: the change may or may not have been
// committed.
class PgDb : public Db {
 public:
  PgDb(PGconn* c, std::string uri, DbOptions o) : conn_(c), uri_(std::move(uri)), options_(o) {}
  ~PgDb() override { PQfinish(conn_); }
  Dialect dialect() const override { return Dialect::kPostgres; }

  absl::StatusOr<SqlRows> Query(std::string_view sql,
                                const std::vector<SqlValue>& params) override {
    const std::string word = FirstWord(sql);
    // Safe to send again on a new connection: nothing was begun, or only read.
    const bool resendable = !in_tx_ && (word == "BEGIN" || word == "SELECT");
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
      if (word == "ROLLBACK") {  // the server rolled it back when the connection went
        in_tx_ = false;
        return SqlRows{};
      }
      if (in_tx_) {
        return absl::UnavailableError(
            "postgresql: connection lost: the transaction was rolled back");
      }
      if (auto st = Reconnect(); !st.ok()) return st;
    }
    absl::StatusOr<SqlRows> out = Run(sql, params);
    if (!out.ok() && lost_ && resendable) {
      if (auto st = Reconnect(); !st.ok()) return st;
      out = Run(sql, params);
    }
    if (word == "BEGIN" && out.ok()) in_tx_ = true;
    if (word == "COMMIT" || word == "ROLLBACK" || word == "END") {
      in_tx_ = false;
      if (!out.ok() && lost_ && word == "COMMIT") {
        return absl::UnknownError(StrCat(
            "postgresql: the connection was lost while committing: the change may or may not "
            "have been saved (reload before trying again): ",
            StatusText(out.status())));
      }
      if (!out.ok() && lost_) return SqlRows{};  // the server rolled it back
    }
    if (!out.ok() && lost_ && in_tx_) in_tx_ = false;  // rolled back by the server
    return out;
  }

  absl::Status ExecScript(std::string_view sql) override {
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
      if (in_tx_) return absl::UnavailableError("postgresql: connection lost");
      if (auto st = Reconnect(); !st.ok()) return st;
    }
    const std::string text(sql);
    return Check(PQexec(conn_, text.c_str()), sql, /*clear=*/true);
  }

  absl::Status Begin() override { return Exec("BEGIN"); }
  absl::Status Commit() override { return Exec("COMMIT"); }
  absl::Status Rollback() override { return Exec("ROLLBACK"); }

 private:
  static std::string StatusText(const absl::Status& s) { return std::string(s.message()); }

  // The name of `sql` prepared on this connection (PQprepare the first time), or null to send
  // it unprepared. Statements inside a write transaction only: a decision's 13 statements were
  // parsed and planned again at every decision (1.6 ms of the server's time per decision,
  // bench/RESULTS.md), and they are all lookups by key, whose generic plan is the custom one. Not
  // the alert queue's reads outside a transaction, whose best plan can depend on the values (a
  // rare status, a high score). At most kMaxPrepared per connection: statements built with a
  // varying number of placeholders (an import's IN lists) are many.
  // A statement that cannot be prepared fails as it would have run (Check).
  absl::StatusOr<const std::string*> Prepared(std::string_view sql, const std::string& numbered) {
    static constexpr size_t kMaxPrepared = 200;
    const std::string word = FirstWord(sql);
    if (word == "BEGIN" || word == "COMMIT" || word == "ROLLBACK") return nullptr;
    auto it = prepared_.find(numbered);
    if (it != prepared_.end()) return &it->second;
    if (prepared_.size() >= kMaxPrepared) return nullptr;
    std::string name = StrCat("cordon_", prepared_.size() + 1);
    if (auto st = Check(PQprepare(conn_, name.c_str(), numbered.c_str(), 0, nullptr), sql,
                        /*clear=*/true);
        !st.ok()) {
      return st;
    }
    return &prepared_.emplace(numbered, std::move(name)).first->second;
  }

  absl::Status Reconnect() {
    PQfinish(conn_);
    conn_ = nullptr;
    prepared_.clear();  // prepared statements belong to the connection
    absl::StatusOr<PGconn*> c = ConnectPostgres(uri_, options_);
    if (!c.ok()) return c.status();
    conn_ = *c;
    return absl::OkStatus();
  }

  absl::StatusOr<SqlRows> Run(std::string_view sql, const std::vector<SqlValue>& params) {
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const SqlValue& p = params[i];
      if (std::holds_alternative<int64_t>(p)) {
        text[i] = std::to_string(std::get<int64_t>(p));
      } else if (std::holds_alternative<double>(p)) {
        text[i] = fmt::format("{:.17g}", std::get<double>(p));
      } else if (std::holds_alternative<std::string>(p)) {
        text[i] = std::get<std::string>(p);
      } else {
        continue;
      }
      values[i] = text[i].c_str();
    }
    auto& numbered = numbered_[std::string(sql)];
    if (numbered.empty()) numbered = NumberPlaceholders(sql);
    const int n = static_cast<int>(params.size());
    const std::string* name = nullptr;
    if (in_tx_) {
      absl::StatusOr<const std::string*> prepared = Prepared(sql, numbered);
      if (!prepared.ok()) return prepared.status();
      name = *prepared;
    }
    PGresult* r = name ? PQexecPrepared(conn_, name->c_str(), n, values.data(), nullptr, nullptr, 0)
                       : PQexecParams(conn_, numbered.c_str(), n, nullptr, values.data(), nullptr,
                                      nullptr, 0);
    auto st = Check(r, sql);
    if (!st.ok()) return st;
    SqlRows out;
    const int rows = PQntuples(r), cols = PQnfields(r);
    out.rows.resize(static_cast<size_t>(rows));
    for (int i = 0; i < rows; ++i) {
      auto& row = out.rows[static_cast<size_t>(i)];
      row.resize(static_cast<size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(r, i, c)) continue;
        row[static_cast<size_t>(c)] =
            std::string(PQgetvalue(r, i, c), static_cast<size_t>(PQgetlength(r, i, c)));
      }
    }
    PQclear(r);
    return out;
  }

  // OK for a command or rows; `r` is cleared on error (and on success when `clear`). Sets lost_.
  absl::Status Check(PGresult* r, std::string_view sql, bool clear = false) {
    lost_ = false;
    const ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
      if (clear) PQclear(r);
      return absl::OkStatus();
    }
    std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const std::string code = state ? state : "";
    PQclear(r);
    // 57P01-57P03: the server is shutting down or restarting and ends this session; 08xxx: the
    // connection failed. Both: this connection is gone.
    if (PQstatus(conn_) != CONNECTION_OK || code.starts_with("57P0") || code.starts_with("08")) {
      lost_ = true;
      return absl::UnavailableError(StrCat("postgresql: connection lost: ", msg));
    }
    if (code == "23505") return absl::AlreadyExistsError(StrCat("postgresql: ", msg));
    // Lock and serialisation failures, a server shutting down or out of connections: retryable.
    if (code == "40001" || code == "40P01" || code == "55P03" || code.starts_with("57P") ||
        code.starts_with("53")) {
      return absl::UnavailableError(StrCat("postgresql: ", msg));
    }
    return absl::InternalError(StrCat("postgresql: ", msg, " in: ", sql.substr(0, 120)));
  }

  PGconn* conn_;
  const std::string uri_;
  const DbOptions options_;
  bool in_tx_ = false;  // a BEGIN was sent and no COMMIT or ROLLBACK since
  bool lost_ = false;   // the last statement failed because the connection was lost
  std::unordered_map<std::string, std::string> numbered_;
  std::unordered_map<std::string, std::string> prepared_;  // numbered SQL -> statement name
};

absl::StatusOr<std::unique_ptr<Db>> OpenPostgres(const std::string& uri, const DbOptions& o) {
  absl::StatusOr<PGconn*> c = ConnectPostgres(uri, o);
  if (!c.ok()) return c.status();
  return std::unique_ptr<Db>(std::make_unique<PgDb>(*c, uri, o));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Db>> OpenDb(const DbLocation& where, const DbOptions& options) {
  if (where.dialect == Dialect::kPostgres) return OpenPostgres(where.target, options);
  return OpenSqlite(where.target, options);
}

}  // namespace cordon::cases
