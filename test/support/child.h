// Child processes: the real jsms-ops binary (JSMS_BINARY) and other programs (the sqlite3 shell).
// A reader thread drains stdout and stderr the whole time, so a chatty server never blocks on a
// full pipe. A child still running when its Child goes is killed. Every wait is bounded.
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/fixtures.h"

namespace jsms::test::support {

class Child {
 public:
  // Starts `argv` (argv[0] looked up on PATH) with our environment less any JSMS_OPS_* variable,
  // plus `env` ("NAME=value"); stdout and stderr piped back, stdin piped when `pipe_stdin` (else
  // /dev/null). The child starts with no signal blocked and every signal at its default.
  static std::unique_ptr<Child> Start(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
                                      bool pipe_stdin = false);
  // The same with `input` waiting on stdin, then its end (input fits a pipe's buffer: 64 KiB).
  static std::unique_ptr<Child> StartWithInput(const std::vector<std::string>& argv, const std::string& input,
                                               const std::vector<std::string>& env = {});
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int signal);

  // Writes to the child's stdin (piped), or closes it.
  void WriteStdin(const std::string& text);
  void CloseStdin();

  // Waits for the child to exit and for all it wrote; returns its wait status, or nullopt when it
  // is still running after `timeout_s`.
  std::optional<int> Wait(double timeout_s);

  // SIGTERM, then waits; returns the exit code (failing the test when the child has not exited
  // by itself within `timeout_s`).
  int Stop(double timeout_s = 10);

  // Waits for "listening on http://HOST:PORT" on stdout; returns PORT, or -1 when the child exits
  // first or `timeout_s` passes.
  int WaitListening(double timeout_s = 30);

  // Polls (up to `timeout_s`) until `done(out, err)` holds; returns whether it did.
  bool WaitFor(const std::function<bool(const std::string& out, const std::string& err)>& done, double timeout_s);

  // What the child wrote so far.
  std::string out() const;
  std::string err() const;

 private:
  Child() = default;
  // Starts the child with `stdin_fd` (or /dev/null when -1) as its stdin.
  static std::unique_ptr<Child> Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                                      int stdin_fd);
  // Reads both pipes until they close (the reader thread).
  void Read();
  // Collects the exit status once the child has exited; true when it has.
  bool Reaped();

  pid_t pid_ = -1;
  std::optional<int> status_;
  int in_ = -1, out_fd_ = -1, err_fd_ = -1;
  mutable std::mutex mutex_;
  std::string out_, err_;
  bool pipes_closed_ = false;
  std::thread reader_;
};

// The exit code of a wait status, failing the test when there is none (the child still runs) or
// a signal ended the child.
int ExitCode(const std::optional<int>& status);

// The outcome of running the binary to completion.
struct Outcome {
  int status = -1;  // raw wait status
  std::string out, err;
  int exit_code() const;  // -1 when a signal ended it
  bool exited_ok() const;
  bool exited_failed() const;  // exited by itself with a status other than 0
};

// Starts `jsms-ops ARGS…` without waiting for anything.
std::unique_ptr<Child> StartJsms(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

// Runs `jsms-ops ARGS…` to completion, `input` on its stdin, failing the test when it takes longer
// than `timeout_s`.
Outcome RunJsms(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                const std::string& input = "", double timeout_s = 60);

// Writes `fixture` to a file in `dir` and loads it into `db` with `jsms-ops --db DB seed FILE`.
void SeedWithBinary(const TempDir& dir, const std::string& db, const std::string& fixture);

// Starts `jsms-ops --db DB --port 0 EXTRA…` and waits until it listens; *port gets the port.
std::unique_ptr<Child> ServeWithBinary(const std::string& db, const std::vector<std::string>& extra_args = {},
                                       const std::vector<std::string>& env = {}, int* port = nullptr);

}  // namespace jsms::test::support
