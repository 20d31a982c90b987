// A throwaway PostgreSQL cluster for tests: initdb and pg_ctl in a temporary folder, listening on
// a free loopback port, stopped and deleted at exit. PostgreSQL refuses to run as root, so as
// root the server runs as the `postgres` user (runuser); otherwise as the current user.
//
// Example:
//   const cordon::testing::PgCluster* pg = cordon::testing::PgCluster::Shared();
//   if (!pg->ok()) GTEST_SKIP() << pg->error();
//   std::string url = pg->CreateDatabase();   // postgresql://postgres@127.0.0.1:PORT/t_3
//
// Thread safety: Shared() may be called from any thread; CreateDatabase() from one at a time.
#ifndef CORDON_TESTING_PG_CLUSTER_H_
#define CORDON_TESTING_PG_CLUSTER_H_

#include <string>

namespace cordon::testing {

class PgCluster {
 public:
  // The cluster of this test process, started on first use.
  static PgCluster* Shared();

  // False when the cluster could not be started; error() says why. `missing()` is true when the
  // PostgreSQL server binaries are not installed (the only case a test may skip).
  bool ok() const { return error_.empty(); }
  bool missing() const { return missing_; }
  const std::string& error() const { return error_; }

  // A new empty database; its libpq URL. "" when it could not be made.
  std::string CreateDatabase();
  // The URL of the `postgres` maintenance database.
  std::string Url(const std::string& database) const;
  // The cluster's psql, for tests that act as another client of a database (hold a lock).
  std::string Psql() const { return bin_ + "/psql"; }

  // Stops the server and starts it again on the same port; for tests of a lost connection. False
  // on failure. kFast (pg_ctl stop -m fast) ends open sessions one by one, as an administrator's
  // restart does: a session can still commit while another is being ended. kImmediate (-m
  // immediate) kills every server process at once, as a crash does: no session commits after it.
  enum class StopMode { kFast, kImmediate };
  bool Stop(StopMode mode = StopMode::kFast);
  bool Start();

  ~PgCluster();

 private:
  PgCluster();
  std::string bin_, dir_, error_, opts_;
  bool missing_ = false;
  int port_ = 0;
  int next_db_ = 0;
};

}  // namespace cordon::testing

#endif  // CORDON_TESTING_PG_CLUSTER_H_
