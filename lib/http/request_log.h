// The request log (operations.md): one line per request on stderr, written by the transport after
// the reply's last byte. What a line holds is fixed here, and nothing else reaches it: never a
// body, a query string, a header value other than a well-formed X-Request-Id, so no password,
// token or cookie can.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jsms {

enum class RequestLogFormat {
  kOff,   // --quiet
  kText,  // one line of space-separated fields
  kJson,  // one JSON object per line
};

struct RequestLogEntry {
  std::chrono::system_clock::time_point time;  // when the request's head was read
  std::string client;                            // peer address, "" when unknown
  std::string method;
  std::string_view route;                        // the matched pattern, "" for none
  std::string path;                              // decoded path, without the query string
  int status = 0;
  uint64_t bytes = 0;                            // reply body bytes written
  std::chrono::microseconds duration{0};         // head read to last byte written
  std::optional<int64_t> operator_id;            // the acting operator, if any
  std::string request_id;
};

// The line for `entry`, ending in "\n". Text (one line):
//   2024-05-01T08:30:12.345Z 127.0.0.1 GET /demandOrder/{orderId} /demandOrder/D000120170621 200 1234B 0.851ms
//   op=60 id=3f2a9c0e1b2d4f5a
// (route "-" when none matched, op=- without an operator). JSON:
//   {"time":"…","client":"…","method":"GET","route":"/demandOrder/{orderId}","path":"/demandOrder/D000120170621",
//    "status":200,"bytes":1234,"durationMs":0.851,"operator":60,"requestId":"3f2a9c0e1b2d4f5a"}
// (route and operator null when absent). The path is written percent-encoded (every byte outside
// printable ASCII, and space, '"', '%' and '\'), so no line can be split or forged by a path.
std::string FormatRequestLog(const RequestLogEntry& entry, RequestLogFormat format);

// An X-Request-Id we take from a client and send back: 1–64 characters of [A-Za-z0-9._-].
bool IsValidRequestId(std::string_view id);

// A fresh request id: 16 lowercase hex digits from a per-thread generator seeded from
// /dev/urandom.
std::string NewRequestId();

}  // namespace jsms
