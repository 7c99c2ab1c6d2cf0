#include "json/encode.h"

#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <string_view>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "domain/names.h"
#include "domain/text.h"

namespace jsms {

namespace {

// The text of a reply as it is written: rapidjson's output stream over a std::string, so that a
// whole page can be handed to the reply (and the reply cache) by moving the string instead of
// copying 26 KB out of a rapidjson::StringBuffer.
class TextBuffer {
 public:
  using Ch = char;  // for rapidjson::Writer
  void Put(char c) { text_.push_back(c); }
  void Flush() {}
  void Reserve(size_t more) {
    if (text_.capacity() - text_.size() < more) text_.reserve(std::max(text_.size() + more, 2 * text_.capacity()));
  }
  void Append(const char* text, size_t size) { text_.append(text, size); }
  const char* data() const { return text_.data(); }
  size_t size() const { return text_.size(); }
  void Clear() { text_.clear(); }
  std::string Take() { return std::move(text_); }

 private:
  std::string text_;
};

// rapidjson::Writer reserves before runs of characters and then puts them unchecked; for its own
// StringBuffer it has these two, found here by argument-dependent lookup for TextBuffer.
inline void PutReserve(TextBuffer& out, size_t count) { out.Reserve(count); }
inline void PutUnsafe(TextBuffer& out, char c) { out.Put(c); }

using JsonWriter = rapidjson::Writer<TextBuffer>;

// Whether a string's byte is written escaped (as rapidjson's Writer does; UTF-8 goes as it is).
inline bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// Writes one record straight into the reply buffer. Records are most of every reply (a page is
// 30 of them, the full list 100,000), and rapidjson's Writer re-escapes and re-measures every
// key of every row and runs its state machine per value; here keys are constants that need no
// escaping, and a value is escaped only when it holds a character that needs it. The output is
// byte for byte what Writer writes (same escapes, UTF-8 unescaped). Same method names as Writer
// so the record functions below serve both.
class RowWriter {
 public:
  explicit RowWriter(TextBuffer& out) : out_(out) {}

  void StartObject() {
    Put('{');
    comma_ = false;
  }
  void EndObject() {
    Put('}');
    comma_ = true;
  }
  void Key(const char* key) {
    if (comma_) Put(',');
    Put('"');
    Append(key, std::strlen(key));
    Append("\":", 2);
    comma_ = false;
  }
  void Null() { Value("null", 4); }
  // Appends a resource's packed row (Resource::encoded_row: its values only, see PackingWriter)
  // as the record it stands for, with `name` as belongBusinessName's value.
  void Unpacked(std::string_view packed, const Cell& name);
  // The placeholder itself, as a value.
  void Placeholder() { Value(&kNamePlaceholder, 1); }
  void Int64(int64_t value) {
    char digits[24];
    char* end = std::to_chars(digits, digits + sizeof digits, value).ptr;  // no locale, no printf
    Value(digits, static_cast<size_t>(end - digits));
  }
  void String(const char* text, rapidjson::SizeType size) {
    if (comma_) Put(',');
    Put('"');
    size_t start = 0;
    for (size_t i = 0; i < size; ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (!NeedsEscape(c)) continue;
      Append(text + start, i - start);
      start = i + 1;
      Escape(c);
    }
    Append(text + start, size - start);
    Put('"');
    comma_ = true;
  }

 private:
  void Put(char c) { out_.Put(c); }
  void Append(const char* text, size_t size) { out_.Append(text, size); }
  void Value(const char* text, size_t size) {
    if (comma_) Put(',');
    Append(text, size);
    comma_ = true;
  }
  void Escape(unsigned char c) {
    static const char kHex[] = "0123456789ABCDEF";
    switch (c) {
      case '"': Append("\\\"", 2); break;
      case '\\': Append("\\\\", 2); break;
      case '\b': Append("\\b", 2); break;
      case '\f': Append("\\f", 2); break;
      case '\n': Append("\\n", 2); break;
      case '\r': Append("\\r", 2); break;
      case '\t': Append("\\t", 2); break;
      default: {
        char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        Append(escaped, 6);
      }
    }
  }

