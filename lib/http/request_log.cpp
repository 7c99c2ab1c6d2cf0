#include "http/request_log.h"

#include <cstdio>
#include <ctime>
#include <random>

namespace jsms {

namespace {

std::string IsoTime(std::chrono::system_clock::time_point time) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc;
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
  return text;
}

std::string EncodedPath(const std::string& path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (unsigned char c : path) {
    if (c > 0x20 && c < 0x7f && c != '"' && c != '%' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

// Milliseconds with three decimals ("0.851").
std::string Millis(std::chrono::microseconds duration) {
  long long us = duration.count() > 0 ? duration.count() : 0;
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%03lld", us / 1000, us % 1000);
  return text;
}

// Everything but the path holds only characters that need no escaping in JSON: a time, an IP
// address, an HTTP method token, a route pattern from our table, numbers and a checked id.
// Whatever a client sent is checked or encoded before it gets here, but a stray character must
// still not break the line, so every string goes through this.
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

// A client-supplied word (the method) for a text line: no spaces or control characters.
std::string Word(std::string_view text) {
  std::string out;
  for (unsigned char c : text) out.push_back(c > 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
  return out.empty() ? "-" : out;
}

}  // namespace

std::string FormatRequestLog(const RequestLogEntry& entry, RequestLogFormat format) {
  std::string time = IsoTime(entry.time);
  std::string path = entry.path.empty() ? "-" : EncodedPath(entry.path);
  std::string op = entry.operator_id ? std::to_string(*entry.operator_id) : "";
  if (format == RequestLogFormat::kJson) {
    std::string line = "{\"time\":" + Quoted(time) + ",\"client\":" + Quoted(entry.client) +
                       ",\"method\":" + Quoted(entry.method) +
                       ",\"route\":" + (entry.route.empty() ? "null" : Quoted(entry.route)) +
                       ",\"path\":" + Quoted(path) + ",\"status\":" + std::to_string(entry.status) +
                       ",\"bytes\":" + std::to_string(entry.bytes) + ",\"durationMs\":" + Millis(entry.duration) +
                       ",\"operator\":" + (op.empty() ? "null" : op) + ",\"requestId\":" + Quoted(entry.request_id) +
                       "}\n";
    return line;
  }
  return time + " " + Word(entry.client) + " " + Word(entry.method) + " " +
         (entry.route.empty() ? "-" : Word(entry.route)) + " " + path + " " + std::to_string(entry.status) + " " +
         std::to_string(entry.bytes) + "B " + Millis(entry.duration) + "ms op=" + (op.empty() ? "-" : op) +
         " id=" + Word(entry.request_id) + "\n";
}

bool IsValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 generator = [] {
    std::random_device device("/dev/urandom");
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  // 16 lowercase hex digits, written directly (snprintf's format parsing was 1% of a page).
  static const char kHex[] = "0123456789abcdef";
  uint64_t value = generator();
  std::string text(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) text[static_cast<size_t>(i)] = kHex[value & 0xf];
  return text;
}

}  // namespace jsms
