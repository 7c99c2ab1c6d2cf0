// Why the server cannot listen on HOST:PORT, in words for the person who started it.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace jsms {

// Tries to bind HOST:PORT once more (as the server does) to learn why it failed, and says so:
// "address already in use …; choose another port with --port", "permission denied …", an
// unknown host, an address this machine does not have.
std::string DescribeListenFailure(const std::string& host, int port);

// Checks a --port value: "abc is not a number", "70000 is not a port (0 to 65535)".
CLI::Validator PortNumber();

}  // namespace jsms
