// The one error vocabulary of jsms-ops. Domain and store functions return a Status; only the HTTP
// edge (lib/http/errors.h, one table) turns a Code into the envelope's `code`, an HTTP status and
// a default message.
#pragma once

#include <string>
#include <utility>

namespace jsms {

enum class Code {
  kOk,
  // Business refusals (HTTP 200: the original front end reads them in its success callback).
  kOrderNotFound,      // unknown orderId
  kResourceNotFound,   // a named resource does not exist
  kDemandNotFound,     // unknown demandId
  kStaffNotFound,      // unknown staff id
  kResourceNotReady,   // a resource is not 已接入 where it must be
  kStateConflict,      // the state does not allow the change (an illegal transition)
  kStaleUpdate,        // an edit based on an updateTime that is no longer current
  // Refusals with their own HTTP status.
  kInvalidParam,           // missing, empty, malformed or out-of-range input
  kUnauthorized,           // no identity, or one that is not valid
  kForbidden,              // an identity that may not do this
  kLoginFailed,            // wrong login or password (one message whichever was wrong)
  kTooManyAttempts,        // too many failed logins lately: try again after Retry-After seconds
  kNotFound,               // no such route
  kMethodNotAllowed,       // known route, wrong method
  kPayloadTooLarge,        // a body over the limit
  kUnsupportedMediaType,   // a body in a format we do not read
  kBusy,                   // the database stayed locked past the busy timeout; nothing changed
  kInternal,               // anything else; details are logged, never shown
};

// A Code and a message meant for the user (Chinese, naming the offending parameter, id or state).
// Messages never hold internals: those go to the log where the failure happens. An empty
// message stands for the code's default message (lib/http/errors.h).
class Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidParam(std::string message) { return Status(Code::kInvalidParam, std::move(message)); }
  static Status Internal() { return Status(Code::kInternal, "服务器内部错误"); }
  static Status Busy() { return Status(Code::kBusy, "系统繁忙，请稍后重试"); }
  static Status Forbidden() { return Status(Code::kForbidden, "没有权限"); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace jsms
