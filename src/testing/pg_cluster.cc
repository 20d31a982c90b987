#include "testing/pg_cluster.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

namespace cordon::testing {
namespace {

namespace fs = std::filesystem;

// The newest installed server's bin folder (Debian: /usr/lib/postgresql/<major>/bin).
std::string FindBin() {
  std::string best;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const fs::path bin = e.path() / "bin";
    if (fs::exists(bin / "initdb") && fs::exists(bin / "pg_ctl") && bin.string() > best) {
      best = bin.string();
    }
  }
  return best;
}

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(a);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  close(fd);
  return port;
}

// Runs `cmd` (as postgres when root); returns its exit status.
int Run(const std::string& cmd) {
  const std::string full =
      geteuid() == 0 ? "runuser -u postgres -- sh -c '" + cmd + "'" : "sh -c '" + cmd + "'";
  return std::system(full.c_str());
}

}  // namespace

PgCluster* PgCluster::Shared() {
  static PgCluster* cluster = new PgCluster();  // stopped by the atexit handler below
  static std::once_flag once;
  std::call_once(once, [] { std::atexit([] { delete cluster; }); });
  return cluster;
}

PgCluster::PgCluster() {
  bin_ = FindBin();
  if (bin_.empty()) {
    missing_ = true;
    error_ =
        "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install "
        "postgresql)";
    return;
  }
  char tmpl[] = "/tmp/cordon-pg-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = tmpl;
  if (geteuid() == 0 && std::system(("chown postgres: " + dir_).c_str()) != 0) {
    error_ = "cannot chown " + dir_ + " to postgres (is there a postgres user?)";
    return;
  }
  port_ = FreePort();
  const std::string data = dir_ + "/data", log = dir_ + "/log";
  if (Run(bin_ + "/initdb -D " + data + " -U postgres -A trust --no-sync -E UTF8 > " + log +
          " 2>&1") != 0) {
    error_ = "initdb failed; see " + log;
    return;
  }
  // fsync off: a test cluster need not survive a power loss (the crash tests kill cordon, not
  // the server).
  opts_ = "-p " + std::to_string(port_) + " -k " + dir_ +
          " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
  if (!Start()) error_ = "pg_ctl start failed; see " + log;
}

bool PgCluster::Start() {
  return Run(bin_ + "/pg_ctl -D " + dir_ + "/data -o \"" + opts_ + "\" -l " + dir_ +
             "/log -w -t 60 start > " + dir_ + "/pg_ctl.log 2>&1") == 0;
}

bool PgCluster::Stop(StopMode mode) {
  const char* m = mode == StopMode::kImmediate ? "immediate" : "fast";
  return Run(bin_ + "/pg_ctl -D " + dir_ + "/data -m " + m + " -w -t 60 stop > " + dir_ +
             "/pg_ctl.log 2>&1") == 0;
}

PgCluster::~PgCluster() {
  if (!dir_.empty()) {
    if (port_ != 0 && !missing_) {
      Run(bin_ + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop > /dev/null 2>&1");
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::string PgCluster::Url(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PgCluster::CreateDatabase() {
  if (!ok()) return "";
  const std::string name = "t_" + std::to_string(getpid()) + "_" + std::to_string(++next_db_);
  const std::string cmd = bin_ + "/createdb -h 127.0.0.1 -p " + std::to_string(port_) +
                          " -U postgres " + name + " > /dev/null";
  if (std::system(cmd.c_str()) != 0) return "";
  return Url(name);
}

}  // namespace cordon::testing
