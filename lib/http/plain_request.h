// Requests the server reads itself instead of through cpp-httplib (internal to lib/http).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http/request.h"

namespace jsms {

// The everyday request — GET or POST, HTTP/1.1, a path without a query string, plain headers,
// a body already received whole — is nearly every call a desk, the console or a script makes.
// cpp-httplib's parsing and reply writing were a third of the CPU of such a request (a tolower
// per character of every header-name comparison, a std::regex match per POST, a stringstream per
// reply), so server.cpp serves these heads itself (HttpServer: "plain requests") and writes the
// very bytes the library would. Everything else is left to the library, untouched: a query
// string or a percent sign (the library decodes them), HTTP/1.0, Connection: close, the headers
// Expect, Transfer-Encoding, Range, Content-Encoding and Upgrade, a multipart body, Host or
// Content-Length or Content-Type twice, a header line the library would skip, a body not yet
// received whole. So this parser only ever accepts a head the library reads the same way.
struct PlainHead {
  std::string method;  // "GET" or "POST"
  std::string path;
  NameValues headers;  // as received, in order
  size_t head_length = 0;
  size_t content_length = 0;  // POST's body, which follows the head in the buffer
};

// Reads the head of `buffered` (its first `head_length` bytes are the complete head, CRLF line
// ends only). True when it is plain and, for a POST, its body of at most `max_body` bytes is all
// in `buffered`; false when the request is the library's to read.
bool ParsePlainHead(std::string_view buffered, size_t head_length, size_t max_body, PlainHead* out);

// Orders headers as cpp-httplib's header map does (by name, case-insensitively; names that
// compare equal keep their order): the order the request's headers and the reply's head take.
void SortLikeLibrary(NameValues* headers);

// The reason phrase cpp-httplib writes after a status code.
const char* StatusText(int status);

}  // namespace jsms
