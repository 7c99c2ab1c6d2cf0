#include "json/fixture_parser.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>

#include "domain/dates.h"
#include "domain/text.h"

namespace jsms {

namespace {

// Fixtures nest three levels ({"orders":[{…}]}); anything deeper is refused before a DOM is
// built, since RapidJSON frees a DOM recursively and a hostile file could exhaust the stack.
constexpr int kMaxDepth = 8;

bool NestingWithin(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

class RecordReader {
 public:
  RecordReader(const std::string& where, const rapidjson::Value& object) : where_(where), object_(object) {}

  Status Error(const char* key, const std::string& problem) const {
    return Status::InvalidParam(where_ + ": key \"" + key + "\": " + problem);
  }

  // Every key must be one of `allowed` (a null-terminated-name table accessor).
  template <typename IsKnown>
  Status CheckKeys(IsKnown is_known) const {
    for (auto it = object_.MemberBegin(); it != object_.MemberEnd(); ++it) {
      std::string key(it->name.GetString(), it->name.GetStringLength());
      if (!is_known(key)) return Status::InvalidParam(where_ + ": key \"" + key + "\": unknown key");
    }
    return Status::Ok();
  }

  const rapidjson::Value* Find(const char* key) const {
    auto it = object_.FindMember(key);
    return it == object_.MemberEnd() ? nullptr : &it->value;
  }

  Status Text(const char* key, Cell* out) const {
    const rapidjson::Value* value = Find(key);
    out->reset();
    if (!value || value->IsNull()) return Status::Ok();
    if (!value->IsString()) return Error(key, "expected a string or null");
    *out = std::string(value->GetString(), value->GetStringLength());
    return Status::Ok();
  }

  Status Integer(const char* key, Cell* out) const {
    const rapidjson::Value* value = Find(key);
    out->reset();
    if (!value || value->IsNull()) return Status::Ok();
    if (!value->IsInt64()) return Error(key, "expected an integer or null");
    *out = std::to_string(value->GetInt64());
    return Status::Ok();
  }

 private:
  const std::string& where_;
  const rapidjson::Value& object_;
};

std::string Label(const std::string& source, const char* list, size_t index, const rapidjson::Value& record,
                  const char* id_key) {
  std::string label = source + ": " + list + "[" + std::to_string(index) + "]";
  if (record.IsObject()) {
    auto it = record.FindMember(id_key);
    if (it != record.MemberEnd() && it->value.IsString()) {
      label += std::string(" (") + it->value.GetString() + ")";
    } else if (it != record.MemberEnd() && it->value.IsInt64()) {
      label += " (" + std::to_string(it->value.GetInt64()) + ")";
    }
  }
  return label;
}

// Reads a record whose fields are described by `fields`, checking the id and the time formats.
template <size_t N>
Status ReadRecord(const RecordReader& reader, const std::array<FieldSpec, N>& fields, const std::string& now,
                  std::array<Cell, N>* cells) {
  Status keys = reader.CheckKeys([&](const std::string& key) {
    for (const auto& field : fields) {
      if (key == field.name) return true;
    }
    return false;
  });
  if (!keys.ok()) return keys;
  for (size_t i = 0; i < N; ++i) {
    const FieldSpec& field = fields[i];
    Status read = field.kind == FieldKind::kInteger ? reader.Integer(field.name, &(*cells)[i])
                                                     : reader.Text(field.name, &(*cells)[i]);
    if (!read.ok()) return read;
    const Cell& cell = (*cells)[i];
    std::string_view name = field.name;
    if (i == 0 && (!cell || !IsValidId(*cell))) {
      return reader.Error(field.name, "required id (1 to 64 printable characters, no '/')");
    }
    if (name == "createTime" || name == "updateTime") {
      if (!cell) {
        (*cells)[i] = now;
      } else if (!IsTimestamp(*cell)) {
        return reader.Error(field.name, "expected \"YYYY-MM-DD HH:MM:SS\"");
      }
    }
    if (name == "onlineDate" && cell && !IsDate(*cell)) {
      return reader.Error(field.name, "expected \"YYYY-MM-DD\"");
    }
  }
  return Status::Ok();
}

Status ReadStaff(const RecordReader& reader, Staff* out) {
  Status keys = reader.CheckKeys([](const std::string& key) { return key == "id" || key == "name"; });
  if (!keys.ok()) return keys;
  const rapidjson::Value* id = reader.Find("id");
  if (!id || !id->IsInt64() || id->GetInt64() < 1) return reader.Error("id", "required positive integer");
  const rapidjson::Value* name = reader.Find("name");
  if (!name || !name->IsString()) return reader.Error("name", "required string");
  out->id = id->GetInt64();
  out->name.assign(name->GetString(), name->GetStringLength());
  return Status::Ok();
}

Status ReadLink(const RecordReader& reader, Link* out) {
  Status keys = reader.CheckKeys([](const std::string& key) { return key == "orderId" || key == "resourceId"; });
  if (!keys.ok()) return keys;
  Cell order_id, resource_id;
  for (auto [key, cell] : {std::pair{"orderId", &order_id}, std::pair{"resourceId", &resource_id}}) {
    Status read = reader.Text(key, cell);
    if (!read.ok()) return read;
    if (!*cell || !IsValidId(**cell)) return reader.Error(key, "required id (1 to 64 printable characters, no '/')");
  }
  out->order_id = *order_id;
  out->resource_id = *resource_id;
  return Status::Ok();
}

}  // namespace

Status ParseFixture(std::string_view text, const std::string& source, const std::string& now, FixtureSet* out) {
  if (!NestingWithin(text, kMaxDepth)) {
    return Status::InvalidParam(source + ": nested deeper than a fixture can be");
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    // Line and column (1-based, in bytes) of the error, as an editor shows them.
    size_t offset = std::min(doc.GetErrorOffset(), text.size());
    size_t line = 1, line_start = 0;
    for (size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    return Status::InvalidParam(source + ": not valid JSON at line " + std::to_string(line) + ", column " +
                                std::to_string(offset - line_start + 1) + ": " +
                                rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) return Status::InvalidParam(source + ": expected a JSON object at the top");
  static const char* const kLists[] = {"staff", "orders", "resources", "links", "demands"};
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
    std::string key(it->name.GetString(), it->name.GetStringLength());
    bool known = false;
    for (const char* list : kLists) known = known || key == list;
    if (!known) return Status::InvalidParam(source + ": key \"" + key + "\": unknown key");
    if (!it->value.IsArray()) return Status::InvalidParam(source + ": key \"" + key + "\": expected an array");
  }

  auto each = [&](const char* list, const char* id_key, auto read) -> Status {
    auto found = doc.FindMember(list);
    if (found == doc.MemberEnd()) return Status::Ok();
    const auto& records = found->value.GetArray();
    for (rapidjson::SizeType i = 0; i < records.Size(); ++i) {
      std::string where = Label(source, list, i, records[i], id_key);
      if (!records[i].IsObject()) return Status::InvalidParam(where + ": expected an object");
      Status status = read(RecordReader(where, records[i]), where);
      if (!status.ok()) return status;
    }
    return Status::Ok();
  };

  Status status = each("staff", "id", [&](const RecordReader& reader, const std::string&) {
    Staff staff;
    Status read = ReadStaff(reader, &staff);
    if (read.ok()) out->staff.push_back(std::move(staff));
    return read;
  });
  if (!status.ok()) return status;

  status = each("orders", "orderId", [&](const RecordReader& reader, const std::string&) {
    Order order;
    Status read = ReadRecord(reader, kOrderFields, now, &order.cells);
    if (!read.ok()) return read;
    // An order always has a state; a fixture that leaves it out means a new order, 待配单.
    if (!order.cells[order::kState]) order.cells[order::kState] = "0";
    int64_t state = 0;
    ParseInt64(*order.cells[order::kState], &state);
    if (state < 0 || state > 8) return reader.Error("state", "expected an order state from 0 to 8");
    out->orders.push_back(std::move(order));
    return Status::Ok();
  });
  if (!status.ok()) return status;

  status = each("resources", "resourceId", [&](const RecordReader& reader, const std::string&) {
    Resource resource;
    Status read = ReadRecord(reader, kResourceFields, now, &resource.cells);
    if (!read.ok()) return read;
    // Omitted (null) is allowed as for any field; a given state must be one of the four.
    const Cell& state = resource.cells[resource::kState];
    if (state && (state->size() != 1 || (*state)[0] < '0' || (*state)[0] > '3')) {
      return reader.Error("state", "expected a resource state \"0\" to \"3\"");
    }
    out->resources.push_back(std::move(resource));
    return Status::Ok();
  });
  if (!status.ok()) return status;

  status = each("links", "orderId", [&](const RecordReader& reader, const std::string& where) {
    FixtureLink link;
    Status read = ReadLink(reader, &link.link);
    link.origin = where;
    if (read.ok()) out->links.push_back(std::move(link));
    return read;
  });
  if (!status.ok()) return status;

  return each("demands", "demandId", [&](const RecordReader& reader, const std::string& where) {
    FixtureDemand demand;
    Status read = ReadRecord(reader, kDemandFields, now, &demand.demand.cells);
    if (!read.ok()) return read;
    Cell& order_id = demand.demand.cells[demand::kOrderId];
    if (!order_id || !IsValidId(*order_id)) return reader.Error("orderId", "required id (1 to 64 printable characters, no '/')");
    if (!demand.demand.cells[demand::kState]) demand.demand.cells[demand::kState] = "0";
    demand.origin = where;
    out->demands.push_back(std::move(demand));
    return Status::Ok();
  });
}

}  // namespace jsms
