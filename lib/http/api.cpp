#include "http/api.h"

#include <string_view>

#include "domain/log.h"
#include "domain/records.h"
#include "domain/text.h"
#include "domain/workflow.h"
#include "http/params.h"
#include "json/encode.h"
#include "store/store.h"

namespace jsms {

namespace {

constexpr std::string_view kOrderPrefix = "/demandOrder/";
constexpr std::string_view kActionPrefix = "/peidan/";
constexpr std::string_view kResourceQueryPath = "/order/resource/query";

// The one place where a domain Code becomes an HTTP status (spec §1): business refusals are 200
// so the original front end's success callback reads them.
int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kInvalidParam: return 400;
    case Code::kBusy: return 503;
    case Code::kInternal: return 500;
    default: return 200;
  }
}

ApiReply FromStatus(const Status& status) {
  ApiReply reply;
  reply.status = HttpStatusFor(status.code());
  // Internal failures were logged where they happened; the reply says only that it failed.
  std::string msg = status.code() == Code::kInternal ? Status::Internal().message() : status.message();
  reply.body = EncodeRefusal(CodeName(status.code()), msg);
  return reply;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Query parameters, then the body's, whatever its spelling.
Status CollectParams(const ApiRequest& request, Params* params) {
  for (const auto& [name, value] : request.query) params->Add(name, value);
  if (request.multipart) {
    for (const auto& [name, value] : *request.multipart) params->Add(name, value);
  } else if (!request.body.empty()) {
    switch (BodyFormatOf(request.content_type, true)) {
      case BodyFormat::kForm: {
        Status parsed = ParseFormUrlEncoded(request.body, params);
        if (!parsed.ok()) return parsed;
        break;
      }
      case BodyFormat::kJson: {
        Status parsed = ParseJsonBody(request.body, params);
        if (!parsed.ok()) return parsed;
        break;
      }
      default:
        break;  // kUnsupported was answered 415 before routing reached here
    }
  }
  return CheckUtf8(*params);
}

ApiReply OrderDetail(Store* store, const std::string& order_id) {
  if (!IsValidId(order_id)) {
    return FromStatus(Status::InvalidParam("参数orderId无效（须为1到64个可打印字符，不含/）"));
  }
  Order order;
  Status found = store->GetOrder(order_id, &order);
  if (!found.ok()) return FromStatus(found);
  ApiReply reply;
  reply.body = EncodeOrderDetail(order);
  return reply;
}

ApiReply ResourcePage(Store* store, const Params& params) {
  std::optional<int64_t> rows, page, state;
  std::optional<std::string> order_id;
  for (Status s : {ReadInteger(params, "rows", 1, &rows), ReadInteger(params, "page", 1, &page),
                   ReadInteger(params, "state", 0, &state), ReadId(params, "orderId", false, &order_id)}) {
    if (!s.ok()) return FromStatus(s);
  }
  ResourceFilter filter{order_id, state};
  PageRequest request{rows.value_or(30), page.value_or(1)};
  ResourcePageEncoder::Echo echo{order_id, state};

  // Writes the whole page through `flush`, which receives the text whenever it grows past
  // `chunk` bytes and once at the end.
  auto produce = [store, filter, request, echo](size_t chunk, const ChunkWriter& flush) -> Status {
    ResourcePageEncoder encoder;
    bool open = true;
    Status status = store->VisitResourcePage(
        filter, request, [&](int64_t total) { encoder.Begin(request.page, request.rows, total, echo); },
        [&](const Resource& resource) {
          encoder.Row(resource);
          if (encoder.size() >= chunk) {
            open = flush(encoder.data(), encoder.size());
            encoder.ClearBuffer();
          }
          return open;
        });
    if (!status.ok() || !open) return status;
    encoder.End();
    flush(encoder.data(), encoder.size());
    return Status::Ok();
  };

  ApiReply reply;
  if (request.rows <= kStreamRowThreshold) {
    Status status = produce(SIZE_MAX, [&reply](const char* data, size_t size) {
      reply.body.append(data, size);
      return true;
    });
    if (!status.ok()) return FromStatus(status);
    return reply;
  }
  // A huge page (the original front end asks for rows=9999999) is streamed in 64 KiB chunks so
  // memory stays flat whatever the table size. An error past the first byte can only cut the
  // connection: it is logged by the store.
  reply.stream = [produce](const ChunkWriter& write) { produce(64 * 1024, write); };
  return reply;
}

ApiReply RunAction(Store* store, Action action, const Params& params,
                   const std::optional<std::string>& operator_header) {
  ActionRequest request;
  request.action = action;
  std::optional<std::string> order_id;
  for (Status s : {ReadId(params, "orderId", true, &order_id),
                   ReadText(params, "remark", kMaxRemarkChars, &request.remark),
                   ReadResourceIds(params, &request.resource_ids),
                   ReadOperatorId(operator_header, &request.operator_id)}) {
    if (!s.ok()) return FromStatus(s);
  }
  request.order_id = *order_id;
  const ActionRule& rule = RuleFor(action);
  if (rule.resources == ResourceRule::kRequiredOnline && request.resource_ids.empty()) {
    return FromStatus(Status::InvalidParam("缺少参数resourceIds（匹配成功须指定至少一个资源）"));
  }
  if (rule.resources == ResourceRule::kNone) request.resource_ids.clear();
  Status applied = store->ApplyAction(request);
  if (!applied.ok()) return FromStatus(applied);
  ApiReply reply;
  reply.body = EncodeSuccess("操作成功！");
  return reply;
}

}  // namespace

