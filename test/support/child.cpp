#include "support/child.h"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

#include "support/fixtures.h"

extern char** environ;

namespace jsms::test::support {

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

std::unique_ptr<Child> Child::Start(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                                    bool pipe_stdin) {
  std::unique_ptr<Child> child(new Child());
  int in_pipe[2] = {-1, -1}, out_pipe[2], err_pipe[2];
  REQUIRE(pipe2(out_pipe, O_CLOEXEC) == 0);
  REQUIRE(pipe2(err_pipe, O_CLOEXEC) == 0);
  if (pipe_stdin) REQUIRE(pipe2(in_pipe, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (pipe_stdin) {
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  // Whatever this test process blocks or handles, the child starts plain.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none, stop_signals;
  sigemptyset(&none);
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &stop_signals);
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
  if (pipe_stdin) ::close(in_pipe[0]);
  child->out_fd_ = out_pipe[0];
  child->err_fd_ = err_pipe[0];
  child->in_ = in_pipe[1];
  INFO("spawning " << argv[0]);
  REQUIRE(spawned == 0);
  return child;
}

Child::~Child() {
  for (int fd : {in_, out_fd_, err_fd_}) {
    if (fd >= 0) ::close(fd);
  }
  if (pid_ > 0) {  // still ours and still running: do not leak it
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void Child::Signal(int signal) {
  REQUIRE(pid_ > 0);
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

bool Child::Drain(double timeout_s) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (out_fd_ < 0 && err_fd_ < 0) return false;
  if (::poll(fds, 2, static_cast<int>(timeout_s * 1000)) <= 0) return true;
  for (int i = 0; i < 2; ++i) {
    int& fd = i == 0 ? out_fd_ : err_fd_;
    if (fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      (i == 0 ? out_ : err_).append(buf, static_cast<size_t>(n));
    } else {
      ::close(fd);
      fd = -1;
    }
  }
  return out_fd_ >= 0 || err_fd_ >= 0;
}

std::optional<int> Child::Wait(double timeout_s) {
  auto start = Clock::now();
  while (SecondsSince(start) < timeout_s) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      while (Drain(0.5)) {  // what it wrote before it exited
      }
      return status;
    }
    if (!Drain(0.02)) ::poll(nullptr, 0, 10);  // both pipes closed: only the exit is left to see
  }
  return std::nullopt;
}

int Child::WaitListening(double timeout_s) {
  auto start = Clock::now();
  while (SecondsSince(start) < timeout_s) {
    size_t at = out_.find("listening on http://");
    if (at != std::string::npos && out_.find('\n', at) != std::string::npos) {
      size_t colon = out_.find(':', at + 20);
      return std::atoi(out_.c_str() + colon + 1);
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return -1;
    }
    Drain(0.05);
  }
  return -1;
}

bool Outcome::exited_ok() const { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }
bool Outcome::exited_failed() const { return WIFEXITED(status) && WEXITSTATUS(status) != 0; }

Outcome RunJsms(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<std::string> argv = {JSMS_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  auto child = Child::Start(argv, env);
  std::optional<int> status = child->Wait(60);
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
  std::vector<std::string> argv = {JSMS_BINARY, "--db", db, "--port", "0"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  auto child = Child::Start(argv, env);
  int listening = child->WaitListening(30);
  INFO("stdout: " << child->out() << "\nstderr: " << child->err());
  REQUIRE(listening > 0);
  if (port) *port = listening;
  return child;
}

}  // namespace jsms::test::support
