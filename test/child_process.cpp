#include "child_process.h"

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

extern char** environ;

namespace jsms::test {

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  int out_pipe[2], err_pipe[2];
  REQUIRE(pipe2(out_pipe, O_CLOEXEC) == 0);
  REQUIRE(pipe2(err_pipe, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  // The test process may block or ignore signals; the child starts with the defaults.
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
  std::vector<char*> envp, argv;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> all_args = {JSMS_BINARY};
  all_args.insert(all_args.end(), args.begin(), args.end());
  for (auto& s : all_args) argv.push_back(s.data());
  argv.push_back(nullptr);

  int spawned = posix_spawn(&pid_, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
  INFO("spawning " << JSMS_BINARY);
  REQUIRE(spawned == 0);
  reader_ = std::thread([this] { Read(); });
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (reader_.joinable()) reader_.join();  // the pipes close when the child is gone
  ::close(out_fd_);
  ::close(err_fd_);
}

void ChildProcess::Read() {
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

std::string ChildProcess::out() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return out_;
}

std::string ChildProcess::err() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return err_;
}

bool ChildProcess::WaitFor(const std::function<bool(const std::string&, const std::string&)>& done, double seconds) {
  auto start = Clock::now();
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (done(out_, err_)) return true;
    }
    if (SecondsSince(start) >= seconds) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

int ChildProcess::WaitListening(double seconds) {
  int port = -1;
  WaitFor(
      [&](const std::string& out, const std::string&) {
        size_t at = out.find("listening on http://");
        if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
          port = std::atoi(out.c_str() + out.find(':', at + 20) + 1);
          return true;
        }
        int status;
        if (pid_ > 0 && ::waitpid(pid_, &status, WNOHANG) == pid_) {
          pid_ = -1;
          return true;
        }
        return pid_ <= 0;
      },
      seconds);
  return port;
}

void ChildProcess::Signal(int signal) {
  REQUIRE(pid_ > 0);
  REQUIRE(::kill(pid_, signal) == 0);
}

std::optional<int> ChildProcess::Wait(double seconds) {
  auto start = Clock::now();
  std::optional<int> status;
  while (SecondsSince(start) < seconds) {
    int raw;
    if (pid_ > 0 && ::waitpid(pid_, &raw, WNOHANG) == pid_) {
      pid_ = -1;
      status = raw;
    }
    if (status) {
      // Everything it wrote is read once both pipes are closed.
      if (WaitFor([this](const std::string&, const std::string&) { return pipes_closed_; }, seconds)) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status;
}

CliRun RunCli(const std::vector<std::string>& args, double seconds) {
  ChildProcess child(args);
  CliRun run;
  std::optional<int> status = child.Wait(seconds);
  run.out = child.out();
  run.err = child.err();
  if (status && WIFEXITED(*status)) run.exit_code = WEXITSTATUS(*status);
  return run;
}

}  // namespace jsms::test
