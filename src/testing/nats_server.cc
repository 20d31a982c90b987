#include "testing/nats_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace cordon::testing {
namespace {

namespace fs = std::filesystem;

// How long a starting server may take to accept connections: generous, for loaded machines and
// sanitizer builds (a deadline, not a timing).
constexpr int kStartDeadlineMs = 60000;

std::string FindNatsServer() {
  for (const char* p :
       {"/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"}) {
    if (access(p, X_OK) == 0) return p;
  }
  return "";
}

bool Accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
  close(fd);
  return ok;
}

}  // namespace

int FreeLoopbackPort() {
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

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& log) {
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // Dies with the test process, even when that one is killed.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    // Signals blocked in the test's threads would be inherited: unblock them.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
}

ChildProcess::~ChildProcess() { Kill(); }

bool ChildProcess::running() {
  if (exited_ || pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    exited_ = true;
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return false;
  }
  return true;
}

void ChildProcess::Signal(int sig) {
  if (running()) kill(pid_, sig);
}

int ChildProcess::Wait(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exited_ ? status_ : -1;
}

void ChildProcess::Kill() {
  if (!running()) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  exited_ = true;
  status_ = -1;
}

NatsServer::NatsServer() {
  bin_ = FindNatsServer();
  if (bin_.empty()) {
    missing_ = true;
    error_ = "nats-server not found (apt-get install nats-server)";
    return;
  }
  char tmpl[] = "/tmp/cordon-nats-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = tmpl;
  port_ = FreeLoopbackPort();
  Start();
}

NatsServer::~NatsServer() {
  Kill();
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::string NatsServer::url() const { return "nats://127.0.0.1:" + std::to_string(port_); }

bool NatsServer::Start() {
  Kill();
  ++starts_;
  proc_ = new ChildProcess(
      {bin_, "-js", "-a", "127.0.0.1", "-p", std::to_string(port_), "-sd", dir_ + "/store"},
      dir_ + "/server.log");
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kStartDeadlineMs);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!proc_->running()) {
      error_ = "nats-server exited at start; see " + dir_ + "/server.log";
      return false;
    }
    if (Accepts(port_)) {
      error_.clear();
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  error_ = "nats-server did not accept connections within 60 s";
  return false;
}

void NatsServer::Kill() {
  delete proc_;  // SIGKILL if running
  proc_ = nullptr;
}

void NatsServer::Pause() {
  if (proc_ != nullptr) proc_->Signal(SIGSTOP);
}

void NatsServer::Resume() {
  if (proc_ != nullptr) proc_->Signal(SIGCONT);
}

bool NatsServer::Restart() {
  if (proc_ != nullptr) {
    proc_->Signal(SIGTERM);
    proc_->Wait(kStartDeadlineMs);
  }
  return Start();
}

}  // namespace cordon::testing
