// Child processes: the real jsms-ops binary (JSMS_BINARY) and other programs (the sqlite3 shell),
// with their output collected. A child still running when its Child goes is killed. Every wait
// is bounded.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/fixtures.h"

namespace jsms::test::support {

class Child {
 public:
  // Starts `argv` (argv[0] looked up on PATH) with our environment less any JSMS_OPS_* variable,
  // plus `env`; stdout and stderr piped back, stdin piped when `pipe_stdin` (else /dev/null).
  // The child starts with no signal blocked and SIGINT/SIGTERM at their defaults.
  static std::unique_ptr<Child> Start(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
                                      bool pipe_stdin = false);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int signal);

  // Writes to the child's stdin (piped), or closes it.
  void WriteStdin(const std::string& text);
  void CloseStdin();

  // Waits for the child to exit, collecting its output; returns its wait status, or nullopt when
  // it is still running after `timeout_s`.
  std::optional<int> Wait(double timeout_s);

  // Waits for "listening on http://HOST:PORT" on stdout; returns PORT, or -1 when the child exits
  // first or `timeout_s` passes.
  int WaitListening(double timeout_s);

  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  Child() = default;
  // Appends what the child wrote within `timeout_s`; returns false once both pipes are closed.
  bool Drain(double timeout_s);

  pid_t pid_ = -1;
  int in_ = -1, out_fd_ = -1, err_fd_ = -1;
  std::string out_, err_;
};

// The outcome of running the binary to completion.
struct Outcome {
  int status = -1;  // raw wait status
  std::string out, err;
  bool exited_ok() const;
  bool exited_failed() const;  // exited by itself with a status other than 0
};

// Runs `jsms-ops ARGS…` to completion (at most 60 s).
Outcome RunJsms(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

// Writes `fixture` to a file in `dir` and loads it into `db` with `jsms-ops --db DB seed FILE`.
void SeedWithBinary(const TempDir& dir, const std::string& db, const std::string& fixture);

// Starts `jsms-ops --db DB --port 0 EXTRA…` and waits until it listens; *port gets the port.
std::unique_ptr<Child> ServeWithBinary(const std::string& db, const std::vector<std::string>& extra_args = {},
                                       const std::vector<std::string>& env = {}, int* port = nullptr);

}  // namespace jsms::test::support
