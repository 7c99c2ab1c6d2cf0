// format=csv on the three lists (operations.md): the download's headers, the BOM, the Chinese
// header row, each record's cells against the same list in JSON (names beside codes), RFC 4180
// quoting, the formula-injection guard, filters and paging, GET and POST, streaming.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "csv/csv.h"
#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";

using Row = std::vector<std::string>;

// Parses RFC 4180 text strictly: every record ends in CRLF, a quoted field may hold anything
// (quotes doubled), an unquoted one no quote, CR or LF.
std::vector<Row> ParseCsv(const std::string& text) {
  std::vector<Row> rows;
  Row row;
  std::string cell;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      while (true) {
        INFO("an unterminated quoted cell at byte " << i);
        REQUIRE(i < text.size());
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        cell.push_back(text[i++]);
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        INFO("a quote inside an unquoted cell at byte " << i);
        REQUIRE(text[i] != '"');
        cell.push_back(text[i++]);
      }
    }
    INFO("byte " << i);
    REQUIRE(i < text.size());  // the last record ends in CRLF too
    if (text[i] == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      ++i;
      continue;
    }
    REQUIRE(text.compare(i, 2, "\r\n") == 0);  // CRLF, never a bare LF or CR
    row.push_back(std::move(cell));
    cell.clear();
    rows.push_back(std::move(row));
    row.clear();
    i += 2;
  }
  return rows;
}

// What a cell should hold: the JSON value as text (null empty), with the formula guard.
std::string Expected(const rapidjson::Value& value) {
  std::string text;
  if (value.IsString()) {
    text = value.GetString();
  } else if (value.IsInt64()) {
    text = std::to_string(value.GetInt64());
  } else {
    REQUIRE(value.IsNull());
  }
  if (!text.empty() && std::string("=+-@\t\r").find(text[0]) != std::string::npos) text = "'" + text;
  return text;
}

// A list's columns in order: the CSV header's titles, and the JSON key of each column's cells.
struct Columns {
  std::vector<std::string> titles, keys;
};

// Both lists comma-separated, as a header row is written (CheckAgainstJson checks they pair up).
Columns MakeColumns(const std::string& titles, const std::string& keys) { return Columns{Split(titles), Split(keys)}; }

const Columns kOrderColumns = MakeColumns(
    "订单号,客户名称,所属行业,归属销售ID,归属销售,发送类型,预计量(条/月),是否保底代码,是否保底,通道类型代码,"
    "通道类型,是否直连代码,是否直连,扩展位代码,扩展位,速率,签名代码,签名,发送内容模板,结算方式,销售价格(元/条),"
    "发票代码,发票,要求上线时间,是否需要上级审核代码,是否需要上级审核,订单状态代码,订单状态,备注,审批人ID,"
    "提交人ID,创建时间,修改时间,需求状态代码,需求状态",
    "orderId,companyName,industryType,belongSale,belongSaleName,smsType,expectNumber,minimumGuarantee,"
    "minimumGuaranteeName,channelType,channelTypeName,directConnect,directConnectName,extendSize,"
    "extendSizeName,rate,signType,signTypeName,contentTemplate,payType,salePrice,invoiceType,"
    "invoiceTypeName,onlineDate,isAudit,isAuditName,state,stateName,remark,auditorId,operatorId,"
    "createTime,updateTime,demandState,demandStateName");

const Columns kResourceColumns = MakeColumns(
    "资源编号,通道号,通道类型代码,通道类型,发送类型,发送内容属性,归属商务ID,归属商务,是否直连代码,是否直连,"
    "扩展位代码,扩展位,签名代码,签名,采购价格(元/条),速率,是否保底代码,是否保底,是否授信代码,是否授信,结算方式,"
    "发票代码,发票,接入IP,接入协议代码,接入协议,供应商,联系人,手机号码,是否需要上级审核,待接入时间,资源状态代码,"
    "资源状态,备注,审批人ID,提交人ID,提交时间,修改时间",
    "resourceId,channelId,channelType,channelTypeName,smsType,contentProp,belongBusiness,"
    "belongBusinessName,directConnect,directConnectName,extendSize,extendSizeName,signType,signTypeName,"
    "purchasePrice,rate,minimumGuarantee,minimumGuaranteeName,isCredit,isCreditName,payType,invoiceType,"
    "invoiceTypeName,mtIp,protocolType,protocolTypeName,supplier,contact,mobile,isAudit,onlineDate,state,"
    "stateName,remark,auditorId,operatorId,createTime,updateTime");

