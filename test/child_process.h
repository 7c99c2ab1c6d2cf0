// The real jsms-ops binary as a child process, for the tests of what only a process shows: its
// stderr (the request log), its exit status, the CLI commands. A reader thread drains stdout and
// stderr the whole time, so a chatty server never blocks on a full pipe.
#pragma once

#include <sys/types.h>

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace jsms::test {

class ChildProcess {
 public:
  // Starts JSMS_BINARY with `args`; its environment is ours without any JSMS_OPS_* variable, plus
  // `env` ("NAME=value"). stdin is /dev/null.
  explicit ChildProcess(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
  // Kills the child (SIGKILL) when it still runs, and reaps it.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // What the child wrote so far.
  std::string out() const;
  std::string err() const;

  // Polls (up to `seconds`) until `done(out, err)` holds; returns whether it did.
  bool WaitFor(const std::function<bool(const std::string& out, const std::string& err)>& done, double seconds);

  // Waits for "listening on http://HOST:PORT" on stdout; returns PORT, or -1 when the child exits
  // first or `seconds` pass.
  int WaitListening(double seconds = 30);

  // Sends `signal`.
  void Signal(int signal);

  // Waits up to `seconds` for the child to exit and for both pipes to close; returns its wait
  // status, or nullopt when it is still running.
  std::optional<int> Wait(double seconds);

 private:
  void Read();

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  mutable std::mutex mutex_;
  std::string out_, err_;
  bool pipes_closed_ = false;
  std::thread reader_;
};

struct CliRun {
  int exit_code = -1;  // -1: killed by a signal or still running after the deadline
  std::string out, err;
};

// Runs the binary with `args` to completion (at most `seconds`).
CliRun RunCli(const std::vector<std::string>& args, double seconds = 60);

}  // namespace jsms::test
