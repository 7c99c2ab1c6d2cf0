#include "http/context.h"

#include "domain/records.h"

namespace jsms {

ApiReply Json(std::string body) {
  ApiReply reply;
  reply.body = std::move(body);
  return reply;
}

ApiReply Json(std::shared_ptr<const std::string> body) {
  ApiReply reply;
  reply.shared_body = std::move(body);
  return reply;
}

std::shared_ptr<const std::string> ShareBody(ApiReply* reply) {
  if (!reply->shared_body) {
    reply->shared_body = std::make_shared<const std::string>(std::move(reply->body));
    reply->body.clear();
  }
  return reply->shared_body;
}

ApiReply Done(const Status& status) { return status.ok() ? Json(EncodeSuccess("操作成功！")) : ErrorReply(status); }

Status ReadPathId(const RequestContext& context, const char* name) {
  if (IsValidId(context.path_id)) return Status::Ok();
  return Status::InvalidParam(std::string("参数") + name + "无效（须为1到64个可打印字符，不含/）");
}

Status ReadNote(const RequestContext& context, DeskNote* note) {
  Status status = ReadText(context.params, "remark", kMaxRemarkChars, &note->remark);
  if (status.ok()) status = ActingOperator(context.principal, &note->operator_id);
  return status;
}

Status ReadPage(const Params& params, PageRequest* page) {
  std::optional<int64_t> rows, number;
  Status status = ReadInteger(params, "rows", 1, &rows);
  if (status.ok()) status = ReadInteger(params, "page", 1, &number);
  page->rows = rows.value_or(30);
  page->page = number.value_or(1);
  return status;
}

template <typename Record>
ApiReply PagedReply(const PageRequest& page, std::vector<EchoParam> echo, PageVisit<Record> visit) {
  // Writes the whole page through `flush`, which gets the text whenever it grows past `chunk`
  // bytes and once at the end.
  // A page built whole goes to `whole` (moved, not copied) instead of through `flush`.
  auto produce = [page, echo, visit](size_t chunk, const ChunkWriter& flush, std::string* whole) -> Status {
    PageEncoder encoder;
    // Room for the page's rows at once (resources' are ~900 bytes), not grown by doubling.
    if (whole) encoder.Reserve(static_cast<size_t>(page.rows) * 960 + 1024);
    bool open = true;
    Status status = visit([&](int64_t total) { encoder.Begin(page.page, page.rows, total, echo); },
                          [&](const Record& record) {
                            encoder.Row(record);
                            if (encoder.size() >= chunk) {
                              open = flush(encoder.data(), encoder.size());
                              encoder.ClearBuffer();
                            }
                            return open;
                          });
    if (!status.ok() || !open) return status;
    encoder.End();
    if (whole) {
      *whole = encoder.TakeText();
    } else {
      flush(encoder.data(), encoder.size());
    }
    return Status::Ok();
  };

  if (page.rows <= kStreamRowThreshold) {
    ApiReply reply;
    Status status = produce(SIZE_MAX, nullptr, &reply.body);
    if (!status.ok()) return ErrorReply(status);
    return reply;  // moved (a conditional expression here copied the page)
  }
  // A huge page (the original front end asks for rows=9999999) is streamed in 64 KiB chunks so
  // memory stays flat whatever the table size. A failure past the first byte can only cut the
  // connection; the store has logged it.
  ApiReply reply;
  reply.stream = [produce](const ChunkWriter& write) { produce(64 * 1024, write, nullptr); };
  return reply;
}

template ApiReply PagedReply<Resource>(const PageRequest&, std::vector<EchoParam>, PageVisit<Resource>);
template ApiReply PagedReply<Order>(const PageRequest&, std::vector<EchoParam>, PageVisit<Order>);
template ApiReply PagedReply<Demand>(const PageRequest&, std::vector<EchoParam>, PageVisit<Demand>);
template ApiReply PagedReply<LoginEvent>(const PageRequest&, std::vector<EchoParam>, PageVisit<LoginEvent>);
template ApiReply PagedReply<ActivityEntry>(const PageRequest&, std::vector<EchoParam>, PageVisit<ActivityEntry>);

}  // namespace jsms
