// The HTTP edge's own request and reply: what the transport (server.cpp, the only file that knows
// cpp-httplib) hands in and gets back. Plain structs, so the whole API can be driven without a
// socket (test/api_test.cpp). Modelled on llama.cpp's server-http.h.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsms {

using NameValues = std::vector<std::pair<std::string, std::string>>;

struct ApiRequest {
  std::string method;          // "GET", "POST", …
  std::string path;            // percent-decoded
  NameValues query;            // decoded query parameters, in order
  NameValues headers;          // as received; look them up with Header()
  std::string client_address;  // the peer's IP address
  std::string body;            // raw body (not multipart)
  // Multipart bodies arrive already split by the transport: (name, content) per part.
  std::optional<NameValues> multipart;

  // The first header called `name` (case-insensitive), or nullptr.
  const std::string* Header(std::string_view name) const;
  // The Content-Type header, "" when absent.
  std::string_view ContentType() const;
};

// Writes a piece of a streamed body; returns false when the client has gone.
using ChunkWriter = std::function<bool(const char* data, size_t size)>;

inline constexpr const char* kJsonContentType = "application/json;charset=UTF-8";

struct ApiReply {
  int status = 200;
  const char* content_type = kJsonContentType;  // static text: every type we send is a constant
  NameValues headers;                           // extra headers (Set-Cookie, Cache-Control, …)
  std::string body;
  // When set, the body instead of `body` (then empty): a reply shared with the reply cache
  // (store/reply_cache.h), sent without being copied. Body() reads whichever is set.
  std::shared_ptr<const std::string> shared_body;
  // When set, the body is produced by calling `stream` while the reply is sent (chunked); `body`
  // is unused. A failure past the first byte can only cut the connection.
  std::function<void(const ChunkWriter& write)> stream;

  std::string_view Body() const { return shared_body ? std::string_view(*shared_body) : std::string_view(body); }
};

// Pages of more than this many rows are streamed in chunks instead of built whole.
inline constexpr long long kStreamRowThreshold = 1000;

}  // namespace jsms
