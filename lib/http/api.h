// The routes of jsms-ops (spec §2) over plain request and reply structs: routing, parameter
// reading, calling the store and encoding the reply. No sockets and no httplib here — the server
// adapter (http/server.h) feeds requests in — so every route can be driven directly in tests.
// Handle never throws.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jsms {

class ReplyCache;
class Store;

struct ApiRequest {
  std::string method;                        // "GET", "POST", …
  std::string path;                          // percent-decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded query parameters
  std::string content_type;                  // the Content-Type header, "" when absent
  std::string body;                          // raw body (not multipart)
  // Multipart bodies arrive already split by the transport: (name, content) per part.
  std::optional<std::vector<std::pair<std::string, std::string>>> multipart;
  std::optional<std::string> operator_id;    // the X-Operator-Id header
};

// Writes a piece of a streamed body; returns false when the client has gone.
using ChunkWriter = std::function<bool(const char* data, size_t size)>;

struct ApiReply {
  int status = 200;
  std::string body;
  // When set, the body is produced by calling `stream` (status 200); `body` is unused.
  std::function<void(const ChunkWriter& write)> stream;
};

inline constexpr const char* kJsonContentType = "application/json;charset=UTF-8";

// Pages of more than this many rows are streamed in chunks instead of built whole.
inline constexpr long long kStreamRowThreshold = 1000;

class Api {
 public:
  explicit Api(Store* store);
  ~Api();

  ApiReply Handle(const ApiRequest& request) const;

  // A protocol error reply (404, 405, 413, 415, 401, …) with the refusal envelope.
  static ApiReply Error(int http_status, const char* code, const std::string& msg);

 private:
  Store* store_;
  std::unique_ptr<ReplyCache> cache_;  // order details and resource pages, until the next write
};

}  // namespace jsms
