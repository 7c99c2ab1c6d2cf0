#include "http/csv_export.h"

#include <limits>
#include <stdexcept>

#include "csv/csv.h"
#include "http/context.h"
#include "util/clock.h"

namespace jsms {

namespace {

// "orders-20240501.csv" for today (server time, as every time the API writes).
std::string FileName(const char* name) {
  std::string now = NowTimestamp();  // "YYYY-MM-DD HH:MM:SS"
  return std::string(name) + "-" + now.substr(0, 4) + now.substr(5, 2) + now.substr(8, 2) + ".csv";
}

}  // namespace

Status ReadListFormat(const Params& params, bool* csv) {
  const std::string* format = params.Find("format");
  *csv = format && *format == "csv";
  if (!format || format->empty() || *format == "json" || *csv) return Status::Ok();
  return Status::InvalidParam("参数format无效（须为csv或json）");
}

template <typename Record>
ApiReply CsvList(const Params& params, const char* name, CsvVisit<Record> visit) {
  std::optional<int64_t> rows, number;
  PageRequest page;
  Status read = ReadInteger(params, "rows", 1, &rows);
  if (read.ok()) read = ReadInteger(params, "page", 1, &number);
  if (!read.ok()) return ErrorReply(read);
  if (rows || number) {
    page.rows = rows.value_or(30);
    page.page = number.value_or(1);
  } else {
    page.rows = std::numeric_limits<int64_t>::max();  // the whole list
  }

  // Writes the list through `flush`, which gets the text whenever it grows past `chunk` bytes
  // and once at the end.
  auto produce = [page, visit](size_t chunk, const ChunkWriter& flush) -> Status {
    CsvEncoder encoder;
    encoder.Begin<Record>();
    bool open = true;
    Status status = visit(page, [&](const Record& record) {
      encoder.Row(record);
      if (encoder.text().size() >= chunk) {
        open = flush(encoder.text().data(), encoder.text().size());
        encoder.Clear();
      }
      return open;
    });
    if (!status.ok() || !open) return status;
    flush(encoder.text().data(), encoder.text().size());
    return Status::Ok();
  };

  ApiReply reply;
  reply.content_type = kCsvContentType;
  reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + FileName(name) + "\"");
  if (page.rows <= kStreamRowThreshold) {
    Status status = produce(SIZE_MAX, [&reply](const char* data, size_t size) {
      reply.body.append(data, size);
      return true;
    });
    if (!status.ok()) return ErrorReply(status);
    return reply;  // moved, not copied as a conditional expression would
  }
  // A failure past the first byte can only cut the connection (the store has logged it). It must
  // be cut: a CSV file that simply stops looks complete. The transport cuts it on an exception.
  reply.stream = [produce](const ChunkWriter& write) {
    if (!produce(64 * 1024, write).ok()) throw std::runtime_error("the CSV export failed part way; connection cut");
  };
  return reply;
}

template ApiReply CsvList<Order>(const Params&, const char*, CsvVisit<Order>);
template ApiReply CsvList<Resource>(const Params&, const char*, CsvVisit<Resource>);
template ApiReply CsvList<Demand>(const Params&, const char*, CsvVisit<Demand>);

}  // namespace jsms