  TextBuffer& out_;
  bool comma_ = false;
};

// A packed value's length: 7 bits a byte, low bits first, the high bit set on every byte but
// the last (at most 5 bytes are read). ReadLength stops at `end`, and never answers past it.
void AppendLength(std::string* out, size_t length) {
  while (length >= 0x80) {
    out->push_back(static_cast<char>((length & 0x7f) | 0x80));
    length >>= 7;
  }
  out->push_back(static_cast<char>(length));
}

size_t ReadLength(const char** at, const char* end) {
  size_t length = 0;
  for (int shift = 0; *at < end; shift += 7) {
    const unsigned char byte = static_cast<unsigned char>(*(*at)++);
    length |= static_cast<size_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80) || shift > 28) break;
  }
  return std::min(length, static_cast<size_t>(end - *at));  // a damaged row is never read past
}

// Writes a record's values alone, without its braces, keys or commas: each value's JSON text
// (as RowWriter writes it) after its length in bytes (AppendLength). A resource's row is kept in
// the database this way (PackResourceRow): its ~45 keys are the same in every row and were three fifths of its bytes,
// so a page of 30 rows now spans two or three file pages where it spanned four or five, and
// each file page read is a system call (docs/performance.md). RowWriter::Unpacked puts the keys
// back. Same method names as RowWriter, so the record functions below serve both.
class PackingWriter {
 public:
  explicit PackingWriter(std::string& out) : out_(out) {}

  void StartObject() {}
  void EndObject() {}
  void Key(const char*) {}
  void Null() { Packed("null", 4); }
  void Placeholder() { Packed(&kNamePlaceholder, 1); }
  void Int64(int64_t value) {
    char digits[24];
    char* end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    Packed(digits, static_cast<size_t>(end - digits));
  }
  void String(const char* text, rapidjson::SizeType size) {
    value_.Clear();
    RowWriter(value_).String(text, size);
    Packed(value_.data(), value_.size());
  }

 private:
  void Packed(const char* text, size_t size) {
    AppendLength(&out_, size);
    out_.append(text, size);
  }

  std::string& out_;
  TextBuffer value_;
};

// Records the keys a record is written with, in order (the value calls are ignored).
class KeyRecorder {
 public:
  void StartObject() {}
  void EndObject() {}
  void Key(const char* key) { keys.emplace_back(key); }
  void Null() {}
  void Placeholder() {}
  void Int64(int64_t) {}
  void String(const char*, rapidjson::SizeType) {}

  std::vector<std::string> keys;
};

template <typename W>
void Key(W& w, const char* key) { w.Key(key); }

template <typename W>
void Text(W& w, const Cell& cell) {
  if (!cell) {
    w.Null();
  } else {
    w.String(cell->data(), static_cast<rapidjson::SizeType>(cell->size()));
  }
}

template <typename W>
void Field(W& w, const char* key, const Cell& cell) {
  Key(w, key);
  Text(w, cell);
}

template <typename W>
void Number(W& w, const Cell& cell) {
  int64_t value = 0;
  if (!cell) {
    w.Null();
  } else if (ParseInt64(*cell, &value)) {
    w.Int64(value);
  } else {
    Text(w, cell);  // cannot happen for INTEGER columns; never write invalid JSON
  }
}

// Writes fields [from, to) of a record, as numbers or strings by the field table.
template <typename W, size_t N>
void Cells(W& w, const std::array<FieldSpec, N>& fields, const std::array<Cell, N>& cells,
           size_t from, size_t to) {
  for (size_t i = from; i < to && i < N; ++i) {
    Key(w, fields[i].name);
    if (fields[i].kind == FieldKind::kInteger) {
      Number(w, cells[i]);
    } else {
      Text(w, cells[i]);
    }
  }
}

// `code` is null for success.
void EnvelopeStart(JsonWriter& w, bool success, const char* code) {
  w.StartObject();
  Key(w, "success");
  w.Bool(success);
  Key(w, "fail");
  w.Bool(!success);
  Key(w, "code");
  if (code) {
    w.String(code);
  } else {
    w.Null();
  }
  Key(w, "data");
}