const Columns kDemandColumns = MakeColumns(
    "需求编号,订单号,所属行业,发送类型,预计量(条/月),是否保底代码,通道类型代码,是否直连代码,扩展位代码,速率,"
    "签名代码,发送内容模板,销售价格(元/条),要求上线时间,需求状态代码,需求状态,备注,提交人ID,需求发起时间,"
    "修改时间",
    "demandId,orderId,industryType,smsType,expectNumber,minimumGuarantee,channelType,directConnect,"
    "extendSize,rate,signType,contentTemplate,salePrice,onlineDate,state,stateName,remark,operatorId,"
    "createTime,updateTime");

// The rows of `csv_body` against the records of `json_body` (the same list as JSON): the header
// row is exactly the titles, every JSON field has its column (none dropped), every cell is the
// field's value.
void CheckAgainstJson(const std::string& csv_body, const std::string& json_body, const Columns& columns) {
  REQUIRE(columns.titles.size() == columns.keys.size());
  REQUIRE(csv_body.compare(0, 3, kBom) == 0);
  std::vector<Row> rows = ParseCsv(csv_body.substr(3));
  REQUIRE_FALSE(rows.empty());
  CHECK(rows[0] == columns.titles);
  rapidjson::Document page = ParseJson(json_body);
  const rapidjson::Value& records = page["data"];
  REQUIRE(rows.size() == records.Size() + 1);
  for (rapidjson::SizeType r = 0; r < records.Size(); ++r) {
    const rapidjson::Value& record = records[r];
    for (auto m = record.MemberBegin(); m != record.MemberEnd(); ++m) {
      std::string key = m->name.GetString();
      if (key == "orderBy" || key == "rowNum") continue;  // always null in the original's rows
      INFO("JSON field without a column: " << key);
      CHECK(std::find(columns.keys.begin(), columns.keys.end(), key) != columns.keys.end());
    }
    const Row& row = rows[r + 1];
    REQUIRE(row.size() == columns.keys.size());
    for (size_t c = 0; c < columns.keys.size(); ++c) {
      INFO("row " << r + 1 << ", column " << columns.titles[c]);
      CHECK(row[c] == Expected(record[columns.keys[c].c_str()]));
    }
  }
}

// The seed fixture's staff, order and resources, plus a resource whose every text field tries
// something, an order and a demand likewise, and `extra` plain resources.
std::string Fixture(int extra = 0) {
  std::string resources = ResourceJson("T000000TRICKY", "1");
  // The tricky values, replacing the ordinary ones field by field.
  auto set = [&resources](const std::string& key, const std::string& json_value) {
    size_t at = resources.find("\"" + key + "\":");
    REQUIRE(at != std::string::npos);
    size_t start = at + key.size() + 3;
    size_t end = resources.find("\",\"", start);
    if (end == std::string::npos) end = resources.find("\"}", start);
    resources.replace(start, end + 1 - start, json_value);
  };
  set("supplier", R"J("a,b")J");
  set("contact", R"J("he said \"hi\"")J");
  set("remark", R"J("line1\nline2\r\nline3")J");
  set("mobile", R"J("=cmd|' /C calc'!A0")J");
  set("mtIp", R"J("+1")J");
  set("rate", R"J("-2")J");
  set("contentProp", R"J("@SUM(1)")J");
  set("purchasePrice", R"J("\tx")J");
  set("payType", R"J("\rcr")J");
  set("channelType", R"J("1,2")J");
  for (int i = 0; i < extra; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "T1%07d", i);
    resources += "," + ResourceJson(id, i % 2 ? "1" : "0");
  }
  std::string fixture = kSeedFixture;
  fixture.replace(fixture.find("\"resources\": ["), 14, "\"resources\": [" + resources + ",");
  fixture.replace(fixture.find("\"orders\": ["), 11,
                  R"J("orders": [{"orderId":"D000220170621","companyName":"=HYPERLINK(\"x\")","belongSale":60,)J"
                  R"J("channelType":"1,2,3","signType":"0,1","remark":"逗号,和\"引号\"","state":6},)J");
  fixture.pop_back();  // the closing brace
  fixture += R"J(,"links":[{"orderId":"D000120170621","resourceId":"T000000TRICKY"}],)J"
             R"J("demands":[{"demandId":"X000120170621","orderId":"D000220170621","channelType":"1,2",)J"
             R"J("state":"0","remark":"-负数开头","salePrice":"统一价:0.1"}]})J";
  return fixture;
}

}  // namespace

