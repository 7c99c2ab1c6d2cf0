#include "http/plain_request.h"

#include <algorithm>
#include <cstring>

#include "domain/text.h"

namespace jsms {

namespace {

// Longest request line or header line read here; the library reads longer ones (up to 8 KB).
constexpr size_t kMaxLine = 2048;

bool Is(std::string_view a, const char* b) { return EqualsIgnoringCase(a, b); }

// RFC 9110 token characters: a header name both readers take the same way (the library takes
// everything before the first colon, spaces included, and does not decode names).
bool IsTokenChar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool IsSpaceOrTab(char c) { return c == ' ' || c == '\t'; }

// Whether `text` holds `word` (lower case), ASCII case ignored.
bool ContainsNoCase(std::string_view text, std::string_view word) {
  for (size_t at = 0; at + word.size() <= text.size(); ++at) {
    if (EqualsIgnoringCase(text.substr(at, word.size()), word)) return true;
  }
  return false;
}

// Headers whose handling is the library's (or whose absence the shortcut relies on), and the
// names the library gives the peer's and our own address: a client sending one must get the
// library's reading of it.
bool LeftToLibrary(std::string_view name) {
  for (const char* other : {"Expect", "Transfer-Encoding", "Range", "Content-Encoding", "Upgrade",
                            "REMOTE_ADDR", "REMOTE_PORT", "LOCAL_ADDR", "LOCAL_PORT"}) {
    if (Is(name, other)) return true;
  }
  return false;
}

// The request line: "GET /path HTTP/1.1" with single spaces, a path of visible ASCII without
// '?' (a query string), '#' (a fragment the library strips) or '%' (which it decodes).
bool ReadRequestLine(std::string_view line, PlainHead* out) {
  size_t first = line.find(' ');
  if (first == std::string_view::npos) return false;
  std::string_view method = line.substr(0, first);
  if (method != "GET" && method != "POST") return false;
  std::string_view rest = line.substr(first + 1);
  size_t second = rest.find(' ');
  if (second == std::string_view::npos || rest.substr(second + 1) != "HTTP/1.1") return false;
  std::string_view target = rest.substr(0, second);
  if (target.empty() || target.front() != '/') return false;
  for (char c : target) {
    if (c <= ' ' || c >= 0x7f || c == '?' || c == '#' || c == '%') return false;
  }
  out->method.assign(method);
  out->path.assign(target);
  return true;
}

}  // namespace

bool ParsePlainHead(std::string_view buffered, size_t head_length, size_t max_body, PlainHead* out) {
  if (head_length < 4 || head_length > buffered.size()) return false;
  std::string_view head = buffered.substr(0, head_length - 2);  // each line with its CRLF
  out->headers.clear();
  out->headers.reserve(16);  // a browser's dozen and the four the server adds, without growing
  size_t at = 0;
  bool request_line = true;
  int hosts = 0, lengths = 0, types = 0;
  std::string_view length_text;
  while (at < head.size()) {
    size_t end = head.find("\r\n", at);
    if (end == std::string_view::npos) return false;
    std::string_view line = head.substr(at, end - at);
    at = end + 2;
    if (line.size() > kMaxLine) return false;
    if (request_line) {
      if (!ReadRequestLine(line, out)) return false;
      request_line = false;
      continue;
    }
    size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return false;
    std::string_view name = line.substr(0, colon);
    for (char c : name) {
      if (!IsTokenChar(static_cast<unsigned char>(c))) return false;
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && IsSpaceOrTab(value.front())) value.remove_prefix(1);
    while (!value.empty() && IsSpaceOrTab(value.back())) value.remove_suffix(1);
    // The library skips a header without a value, and percent-decodes every value. (CR, LF and
    // NUL never reach here: the connection refuses such heads. Checked all the same.)
    if (value.empty() || value.find_first_of(std::string_view("%\r\n\0", 4)) != std::string_view::npos) return false;
    if (LeftToLibrary(name)) return false;
    // Browsers send "Connection: keep-alive", which on HTTP/1.1 changes nothing for the library
    // either; only a value of exactly "close" (its comparison) makes it end the connection.
    if (Is(name, "Connection") && value == "close") return false;
    if (Is(name, "Host")) ++hosts;
    if (Is(name, "Content-Type")) {
      ++types;
      if (ContainsNoCase(value, "multipart")) return false;
    }
    if (Is(name, "Content-Length")) {
      ++lengths;
      length_text = value;
    }
    out->headers.emplace_back(std::string(name), std::string(value));
  }
  if (request_line || hosts != 1 || lengths > 1 || types > 1) return false;
  out->head_length = head_length;
  out->content_length = 0;
  if (out->method == "GET") return lengths == 0;
  // POST: a length of plain digits (as the library's framing check wants), within max_body, and
  // the whole body already read.
  if (lengths == 0 || length_text.size() > 19) return false;
  size_t length = 0;
  for (char c : length_text) {
    if (c < '0' || c > '9') return false;
    length = length * 10 + static_cast<size_t>(c - '0');
  }
  if (length > max_body || buffered.size() - head_length < length) return false;
  out->content_length = length;
  return true;
}

void SortLikeLibrary(NameValues* headers) {
  // The library compares names with ::tolower in the "C" locale (we never set another): ASCII
  // letters folded, every other byte as it is.
  auto fold = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + ('a' - 'A')) : c; };
  auto before = [&](const std::string& a, const std::string& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [&](unsigned char x, unsigned char y) { return fold(x) < fold(y); });
  };
  // A request or reply has a handful of headers: an insertion sort, stable, with no allocation.
  for (size_t i = 1; i < headers->size(); ++i) {
    for (size_t j = i; j > 0 && before((*headers)[j].first, (*headers)[j - 1].first); --j) {
      std::swap((*headers)[j], (*headers)[j - 1]);
    }
  }
}

const char* StatusText(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocol";
    case 102: return "Processing";
    case 103: return "Early Hints";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 207: return "Multi-Status";
    case 208: return "Already Reported";
    case 226: return "IM Used";
    case 300: return "Multiple Choice";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 305: return "Use Proxy";
    case 306: return "unused";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 418: return "I'm a teapot";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Entity";
    case 423: return "Locked";
    case 424: return "Failed Dependency";
    case 425: return "Too Early";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 451: return "Unavailable For Legal Reasons";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    case 506: return "Variant Also Negotiates";
    case 507: return "Insufficient Storage";
    case 508: return "Loop Detected";
    case 510: return "Not Extended";
    case 511: return "Network Authentication Required";
    default:
    case 500: return "Internal Server Error";
  }
}

}  // namespace jsms