void EnvelopeEnd(JsonWriter& w, bool success, const std::string& msg) {
  Key(w, "msg");
  w.String(msg.data(), static_cast<rapidjson::SizeType>(msg.size()));
  Key(w, "failure");
  w.Bool(!success);
  w.EndObject();
}

void WriteRecord(RowWriter& w, const Order& order) {
  const auto& c = order.cells;
  w.StartObject();
  Cells(w, kOrderFields, c, 0, order::kFieldCount);
  Field(w, "belongSaleName", order.belong_sale_name);
  Field(w, "channelTypeName", names::ChannelType(c[order::kChannelType]));
  Field(w, "directConnectName", names::DirectConnect(c[order::kDirectConnect]));
  Field(w, "signTypeName", names::SignType(c[order::kSignType]));
  Field(w, "invoiceTypeName", names::InvoiceType(c[order::kInvoiceType]));
  Field(w, "isAuditName", names::IsAudit(c[order::kIsAudit]));
  Field(w, "stateName", names::OrderState(c[order::kState]));
  Field(w, "minimumGuaranteeName", names::MinimumGuarantee(c[order::kMinimumGuarantee]));
  Field(w, "extendSizeName", names::OrderExtendSize(c[order::kExtendSize]));
  Field(w, "demandState", order.demand_state);
  Field(w, "demandStateName", names::OrderDemandState(order.demand_state));
  w.EndObject();
}

// A resource's record from its cells; with `name_placeholder`, kNamePlaceholder stands for
// belongBusinessName's value (the packed row, which is kept before the name is known).
template <typename W>
void WriteResource(W& w, const Resource& resource, bool name_placeholder) {
  const auto& c = resource.cells;
  w.StartObject();
  Key(w, "orderBy");
  w.Null();
  Key(w, "rowNum");
  w.Null();
  // belongBusinessName sits right after belongBusiness in the seed.
  Cells(w, kResourceFields, c, 0, resource::kBelongBusiness + 1);
  Key(w, "belongBusinessName");
  if (name_placeholder) {
    w.Placeholder();
  } else {
    Text(w, resource.belong_business_name);
  }
  Cells(w, kResourceFields, c, resource::kBelongBusiness + 1, resource::kFieldCount);
  Field(w, "channelTypeName", names::ChannelType(c[resource::kChannelType]));
  Field(w, "directConnectName", names::DirectConnect(c[resource::kDirectConnect]));
  Field(w, "signTypeName", names::SignType(c[resource::kSignType]));
  Field(w, "extendSizeName", names::ResourceExtendSize(c[resource::kExtendSize]));
  Field(w, "minimumGuaranteeName", names::MinimumGuarantee(c[resource::kMinimumGuarantee]));
  Field(w, "isCreditName", names::IsCredit(c[resource::kIsCredit]));
  Field(w, "invoiceTypeName", names::InvoiceType(c[resource::kInvoiceType]));
  Field(w, "protocolTypeName", names::ProtocolType(c[resource::kProtocolType]));
  Field(w, "stateName", names::ResourceState(c[resource::kState]));
  w.EndObject();
}

// The text before each value of a resource's record, from {"orderBy": to ,"stateName": (taken
// from WriteResource itself, so the two cannot disagree), each in a slot of its own, copied whole.
struct KeyPrefix {
  static constexpr size_t kSlot = 32;
  char text[kSlot];
  size_t size;
};

const std::vector<KeyPrefix>& ResourceKeyPrefixes() {
  static const std::vector<KeyPrefix> prefixes = [] {
    KeyRecorder recorder;
    WriteResource(recorder, Resource{}, true);
    std::vector<KeyPrefix> out;
    for (const std::string& key : recorder.keys) {
      const std::string text = (out.empty() ? "{\"" : ",\"") + key + "\":";
      KeyPrefix prefix{};
      if (text.size() > KeyPrefix::kSlot) std::abort();  // a key of 28 characters or more: widen kSlot
      std::memcpy(prefix.text, text.data(), text.size());
      prefix.size = text.size();
      out.push_back(prefix);
    }
    return out;
  }();
  return prefixes;
}

bool AnyNeedsEscape(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return NeedsEscape(static_cast<unsigned char>(c)); });
}

