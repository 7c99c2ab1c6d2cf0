#include "http/server.h"

#include <httplib.h>

#include <exception>
#include <utility>

#include "domain/log.h"
#include "http/api.h"

namespace jsms {

namespace {

// Compares a presented secret with the configured one in time that depends only on the
// configured one's length, so timing tells a guesser nothing about how much was right.
bool SameSecret(const std::string& presented, const std::string& expected) {
  unsigned char diff = presented.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i) {
    unsigned char p = i < presented.size() ? static_cast<unsigned char>(presented[i]) : 0;
    diff |= p ^ static_cast<unsigned char>(expected[i]);
  }
  return diff == 0;
}

void Send(httplib::Response& res, const ApiReply& reply) {
  res.status = reply.status;
  if (reply.stream) {
    auto stream = reply.stream;
    res.set_chunked_content_provider(kJsonContentType, [stream](size_t, httplib::DataSink& sink) {
      stream([&sink](const char* data, size_t size) { return sink.write(data, size); });
      sink.done();
      return true;
    });
  } else {
    res.set_content(reply.body, kJsonContentType);
  }
}

void SendError(httplib::Response& res, int status, const char* code, const std::string& msg) {
  Send(res, Api::Error(status, code, msg));
}

const char* CodeForStatus(int status) {
  switch (status) {
    case 400: return "INVALID_PARAM";
    case 401: return "UNAUTHORIZED";
    case 404: return "NOT_FOUND";
    case 405: return "METHOD_NOT_ALLOWED";
    case 413: return "PAYLOAD_TOO_LARGE";
    case 414: return "INVALID_PARAM";
    case 415: return "UNSUPPORTED_MEDIA_TYPE";
    case 503: return "BUSY";
    default: return status >= 500 ? "INTERNAL" : "INVALID_PARAM";
  }
}

const char* MessageForStatus(int status) {
  switch (status) {
    case 404: return "接口不存在";
    case 405: return "不支持的请求方法";
    case 413: return "请求体过大";
    case 414: return "请求地址过长";
    default: return status >= 500 ? "服务器内部错误" : "请求无法解析";
  }
}

}  // namespace

struct HttpServer::Impl {
  const Api* api;
  ServerOptions options;
  httplib::Server server;

  ApiRequest Translate(const httplib::Request& req) const {
    ApiRequest request;
    request.method = req.method;
    request.path = req.path;
    request.query.assign(req.params.begin(), req.params.end());
    request.content_type = req.get_header_value("Content-Type");
    if (req.has_header("X-Operator-Id")) request.operator_id = req.get_header_value("X-Operator-Id");
    return request;
  }

  // Reads the body through the content reader, counting every byte against max_body whatever
  // the framing (the library checks only Content-Length, and caps forms at 8 KB by itself).
  // Returns 0, or the HTTP status to answer with.
  int ReadBody(const httplib::Request& req, httplib::Response& res,
               const httplib::ContentReader& reader, ApiRequest* request) const {
    bool has_length = req.has_header("Content-Length");
    bool chunked = req.has_header("Transfer-Encoding");
    // A body-less POST (no length, not chunked) must not be read "until the connection closes".
    if (!has_length && !chunked) return 0;
    size_t total = 0;
    bool too_large = false;
    auto count = [&](size_t size) {
      total += size;
      too_large = total > options.max_body;
      return !too_large;
    };
    bool ok;
    if (req.is_multipart_form_data()) {
      std::vector<std::pair<std::string, std::string>> parts;
      ok = reader(
          [&](const httplib::MultipartFormData& header) {
            parts.emplace_back(header.name, std::string());
            return count(header.name.size());
          },
          [&](const char* data, size_t size) {
            if (!count(size) || parts.empty()) return false;
            parts.back().second.append(data, size);
            return true;
          });
      request->multipart = std::move(parts);
    } else {
      ok = reader([&](const char* data, size_t size) {
        if (!count(size)) return false;
        request->body.append(data, size);
        return true;
      });
    }
    if (ok) return 0;
    if (too_large || res.status == 413) return 413;
    return 400;
  }

  void Serve(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader) const {
    ApiRequest request = Translate(req);
    if (reader) {
      int failed = ReadBody(req, res, *reader, &request);
      if (failed) {
        // The rest of the body is still on the wire: this connection cannot carry another request.
        res.set_header("Connection", "close");
        if (failed == 413) {
          SendError(res, 413, "PAYLOAD_TOO_LARGE",
                    "请求体过大（上限" + std::to_string(options.max_body) + "字节）");
        } else {
          SendError(res, 400, "INVALID_PARAM", "请求体无法读取");
        }
        return;
      }
    }
    Send(res, api->Handle(request));
  }
};

HttpServer::HttpServer(const Api* api, ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->api = api;
  impl_->options = std::move(options);
  Impl* impl = impl_.get();
  httplib::Server& server = impl->server;
  const ServerOptions& opts = impl->options;

  size_t threads = opts.threads > 0 ? static_cast<size_t>(opts.threads) : 1;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Without TCP_NODELAY, Nagle plus delayed ACK caps keep-alive clients at a few hundred req/s.
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(100000);
  server.set_keep_alive_timeout(opts.keep_alive_timeout_seconds);
  server.set_read_timeout(opts.read_timeout_seconds, 0);
  server.set_write_timeout(opts.read_timeout_seconds, 0);
  server.set_payload_max_length(opts.max_body);

  server.set_pre_routing_handler([impl](const httplib::Request& req, httplib::Response& res) {
    if (impl->options.token.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string presented = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    bool ok = presented.compare(0, prefix.size(), prefix) == 0 &&
              SameSecret(presented.substr(prefix.size()), impl->options.token);
    if (ok) return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Connection", "close");
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, 401, "UNAUTHORIZED", "未授权：缺少或错误的访问令牌");
    return httplib::Server::HandlerResponse::Handled;
  });

  // Without this, the library answers an escaping exception with its text in a header.
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      LogError(req.method + " " + req.path, e.what());
    } catch (...) {
      LogError(req.method + " " + req.path, "unknown exception");
    }
    res.headers.clear();
    SendError(res, 500, "INTERNAL", "服务器内部错误");
  });

  // Runs for every status >= 400, ours included: only fill replies the library made itself.
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty() || res.is_chunked_content_provider_) return;
    int status = res.status;
    SendError(res, status, CodeForStatus(status), MessageForStatus(status));
  });

  auto plain = [impl](const httplib::Request& req, httplib::Response& res) { impl->Serve(req, res, nullptr); };
  auto with_body = [impl](const httplib::Request& req, httplib::Response& res,
                          const httplib::ContentReader& reader) { impl->Serve(req, res, &reader); };
  server.Get(".*", plain);
  server.Options(".*", plain);
  server.Post(".*", with_body);
  server.Put(".*", with_body);
  server.Patch(".*", with_body);
  server.Delete(".*", with_body);
}

HttpServer::~HttpServer() = default;

int HttpServer::Bind() {
  const ServerOptions& opts = impl_->options;
  if (opts.port == 0) return impl_->server.bind_to_any_port(opts.host);
  return impl_->server.bind_to_port(opts.host, opts.port) ? opts.port : -1;
}

bool HttpServer::Run() { return impl_->server.listen_after_bind(); }

void HttpServer::Stop() { impl_->server.stop(); }

bool HttpServer::IsRunning() const { return impl_->server.is_running(); }

}  // namespace jsms
