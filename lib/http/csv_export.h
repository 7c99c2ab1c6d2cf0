// `format=csv` on the three lists (operations.md): the same filters, the list as a spreadsheet
// download (csv/csv.h writes the text). Internal to lib/http; the list handlers branch here.
#pragma once

#include <functional>

#include "domain/status.h"
#include "http/params.h"
#include "http/request.h"
#include "store/desk.h"

namespace jsms {

inline constexpr const char* kCsvContentType = "text/csv; charset=UTF-8";

// Reads `format`: absent, empty or "json" is the JSON page (false), "csv" the download (true);
// anything else is kInvalidParam.
Status ReadListFormat(const Params& params, bool* csv);

// Walks the records of `page` in the list's order, calling on_row for each.
template <typename Record>
using CsvVisit = std::function<Status(const PageRequest& page, const OnRow<Record>& on_row)>;

// The download: 200 text/csv with Content-Disposition attachment; filename="<name>-YYYYMMDD.csv"
// (today, server time). `rows`/`page` apply when either is given (validated by the caller);
// without them the whole filtered list is written. Lists of more than kStreamRowThreshold rows
// are streamed in 64 KiB chunks, so memory stays flat whatever their length.
template <typename Record>
ApiReply CsvList(const Params& params, const char* name, CsvVisit<Record> visit);

}  // namespace jsms