// Copies `size` bytes in 16-byte pieces: up to 15 bytes past both ends are read and written, so
// both buffers need that much room (RowWriter::Unpacked's). A short copy is one instruction pair
// where memcpy of a size known only now is a call; a row is ~90 of them.
inline char* CopyPieces(char* to, const char* from, size_t size) {
  for (size_t done = 0; done < size; done += 16) std::memcpy(to + done, from + done, 16);
  return to + size;
}

void RowWriter::Unpacked(std::string_view packed, const Cell& name) {
  constexpr size_t kRoom = 16;
  const std::vector<KeyPrefix>& prefixes = ResourceKeyPrefixes();
  // The row is put together in `row` and appended at once; the packed row is read from a copy
  // in `source`. Room: in `row` a whole slot per key though keys are shorter (each slot is copied
  // whole) and kRoom more, in `source` kRoom past the row, for CopyPieces. A damaged row (fewer
  // values than keys) comes out with the rest of its values empty.
  thread_local std::vector<char> source, row;
  source.resize(packed.size() + kRoom);
  std::memcpy(source.data(), packed.data(), packed.size());
  const size_t name_size = name ? name->size() + 2 : 4;
  row.resize(prefixes.size() * KeyPrefix::kSlot + packed.size() + name_size + 2 + kRoom);
  const char* at = source.data();
  const char* const end = at + packed.size();
  char* out = row.data();
  if (comma_) *out++ = ',';
  for (const KeyPrefix& prefix : prefixes) {
    std::memcpy(out, prefix.text, KeyPrefix::kSlot);
    out += prefix.size;
    const size_t size = ReadLength(&at, end);
    if (size == 1 && *at == kNamePlaceholder) {
      if (!name) {
        std::memcpy(out, "null", 4);
        out += 4;
      } else if (!AnyNeedsEscape(*name)) {
        *out++ = '"';
        std::memcpy(out, name->data(), name->size());
        out += name->size();
        *out++ = '"';
      } else {
        out_.Append(row.data(), static_cast<size_t>(out - row.data()));
        comma_ = false;
        String(name->data(), static_cast<rapidjson::SizeType>(name->size()));
        out = row.data();
      }
    } else {
      out = CopyPieces(out, at, size);
    }
    at += size;
  }
  *out++ = '}';
  out_.Append(row.data(), static_cast<size_t>(out - row.data()));
  comma_ = true;
}

void WriteRecord(RowWriter& w, const Resource& resource) {
  if (resource.encoded_row) {
    w.Unpacked(*resource.encoded_row, resource.belong_business_name);
  } else {
    WriteResource(w, resource, false);
  }
}

// A demand as the original's entity: every field text, stateName right after state.
void WriteRecord(RowWriter& w, const Demand& demand) {
  const auto& c = demand.cells;
  w.StartObject();
  Cells(w, kDemandFields, c, 0, demand::kState + 1);
  Field(w, "stateName", names::DemandState(c[demand::kState]));
  Cells(w, kDemandFields, c, demand::kState + 1, demand::kFieldCount);
  w.EndObject();
}

void WriteRecord(RowWriter& w, const LoginEvent& event) {
  w.StartObject();
  Key(w, "id");
  w.Int64(event.id);
  Field(w, "login", event.login);
  Key(w, "staffId");
  if (event.staff_id) {
    w.Int64(*event.staff_id);
  } else {
    w.Null();
  }
  Field(w, "clientAddress", event.client_address);
  Field(w, "result", std::string(event.success ? "success" : "failure"));
  Field(w, "time", event.time);
  w.EndObject();
}

void WriteAccount(JsonWriter& w, const Account& account) {
  w.StartObject();
  Key(w, "id");
  w.Int64(account.id);
  Field(w, "name", account.name);
  Field(w, "login", account.login);
  Field(w, "role", account.role ? Cell(RoleName(*account.role)) : Cell());
  Key(w, "disabled");
  w.Bool(account.disabled);
  Key(w, "hasPassword");
  w.Bool(account.has_password);
  Field(w, "lastLogin", account.last_login);
  w.EndObject();
}

