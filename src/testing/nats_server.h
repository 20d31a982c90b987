// A throwaway JetStream-enabled nats-server for tests, and child processes that die with the
// test: `nats-server -js -a 127.0.0.1 -p PORT -sd DIR` on a free loopback port with its store in
// a temporary folder, killed and deleted when the object goes, even when the test fails (and,
// through PR_SET_PDEATHSIG, when the test process itself dies).
//
// Example:
//   cordon::testing::NatsServer nats;
//   if (nats.missing()) GTEST_SKIP() << nats.error();
//   ASSERT_TRUE(nats.ok()) << nats.error();
//   ChildProcess w({CORDON_BIN, "worker", "--nats", nats.url()}, dir + "/w.log");
//   ...
//   ASSERT_TRUE(nats.Restart());  // same port and store: streams and messages survive
//
// Thread safety: none; use from the test's thread.
#ifndef CORDON_TESTING_NATS_SERVER_H_
#define CORDON_TESTING_NATS_SERVER_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace cordon::testing {

// A program started with fork/exec, stdout and stderr appended to `log`. Killed with SIGKILL
// by the destructor if still running.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::string& log);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void Signal(int sig);
  // Waits up to `timeout_ms` for the exit; the exit status (-1: killed by a signal or still
  // running).
  int Wait(int timeout_ms);
  void Kill();  // SIGKILL and wait

 private:
  pid_t pid_ = -1;
  int status_ = -1;
  bool exited_ = false;
};

class NatsServer {
 public:
  NatsServer();
  ~NatsServer();

  bool ok() const { return error_.empty(); }
  bool missing() const { return missing_; }  // nats-server is not installed
  const std::string& error() const { return error_; }
  std::string url() const;
  int port() const { return port_; }
  const std::string& dir() const { return dir_; }

  // Stops the server (SIGTERM: JetStream flushes its store) and starts it again on the same
  // port and store; waits until it accepts connections. False (and error()) on failure.
  bool Restart();
  // SIGKILL, no flush; Start() brings it back.
  void Kill();
  // SIGSTOP: the server takes and answers nothing (as one hung, or cut off by a partition) until
  // Resume (SIGCONT); its clients stay connected.
  void Pause();
  void Resume();
  bool Start();

 private:
  std::string bin_, dir_, error_;
  bool missing_ = false;
  int port_ = 0;
  ChildProcess* proc_ = nullptr;
  int starts_ = 0;
};

// A free TCP port on 127.0.0.1 (bound and released; the caller binds it soon after).
int FreeLoopbackPort();

}  // namespace cordon::testing

#endif  // CORDON_TESTING_NATS_SERVER_H_
