// The one error vocabulary of jsms-ops. Domain and store functions return a Status; only the HTTP
// layer (lib/http/api.cpp, WireCode/HttpStatus) turns a Code into the envelope `code` and an HTTP status.
#pragma once

#include <string>
#include <utility>

namespace jsms {

enum class Code {
  kOk,
  kInvalidParam,       // missing, empty, malformed or out-of-range input
  kOrderNotFound,      // unknown orderId
  kResourceNotFound,   // a named resource does not exist
  kDemandNotFound,     // unknown demandId
  kResourceNotReady,   // a resource is not 已接入 where it must be
  kStateConflict,      // the order's state does not allow the change
  kStaleUpdate,        // an edit based on an updateTime that is no longer current
  kBusy,               // the database stayed locked past the busy timeout; nothing changed
  kInternal,           // anything else; details are logged, never shown
};

// A Code and a message meant for the user (Chinese, naming the offending parameter, id or state).
// Messages never hold internals: those go to the log where the failure happens.
class Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidParam(std::string message) { return Status(Code::kInvalidParam, std::move(message)); }
  static Status Internal() { return Status(Code::kInternal, "服务器内部错误"); }
  static Status Busy() { return Status(Code::kBusy, "系统繁忙，请稍后重试"); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

// The envelope `code` string for a Code, e.g. "STATE_CONFLICT"; "" for kOk.
const char* CodeName(Code code);

}  // namespace jsms