// The parts every history line shares, from "action" on (after the subject's own keys).
template <typename W>
void HistoryLine(W& w, const std::string& kind, const std::string& action, const Cell& from, const Cell& to) {
  Field(w, "action", action);
  Field(w, "actionName", ActionLabel(kind, action));
  Field(w, "fromState", from);
  Field(w, "fromStateName", StateLabel(kind, from));
  Field(w, "toState", to);
  Field(w, "toStateName", StateLabel(kind, to));
}

template <typename W>
void WhoAndWhen(W& w, const std::string& remark, const std::optional<int64_t>& operator_id, const Cell& operator_name,
                const std::string& time) {
  Field(w, "remark", remark);
  Key(w, "operatorId");
  if (operator_id) {
    w.Int64(*operator_id);
  } else {
    w.Null();
  }
  Field(w, "operatorName", operator_name);
  Field(w, "createTime", time);
}

void WriteRecord(RowWriter& w, const ActivityEntry& e) {
  w.StartObject();
  Field(w, "kind", e.kind);
  Field(w, "subjectId", e.subject_id);
  HistoryLine(w, e.kind, e.action, e.from_state, e.to_state);
  WhoAndWhen(w, e.remark, e.operator_id, e.operator_name, e.create_time);
  w.EndObject();
}

// Writes `record` as the next value of `w` (an array element or a member's value): an empty raw
// value makes the Writer emit the separator and count the value, then the record's bytes follow.
template <typename T>
void Record(JsonWriter& w, TextBuffer& buffer, const T& record) {
  w.RawValue("", 0, rapidjson::kObjectType);
  RowWriter row(buffer);
  WriteRecord(row, record);
}

// Each worker thread writes its replies into one buffer that keeps its capacity between
// requests; the reply then takes one copy of the text.
TextBuffer& ReusedBuffer() {
  thread_local TextBuffer buffer;
  buffer.Clear();
  return buffer;
}

std::string Take(TextBuffer& buffer) { return std::string(buffer.data(), buffer.size()); }

// A reply's envelope around the data `write_data(w, buffer)` writes (one JSON value).
template <typename WriteData>
std::string Envelope(bool success, const char* code, const std::string& msg, WriteData write_data) {
  TextBuffer& buffer = ReusedBuffer();
  JsonWriter w(buffer);
  EnvelopeStart(w, success, code);
  write_data(w, buffer);
  EnvelopeEnd(w, success, msg);
  return Take(buffer);
}

template <typename WriteData>
std::string Success(const std::string& msg, WriteData write_data) {
  return Envelope(true, nullptr, msg, write_data);
}

// The success envelope with one record as data, msg 查询成功！.
template <typename T>
std::string EncodeDetail(const T& record) {
  return Success("查询成功！", [&](JsonWriter& w, TextBuffer& buffer) {
    Record(w, buffer, record);
  });
}

}  // namespace

std::string EncodeSuccess(const std::string& msg) {
  return Success(msg, [](JsonWriter& w, TextBuffer&) { w.Null(); });
}

std::string EncodeRefusal(const char* code, const std::string& msg) {
  return Envelope(false, code, msg, [](JsonWriter& w, TextBuffer&) { w.Null(); });
}

std::string EncodeOrderDetail(const Order& order) { return EncodeDetail(order); }

std::string EncodeProgress(const std::vector<ProgressEntry>& entries) {
  return Success("查询成功！", [&](JsonWriter& w, TextBuffer&) {
    w.StartArray();
    for (const auto& e : entries) {
      Cell from = e.from_state ? Cell(std::to_string(*e.from_state)) : Cell();
      Cell to = std::to_string(e.to_state);
      w.StartObject();
      Field(w, "orderId", e.order_id);
      // `progress`: the state reached, or the order desk's own words for submit and edit.
      Key(w, "progress");
      if (e.action == "add") {
        w.String("提交订单");
      } else if (e.action == "edit") {
        w.String("编辑订单");
      } else {
        Text(w, names::OrderState(to));
      }
      Field(w, "action", e.action);
      Key(w, "fromState");
      Number(w, from);
      Field(w, "fromStateName", names::OrderState(from));
      Key(w, "toState");
      Number(w, to);
      Field(w, "toStateName", names::OrderState(to));
      Key(w, "resourceIds");
      w.StartArray();
      for (const auto& id : e.resource_ids) w.String(id.data(), static_cast<rapidjson::SizeType>(id.size()));
      w.EndArray();
      WhoAndWhen(w, e.remark, e.operator_id, e.operator_name, e.create_time);
      w.EndObject();
    }
    w.EndArray();
  });
}

