#include "http/origin.h"

#include <arpa/inet.h>
#include <strings.h>

#include <cctype>
#include <optional>
#include <string_view>

namespace jsms {

namespace {

// host[:port] as written in a Host header or after an Origin's scheme.
struct Authority {
  std::string host;  // lower case, without the brackets of an IPv6 address
  std::optional<int> port;
  bool is_ip = false;
};

bool ParsePort(std::string_view digits, std::optional<int>* port) {
  if (digits.empty() || digits.size() > 5) return false;
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (value > 65535) return false;
  *port = value;
  return true;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsIpv4(const std::string& text) {
  in_addr address;
  return inet_pton(AF_INET, text.c_str(), &address) == 1;
}

bool IsIpv6(const std::string& text) {
  in6_addr address;
  return inet_pton(AF_INET6, text.c_str(), &address) == 1;
}

bool ParseAuthority(std::string_view text, Authority* out) {
  if (text.empty()) return false;
  std::string_view rest;
  if (text[0] == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return false;
    out->host = Lower(text.substr(1, close - 1));
    if (!IsIpv6(out->host)) return false;
    out->is_ip = true;
    rest = text.substr(close + 1);
    if (rest.empty()) return true;
    if (rest[0] != ':') return false;
    return ParsePort(rest.substr(1), &out->port);
  }
  size_t colon = text.find(':');
  std::string_view name = text.substr(0, colon);
  if (colon != std::string_view::npos && !ParsePort(text.substr(colon + 1), &out->port)) return false;
  if (name.empty()) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') return false;
  }
  if (name.size() > 1 && name.back() == '.') name.remove_suffix(1);  // "localhost." is "localhost"
  out->host = Lower(name);
  out->is_ip = IsIpv4(out->host);
  return true;
}

// The bound host or an allowed host as a bare lower-case name (brackets and port dropped).
std::string NameOf(const std::string& configured) {
  Authority authority;
  if (ParseAuthority(configured, &authority)) return authority.host;
  // A bare IPv6 address (--host ::1) has colons and no brackets.
  return Lower(configured);
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool IsOwnName(const Authority& host, const OriginPolicy& policy) {
  if (host.is_ip) return true;
  if (host.host == "localhost" || EndsWith(host.host, ".localhost")) return true;
  if (host.host == NameOf(policy.bound_host)) return true;
  for (const auto& allowed : policy.allowed_hosts) {
    if (host.host == NameOf(allowed)) return true;
  }
  return false;
}

bool ChangesState(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// Whether `origin` ("https://ops.example.com", "http://127.0.0.1:8080") is the origin whose
// host[:port] the Host header names.
bool SameOrigin(std::string_view origin, const Authority& host) {
  size_t separator = origin.find("://");
  if (separator == std::string_view::npos) return false;  // "null", or nonsense
  std::string scheme = Lower(origin.substr(0, separator));
  int default_port;
  if (scheme == "http") {
    default_port = 80;
  } else if (scheme == "https") {
    default_port = 443;
  } else {
    return false;
  }
  Authority from;
  if (!ParseAuthority(origin.substr(separator + 3), &from)) return false;
  return from.host == host.host && from.port.value_or(default_port) == host.port.value_or(default_port);
}

}  // namespace

Status CheckOrigin(const ApiRequest& head, const OriginPolicy& policy) {
  const std::string* host_header = head.Header("Host");
  Authority host;
  if (host_header) {
    if (!ParseAuthority(*host_header, &host)) return Status::InvalidParam("请求头Host无效");
    if (!IsOwnName(host, policy)) return Status::InvalidParam("请求头Host不是本服务的地址：" + host.host);
  }
  const std::string* origin = head.Header("Origin");
  if (origin && ChangesState(head.method) && !(host_header && SameOrigin(*origin, host))) {
    return Status(Code::kForbidden, "跨站请求被拒绝：Origin不是本服务的地址");
  }
  return Status::Ok();
}

bool IsValidAllowedHost(const std::string& name) {
  Authority authority;
  return ParseAuthority(name, &authority);
}

}  // namespace jsms