TEST_CASE("csv: the resource list downloads with a BOM and Chinese titles and names beside codes for every field", "[csv]") {
  TestServer server(Fixture());
  auto client = server.Client();
  auto csv = client.Get("/order/resource/query?format=csv");
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=UTF-8");
  CHECK(csv->get_header_value("Content-Disposition") == "attachment; filename=\"resources-" + Today() + ".csv\"");
  auto json = client.Post("/order/resource/query", "rows=100000", kForm);
  REQUIRE(json);
  CheckAgainstJson(csv->body, json->body, kResourceColumns);
}

TEST_CASE("csv: cells are quoted by RFC 4180 and guarded against formulas", "[csv]") {
  TestServer server(Fixture());
  auto client = server.Client();
  auto csv = client.Get("/order/resource/query?format=csv&state=1");
  REQUIRE(csv);
  const std::string& body = csv->body;
  // As bytes: quoted where a comma, quote or line break is inside; quotes doubled; CRLF rows.
  CHECK(body.find(",\"a,b\",") != std::string::npos);
  CHECK(body.find(",\"he said \"\"hi\"\"\",") != std::string::npos);
  CHECK(body.find(",\"line1\nline2\r\nline3\",") != std::string::npos);
  CHECK(body.find(",'=cmd|' /C calc'!A0,") != std::string::npos);
  CHECK(body.find(",\"1,2\",\",移动,电信\",") != std::string::npos);  // the code, then its name as in JSON
  std::vector<Row> rows = ParseCsv(body.substr(3));
  const Row* tricky = nullptr;
  for (const Row& row : rows) {
    if (row[0] == "T000000TRICKY") tricky = &row;
  }
  REQUIRE(tricky);
  auto cell = [&](const char* title) {
    const std::vector<std::string>& titles = kResourceColumns.titles;
    size_t c = std::find(titles.begin(), titles.end(), title) - titles.begin();
    INFO("column " << title);
    REQUIRE(c < titles.size());
    return (*tricky)[c];
  };
  const std::vector<std::pair<const char*, std::string>> tricky_cells = {
      {"供应商", "a,b"}, {"联系人", "he said \"hi\""}, {"备注", "line1\nline2\r\nline3"},
      {"手机号码", "'=cmd|' /C calc'!A0"}, {"接入IP", "'+1"}, {"速率", "'-2"}, {"发送内容属性", "'@SUM(1)"},
      {"采购价格(元/条)", "'\tx"}, {"结算方式", "'\rcr"}, {"通道类型代码", "1,2"}, {"通道类型", ",移动,电信"},
      {"资源状态", "已接入"}};
  for (const auto& [title, expected] : tricky_cells) {
    INFO(title);
    CHECK(cell(title) == expected);
  }

  // The encoder on its own.
  struct Case {
    std::string value, cell;
  };
  for (const Case& c : {Case{"plain", "plain"}, Case{"", ""}, Case{"a,b", "\"a,b\""}, Case{"x\"y", "\"x\"\"y\""},
                        Case{"a\nb", "\"a\nb\""}, Case{"=1+2", "'=1+2"}, Case{"=a,b", "\"'=a,b\""},
                        Case{"-", "'-"}, Case{"@x", "'@x"}, Case{"\t", "'\t"}, Case{"\r\n", "\"'\r\n\""},
                        Case{"1-2", "1-2"}, Case{"中文", "中文"}}) {
    std::string out;
    AppendCsvCell(c.value, &out);
    INFO("value: " << c.value);
    CHECK(out == c.cell);
  }
}

TEST_CASE("csv: the list's filters and rows and page apply and a GET link gives the same file as a POST", "[csv]") {
  TestServer server(Fixture(40));
  auto client = server.Client();
  for (const std::string& query : {"state=1", "state=0", "orderId=D000120170621", "rows=7&page=3", "rows=5",
                                   "page=2", "state=1&rows=3&page=2"}) {
    INFO(query);
    auto get = client.Get(("/order/resource/query?format=csv&" + query).c_str());
    auto post = client.Post("/order/resource/query", "format=csv&" + query, kForm);
    bool paged = query.find("rows") != std::string::npos || query.find("page") != std::string::npos;
    auto json = client.Post("/order/resource/query", paged ? query : query + "&rows=100000", kForm);
    REQUIRE(get);
    REQUIRE(post);
    REQUIRE(json);
    CHECK(get->status == 200);
    CHECK(get->body == post->body);
    CheckAgainstJson(get->body, json->body, kResourceColumns);
  }
  auto everything = client.Get("/order/resource/query?format=csv");
  REQUIRE(everything);
  CHECK(ParseCsv(everything->body.substr(3)).size() == 1 + 3 + 40);  // header, seed + tricky, extra
  auto past_end = client.Get("/order/resource/query?format=csv&rows=30&page=9");
  REQUIRE(past_end);
  CHECK(ParseCsv(past_end->body.substr(3)).size() == 1);  // the header alone
}

