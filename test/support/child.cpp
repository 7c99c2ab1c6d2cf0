#include "support/child.h"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "support/fixtures.h"
#include "support/timing.h"

extern char** environ;

namespace jsms::test::support {

std::unique_ptr<Child> Child::Start(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                                    bool pipe_stdin) {
  if (!pipe_stdin) return Spawn(argv, env, -1);
  int in_pipe[2];
  REQUIRE(pipe2(in_pipe, O_CLOEXEC) == 0);
  std::unique_ptr<Child> child = Spawn(argv, env, in_pipe[0]);
  ::close(in_pipe[0]);
  child->in_ = in_pipe[1];
  return child;
}

std::unique_ptr<Child> Child::StartWithInput(const std::vector<std::string>& argv, const std::string& input,
                                             const std::vector<std::string>& env) {
  // The input is in the pipe before the child starts, and its end is closed: the child reads it
  // whenever it likes, and a child that never reads it cannot make the test write to a closed pipe.
  int in_pipe[2];
  REQUIRE(pipe2(in_pipe, O_CLOEXEC) == 0);
  REQUIRE(input.size() <= 64 * 1024);
  REQUIRE(::write(in_pipe[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
  ::close(in_pipe[1]);
  std::unique_ptr<Child> child = Spawn(argv, env, in_pipe[0]);
  ::close(in_pipe[0]);
  return child;
}

std::unique_ptr<Child> Child::Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                                    int stdin_fd) {
  std::unique_ptr<Child> child(new Child());
  int out_pipe[2], err_pipe[2];
  REQUIRE(pipe2(out_pipe, O_CLOEXEC) == 0);
  REQUIRE(pipe2(err_pipe, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdin_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  // Whatever this test process blocks or handles, the child starts plain.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "JSMS_OPS_", 9) != 0) env_strings.emplace_back(*e);
  }
  env_strings.insert(env_strings.end(), env.begin(), env.end());
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  int spawned = posix_spawnp(&child->pid_, args[0], &actions, &attributes, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  child->out_fd_ = out_pipe[0];
  child->err_fd_ = err_pipe[0];
  INFO("spawning " << argv[0]);
  REQUIRE(spawned == 0);
  Child* raw = child.get();
  child->reader_ = std::thread([raw] { raw->Read(); });
  return child;
}

Child::~Child() {
  if (in_ >= 0) ::close(in_);
  if (!status_ && pid_ > 0) {  // still running: do not leak it
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (reader_.joinable()) reader_.join();  // the pipes close when the child is gone
  ::close(out_fd_);
  ::close(err_fd_);
}

void Child::Read() {
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    pollfd fds[2] = {{out_open ? out_fd_ : -1, POLLIN, 0}, {err_open ? err_fd_ : -1, POLLIN, 0}};
    if (::poll(fds, 2, 100) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buffer[8192];
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      std::lock_guard<std::mutex> lock(mutex_);
      if (n <= 0) {
        (i == 0 ? out_open : err_open) = false;
      } else {
        (i == 0 ? out_ : err_).append(buffer, static_cast<size_t>(n));
      }
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  pipes_closed_ = true;
}

bool Child::Reaped() {
  int raw = 0;
  if (!status_ && ::waitpid(pid_, &raw, WNOHANG) == pid_) status_ = raw;
  return status_.has_value();
}

void Child::Signal(int signal) {
  REQUIRE_FALSE(status_);
  REQUIRE(::kill(pid_, signal) == 0);
}

void Child::WriteStdin(const std::string& text) {
  REQUIRE(in_ >= 0);
  REQUIRE(::write(in_, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
}

void Child::CloseStdin() {
  if (in_ >= 0) ::close(in_);
  in_ = -1;
}

std::string Child::out() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return out_;
}

std::string Child::err() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return err_;
}

bool Child::WaitFor(const std::function<bool(const std::string&, const std::string&)>& done, double timeout_s) {
  auto start = Clock::now();
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (done(out_, err_)) return true;
    }
    if (SecondsSince(start) >= timeout_s) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::optional<int> Child::Wait(double timeout_s) {
  auto start = Clock::now();
  while (!Reaped()) {
    if (SecondsSince(start) >= timeout_s) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Everything it wrote is read once both pipes are closed.
  WaitFor([this](const std::string&, const std::string&) { return pipes_closed_; },
          timeout_s - SecondsSince(start));
  return status_;
}

int Child::Stop(double timeout_s) {
  Signal(SIGTERM);
  return ExitCode(Wait(timeout_s));
}

int Child::WaitListening(double timeout_s) {
  int port = -1;
  WaitFor(
      [&](const std::string& out, const std::string&) {
        size_t at = out.find("listening on http://");
        if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
          port = std::atoi(out.c_str() + out.find(':', at + 20) + 1);
          return true;
        }
        return Reaped();  // it exited without listening
      },
      timeout_s);
  return port;
}

int ExitCode(const std::optional<int>& status) {
  REQUIRE(status.has_value());
  INFO("ended by signal " << (WIFSIGNALED(*status) ? WTERMSIG(*status) : 0));
  REQUIRE(WIFEXITED(*status));
  return WEXITSTATUS(*status);
}

int Outcome::exit_code() const { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }
bool Outcome::exited_ok() const { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }
bool Outcome::exited_failed() const { return WIFEXITED(status) && WEXITSTATUS(status) != 0; }

std::unique_ptr<Child> StartJsms(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<std::string> argv = {JSMS_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return Child::Start(argv, env);
}

Outcome RunJsms(const std::vector<std::string>& args, const std::vector<std::string>& env, const std::string& input,
                double timeout_s) {
  std::vector<std::string> argv = {JSMS_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  auto child = Child::StartWithInput(argv, input, env);
  std::optional<int> status = child->Wait(timeout_s);
  INFO("stdout: " << child->out() << "\nstderr: " << child->err());
  REQUIRE(status.has_value());
  return Outcome{*status, child->out(), child->err()};
}

void SeedWithBinary(const TempDir& dir, const std::string& db, const std::string& fixture) {
  std::string path = dir.File("fixture.json");
  WriteFile(path, fixture);
  Outcome seeded = RunJsms({"--db", db, "seed", path});
  INFO(seeded.out << seeded.err);
  REQUIRE(seeded.exited_ok());
}

std::unique_ptr<Child> ServeWithBinary(const std::string& db, const std::vector<std::string>& extra_args,
                                       const std::vector<std::string>& env, int* port) {
  std::vector<std::string> args = {"--db", db, "--port", "0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  auto child = StartJsms(args, env);
  int listening = child->WaitListening(30);
  INFO("stdout: " << child->out() << "\nstderr: " << child->err());
  REQUIRE(listening > 0);
  if (port) *port = listening;
  return child;
}

}  // namespace jsms::test::support