ApiReply Api::Error(int http_status, const char* code, const std::string& msg) {
  ApiReply reply;
  reply.status = http_status;
  reply.body = EncodeRefusal(code, msg);
  return reply;
}

ApiReply Api::Handle(const ApiRequest& request) const {
  std::string_view path = request.path;
  if (!IsValidUtf8(path)) return Error(400, "INVALID_PARAM", "请求路径编码无效（须为UTF-8）");
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";

  enum class Route { kNone, kOrderDetail, kResourcePage, kAction } route = Route::kNone;
  bool method_ok = false;
  std::optional<Action> action;
  if (path == kResourceQueryPath) {
    route = Route::kResourcePage;
    method_ok = get || post;
  } else if (StartsWith(path, kActionPrefix) && (action = ActionFromWord(path.substr(kActionPrefix.size())))) {
    route = Route::kAction;
    method_ok = post;
  } else if (StartsWith(path, kOrderPrefix) && path.size() > kOrderPrefix.size() &&
             path.find('/', kOrderPrefix.size()) == std::string_view::npos) {
    route = Route::kOrderDetail;
    method_ok = get;
  }
  if (route == Route::kNone) return Error(404, "NOT_FOUND", "接口不存在：" + request.path);
  if (!method_ok) return Error(405, "METHOD_NOT_ALLOWED", "接口" + request.path + "不支持" + request.method + "方法");

  if (!request.multipart && !request.body.empty() &&
      BodyFormatOf(request.content_type, true) == BodyFormat::kUnsupported) {
    return Error(415, "UNSUPPORTED_MEDIA_TYPE",
                 "不支持的请求体格式（可用application/x-www-form-urlencoded、multipart/form-data或application/json）");
  }
  Params params;
  Status collected = CollectParams(request, &params);
  if (!collected.ok()) return FromStatus(collected);

  switch (route) {
    case Route::kOrderDetail:
      return OrderDetail(store_, std::string(path.substr(kOrderPrefix.size())));
    case Route::kResourcePage:
      return ResourcePage(store_, params);
    case Route::kAction:
      return RunAction(store_, *action, params, request.operator_id);
    case Route::kNone:
      break;
  }
  return Error(404, "NOT_FOUND", "接口不存在");
}

}  // namespace jsms
