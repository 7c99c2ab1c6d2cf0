// The one error table of the HTTP edge: for every Code, its wire string (the envelope's `code`),
// its HTTP status and its default message. Every refusal the API sends — a handler's Status, a
// protocol error of the transport, a stranger turned away — is made here.
#pragma once

#include <string>

#include "domain/status.h"
#include "http/request.h"

namespace jsms {

struct ErrorKind {
  Code code;
  const char* wire;     // "STATE_CONFLICT"
  int http_status;      // 200 for business refusals (spec §1)
  const char* message;  // when the Status carries none
};

const ErrorKind& ErrorKindOf(Code code);

// The refusal envelope for `status` with its table's HTTP status. The message is the Status's own
// (its default when empty); kInternal always says only that it failed (the detail was logged).
ApiReply ErrorReply(const Status& status);

// The same with an HTTP status chosen by the transport (a 414 the library answered, say).
ApiReply ErrorReply(int http_status, const Status& status);

}  // namespace jsms
