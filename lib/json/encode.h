// JSON replies, written once into a buffer: compact, keys in the seed's order, UTF-8 unescaped.
// This is the only place (with the JSON parsers beside it) that knows RapidJSON.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/records.h"

namespace jsms {

// The success envelope with data null: {"success":true,…,"data":null,"msg":msg,"failure":false}.
std::string EncodeSuccess(const std::string& msg);

// The refusal envelope: success false, data null, the given wire code (e.g. "STATE_CONFLICT")
// and msg.
std::string EncodeRefusal(const char* code, const std::string& msg);

// The order detail reply: the success envelope with the order (and its derived names) as data,
// msg 查询成功！.
std::string EncodeOrderDetail(const Order& order);

// The progress log reply: the success envelope with an array of entries as data.
std::string EncodeProgress(const std::vector<ProgressEntry>& entries);

// Writes the resource page reply piece by piece so a huge page can be streamed: Begin once with
// the totals, Row per resource, then End. Text accumulates in buffer(); a streaming caller sends
// it and calls ClearBuffer() whenever it grows large.
class ResourcePageEncoder {
 public:
  struct Echo {  // the filters given, echoed as `params`
    std::optional<std::string> order_id;
    std::optional<int64_t> state;
  };

  ResourcePageEncoder();
  ~ResourcePageEncoder();

  void Begin(int64_t page_no, int64_t page_size, int64_t total_record, const Echo& echo);
  void Row(const Resource& resource);
  void End();

  const char* data() const;
  size_t size() const;
  void ClearBuffer();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jsms
