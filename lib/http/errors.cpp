#include "http/errors.h"

#include "json/encode.h"

namespace jsms {

namespace {

constexpr ErrorKind kErrors[] = {
    {Code::kOrderNotFound, "ORDER_NOT_FOUND", 200, "订单不存在"},
    {Code::kResourceNotFound, "RESOURCE_NOT_FOUND", 200, "资源不存在"},
    {Code::kDemandNotFound, "DEMAND_NOT_FOUND", 200, "需求不存在"},
    {Code::kStaffNotFound, "STAFF_NOT_FOUND", 200, "员工不存在"},
    {Code::kResourceNotReady, "RESOURCE_NOT_READY", 200, "资源未接入"},
    {Code::kStateConflict, "STATE_CONFLICT", 200, "当前状态不允许此操作"},
    {Code::kStaleUpdate, "STALE_UPDATE", 200, "该订单已经更新,请重新操作"},
    {Code::kInvalidParam, "INVALID_PARAM", 400, "请求无法解析"},
    {Code::kUnauthorized, "UNAUTHORIZED", 401, "未授权：缺少或错误的访问令牌"},
    {Code::kForbidden, "FORBIDDEN", 403, "没有权限"},
    {Code::kLoginFailed, "LOGIN_FAILED", 401, "用户名或密码错误"},
    {Code::kTooManyAttempts, "TOO_MANY_ATTEMPTS", 429, "登录失败次数过多，请稍后再试"},
    {Code::kNotFound, "NOT_FOUND", 404, "接口不存在"},
    {Code::kMethodNotAllowed, "METHOD_NOT_ALLOWED", 405, "不支持的请求方法"},
    {Code::kPayloadTooLarge, "PAYLOAD_TOO_LARGE", 413, "请求体过大"},
    {Code::kUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", 415,
     "不支持的请求体格式（可用application/x-www-form-urlencoded、multipart/form-data或application/json）"},
    {Code::kBusy, "BUSY", 503, "系统繁忙，请稍后重试"},
    {Code::kInternal, "INTERNAL", 500, "服务器内部错误"},
};

}  // namespace

const ErrorKind& ErrorKindOf(Code code) {
  for (const auto& kind : kErrors) {
    if (kind.code == code) return kind;
  }
  return kErrors[sizeof kErrors / sizeof kErrors[0] - 1];  // kOk is no error: never asked
}

ApiReply ErrorReply(const Status& status) { return ErrorReply(ErrorKindOf(status.code()).http_status, status); }

ApiReply ErrorReply(int http_status, const Status& status) {
  const ErrorKind& kind = ErrorKindOf(status.code());
  bool use_default = status.message().empty() || status.code() == Code::kInternal;
  ApiReply reply;
  reply.status = http_status;
  reply.body = EncodeRefusal(kind.wire, use_default ? std::string(kind.message) : status.message());
  if (status.code() == Code::kUnauthorized) reply.headers.emplace_back("WWW-Authenticate", "Bearer");
  return reply;
}

}  // namespace jsms