std::string EncodeResourceDetail(const Resource& resource) { return EncodeDetail(resource); }

std::string PackResourceRow(const Resource& resource) {
  std::string packed;
  PackingWriter writer(packed);
  WriteResource(writer, resource, true);
  return packed;
}

std::string EncodeDemandDetail(const Demand& demand) { return EncodeDetail(demand); }

std::string EncodeSuccessWithId(const std::string& msg, const std::string& id) {
  return Success(msg, [&](JsonWriter& w, TextBuffer&) {
    w.String(id.data(), static_cast<rapidjson::SizeType>(id.size()));
  });
}

std::string EncodeStaff(const std::vector<Staff>& staff) {
  return Success("查询成功！", [&](JsonWriter& w, TextBuffer&) {
    w.StartArray();
    for (const auto& member : staff) {
      w.StartObject();
      Key(w, "id");
      w.Int64(member.id);
      Key(w, "name");
      w.String(member.name.data(), static_cast<rapidjson::SizeType>(member.name.size()));
      w.EndObject();
    }
    w.EndArray();
  });
}

std::string EncodeCandidates(const std::string& order_id, size_t considered, size_t eligible,
                             const std::vector<CandidateEntry>& candidates) {
  return Success("查询成功！", [&](JsonWriter& w, TextBuffer& buffer) {
    auto strings = [&w](const std::vector<std::string>& items) {
      w.StartArray();
      for (const auto& item : items) w.String(item.data(), static_cast<rapidjson::SizeType>(item.size()));
      w.EndArray();
    };
    w.StartObject();
    Field(w, "orderId", order_id);
    Key(w, "considered");
    w.Uint64(considered);
    Key(w, "eligible");
    w.Uint64(eligible);
    Key(w, "candidates");
    w.StartArray();
    for (const auto& candidate : candidates) {
      w.StartObject();
      Field(w, "resourceId", candidate.resource->cells[resource::kResourceId]);
      Key(w, "score");
      w.Int(candidate.score);
      Field(w, "marginRate", candidate.margin_rate);
      Key(w, "reasons");
      strings(candidate.reasons);
      Key(w, "gaps");
      strings(candidate.gaps);
      Key(w, "resource");
      Record(w, buffer, *candidate.resource);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  });
}

std::string EncodeOverview(const Overview& overview) {
  return Success("查询成功！", [&](JsonWriter& w, TextBuffer&) {
    auto by_state = [&w](const char* key, const std::vector<int64_t>& counts) {
      Key(w, key);
      w.StartObject();
      Key(w, "byState");
      w.StartObject();
      for (size_t state = 0; state < counts.size(); ++state) {
        w.Key(std::to_string(state).c_str());
        w.Int64(counts[state]);
      }
      w.EndObject();
      w.EndObject();
    };
    w.StartObject();
    by_state("orders", overview.orders_by_state);
    by_state("resources", overview.resources_by_state);
    Key(w, "openDemands");
    w.Int64(overview.open_demands);
    Key(w, "daily");
    w.StartArray();
    for (const auto& day : overview.daily) {
      w.StartObject();
      Field(w, "date", day.date);
      Key(w, "added");
      w.Int64(day.added);
      Key(w, "matched");
      w.Int64(day.matched);
      w.EndObject();
    }
    w.EndArray();
    Key(w, "medianHoursToMatch");
    if (overview.median_hours_to_match) {
      w.Double(std::round(*overview.median_hours_to_match * 100) / 100);
    } else {
      w.Null();
    }
    w.EndObject();
  });
}

std::string EncodeResourceHistory(const std::vector<HistoryEntry>& entries) {
  return Success("查询成功！", [&](JsonWriter& w, TextBuffer&) {
    w.StartArray();
    for (const HistoryEntry& e : entries) {
      w.StartObject();
      Field(w, "resourceId", e.subject_id);
      HistoryLine(w, e.kind, e.action, e.from_state, e.to_state);
      Key(w, "changes");
      w.StartArray();
      for (const FieldChange& change : e.changes) {
        w.StartObject();
        Field(w, "field", change.field);
        Field(w, "from", change.from);
        Field(w, "to", change.to);
        w.EndObject();
      }
      w.EndArray();
      WhoAndWhen(w, e.remark, e.operator_id, e.operator_name, e.create_time);
      w.EndObject();
    }
    w.EndArray();
  });
}

std::string EncodeIdentity(const Principal& principal, const std::string& msg) {
  return Success(msg, [&](JsonWriter& w, TextBuffer&) {
    w.StartObject();
    const bool staff = principal.caller == Caller::kStaff;
    Key(w, "id");
    if (staff) {
      w.Int64(principal.staff_id);
    } else {
      w.Null();
    }
    Field(w, "name", staff ? Cell(principal.name) : Cell());
    Field(w, "login", staff ? Cell(principal.login) : Cell());
    Cell role;
    if (staff) role = RoleName(principal.role);
    if (principal.caller == Caller::kService) role = RoleName(Role::kAdmin);
    Field(w, "role", role);
    if (principal.caller == Caller::kOpen) Field(w, "mode", Cell("open"));
    w.EndObject();
  });
}

std::string EncodeAccount(const Account& account, const std::string& msg) {
  return Success(msg, [&](JsonWriter& w, TextBuffer&) {
    WriteAccount(w, account);
  });
}

std::string EncodeAccounts(const std::vector<Account>& accounts) {
  return Success("查询成功！", [&](JsonWriter& w, TextBuffer&) {
    w.StartArray();
    for (const Account& account : accounts) WriteAccount(w, account);
    w.EndArray();
  });
}

struct PageEncoder::Impl {
  TextBuffer buffer;
  JsonWriter writer{buffer};
};

PageEncoder::PageEncoder() : impl_(std::make_unique<Impl>()) {}
PageEncoder::~PageEncoder() = default;

void PageEncoder::Begin(int64_t page_no, int64_t page_size, int64_t total_record,
                        const std::vector<EchoParam>& echo) {
  JsonWriter& w = impl_->writer;
  w.StartObject();
  Key(w, "pageNo");
  w.Int64(page_no);
  Key(w, "pageSize");
  w.Int64(page_size);
  Key(w, "totalRecord");
  w.Int64(total_record);
  Key(w, "totalPage");
  // ceil(total / size) without overflowing for huge page sizes.
  w.Int64(total_record / page_size + (total_record % page_size != 0 ? 1 : 0));
  Key(w, "params");
  w.StartObject();
  for (const auto& param : echo) {
    Key(w, param.name);
    if (param.number) {
      Number(w, param.value);
    } else {
      Text(w, param.value);
    }
  }
  w.EndObject();
  Key(w, "data");
  w.StartArray();
}

void PageEncoder::Row(const Resource& resource) { Record(impl_->writer, impl_->buffer, resource); }
void PageEncoder::Row(const Order& order) { Record(impl_->writer, impl_->buffer, order); }
void PageEncoder::Row(const Demand& demand) { Record(impl_->writer, impl_->buffer, demand); }
void PageEncoder::Row(const LoginEvent& event) { Record(impl_->writer, impl_->buffer, event); }
void PageEncoder::Row(const ActivityEntry& entry) { Record(impl_->writer, impl_->buffer, entry); }

void PageEncoder::End() {
  JsonWriter& w = impl_->writer;
  w.EndArray();
  Key(w, "otherData");
  w.Null();
  Key(w, "totalOtherData");
  w.Null();
  Key(w, "orderByClause");
  w.Null();
  w.EndObject();
}

const char* PageEncoder::data() const { return impl_->buffer.data(); }
size_t PageEncoder::size() const { return impl_->buffer.size(); }
void PageEncoder::ClearBuffer() { impl_->buffer.Clear(); }
std::string PageEncoder::TakeText() { return impl_->buffer.Take(); }
void PageEncoder::Reserve(size_t bytes) { impl_->buffer.Reserve(bytes); }

}  // namespace jsms