TEST_CASE("csv: the whole list is streamed in chunks", "[csv]") {
  TestServer server(Fixture(1500));
  auto client = server.Client();
  auto csv = client.Get("/order/resource/query?format=csv");
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK_FALSE(csv->has_header("Content-Length"));
  CHECK(csv->get_header_value("Transfer-Encoding") == "chunked");
  CHECK(csv->get_header_value("Content-Disposition") == "attachment; filename=\"resources-" + Today() + ".csv\"");
  auto json = client.Post("/order/resource/query", "rows=100000", kForm);
  REQUIRE(json);
  CheckAgainstJson(csv->body, json->body, kResourceColumns);
  // A small page is one body.
  auto page = client.Get("/order/resource/query?format=csv&rows=10");
  REQUIRE(page);
  CHECK(page->has_header("Content-Length"));
}

TEST_CASE("csv: the order list and the demand list download the same way", "[csv]") {
  TestServer server(Fixture());
  auto client = server.Client();
  for (const std::string& query : {"", "&state=6", "&companyName=HYPER", "&rows=1&page=2"}) {
    INFO("orders" << query);
    auto csv = client.Get(("/demandOrder/list?format=csv" + query).c_str());
    REQUIRE(csv);
    CHECK(csv->status == 200);
    CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=UTF-8");
    CHECK(csv->get_header_value("Content-Disposition") == "attachment; filename=\"orders-" + Today() + ".csv\"");
    bool paged = query.find("rows") != std::string::npos;
    auto json = client.Post("/demandOrder/list", (paged ? "format=json" : "rows=1000") + query, kForm);
    REQUIRE(json);
    CheckAgainstJson(csv->body, json->body, kOrderColumns);
  }
  auto orders = client.Get("/demandOrder/list?format=csv");
  REQUIRE(orders);
  CHECK(orders->body.find(",'=HYPERLINK(\"\"x\"\"),") == std::string::npos);  // quoted: it holds quotes
  CHECK(orders->body.find(",\"'=HYPERLINK(\"\"x\"\")\",") != std::string::npos);
  CHECK(orders->body.find(",\"1,2,3\",\",移动,电信,联通\",") != std::string::npos);

  for (const std::string& query : {"", "&state=0", "&orderId=D000220170621", "&state=1"}) {
    INFO("demands" << query);
    auto csv = client.Get(("/order/resource/demand/list?format=csv" + query).c_str());
    REQUIRE(csv);
    CHECK(csv->status == 200);
    CHECK(csv->get_header_value("Content-Disposition") == "attachment; filename=\"demands-" + Today() + ".csv\"");
    auto json = client.Post("/order/resource/demand/list", "rows=1000" + query, kForm);
    REQUIRE(json);
    CheckAgainstJson(csv->body, json->body, kDemandColumns);
  }
  auto demands = client.Get("/order/resource/demand/list?format=csv");
  REQUIRE(demands);
  CHECK(demands->body.find(",'-负数开头,") != std::string::npos);
}

TEST_CASE("csv: an unknown format or a bad filter is refused as for JSON", "[csv]") {
  TestServer server(Fixture());
  auto client = server.Client();
  for (const char* path : {"/order/resource/query?format=xml", "/demandOrder/list?format=CSV",
                           "/order/resource/demand/list?format=xlsx"}) {
    INFO(path);
    CheckRefusal(Get(server, path), 400, "INVALID_PARAM", {"format"});
  }
  auto bad_rows = client.Get("/order/resource/query?format=csv&rows=0");
  REQUIRE(bad_rows);
  CHECK(bad_rows->status == 400);
  CHECK(bad_rows->get_header_value("Content-Type") == "application/json;charset=UTF-8");
  // format=json (or empty) is the JSON page, as without it.
  auto json = client.Get("/order/resource/query?format=json&rows=1");
  auto plain = client.Get("/order/resource/query?rows=1");
  REQUIRE(json);
  REQUIRE(plain);
  CHECK(json->body == plain->body);
}

}  // namespace jsms::test
