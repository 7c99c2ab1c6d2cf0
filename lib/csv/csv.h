// CSV out (operations.md, "CSV export"): the three lists as spreadsheets. A UTF-8 BOM (so Excel
// reads the Chinese), a header row of the original pages' Chinese column titles, then one row per
// record with each `…Name` field beside its code, exactly as in the JSON (",移动,电信" included).
// RFC 4180: CRLF line ends, a cell holding a comma, a double quote, CR or LF is quoted and its
// quotes doubled. A cell starting with = + - @ TAB or CR is prefixed with ' so a spreadsheet
// never runs it as a formula (formula injection).
#pragma once

#include <string>
#include <string_view>

#include "domain/records.h"

namespace jsms {

// Appends one cell (not its separator) to `out`, guarded and quoted as above. A null cell is empty.
void AppendCsvCell(std::string_view value, std::string* out);

// Writes a list piece by piece so a list of any length can be streamed: Begin writes the BOM and
// the header row of the record's columns, Row one record. Text accumulates in text(); a streaming
// caller sends it and calls Clear() whenever it grows large.
class CsvEncoder {
 public:
  void BeginOrders();
  void BeginResources();
  void BeginDemands();
  void Row(const Order& order);
  void Row(const Resource& resource);
  void Row(const Demand& demand);

  // Begin for the record type, for templates.
  template <typename Record>
  void Begin();

  const std::string& text() const { return text_; }
  void Clear() { text_.clear(); }

 private:
  std::string text_;
};

template <>
inline void CsvEncoder::Begin<Order>() { BeginOrders(); }
template <>
inline void CsvEncoder::Begin<Resource>() { BeginResources(); }
template <>
inline void CsvEncoder::Begin<Demand>() { BeginDemands(); }

}  // namespace jsms
