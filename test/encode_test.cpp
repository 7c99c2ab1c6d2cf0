// The JSON encoder: records are written by hand (RowWriter) for speed, so check its escaping and
// separators against what the contract (and rapidjson's Writer) writes.
#include <catch2/catch.hpp>

#include <string>

#include "domain/records.h"
#include "json/encode.h"

namespace jsms {
namespace {

Resource ResourceWithRemark(const std::string& remark) {
  Resource resource;
  resource.cells[resource::kResourceId] = "T1";
  resource.cells[resource::kState] = "1";
  resource.cells[resource::kRemark] = remark;
  return resource;
}

std::string PageOf(const std::vector<Resource>& rows) {
  PageEncoder page;
  page.Begin(1, 30, static_cast<int64_t>(rows.size()), {});
  for (const auto& row : rows) page.Row(row);
  page.End();
  return std::string(page.data(), page.size());
}

TEST_CASE("encode: strings are escaped as JSON requires and UTF-8 is written as is", "[encode]") {
  std::string json = PageOf({ResourceWithRemark("a\"b\\c\nd\te\x01/中文")});
  CHECK(json.find(R"("remark":"a\"b\\c\nd\te\u0001/中文")") != std::string::npos);
}

TEST_CASE("encode: a page's rows are separated by commas and nulls are written as null", "[encode]") {
  std::string json = PageOf({ResourceWithRemark("x"), ResourceWithRemark("y")});
  CHECK(json.rfind(R"({"pageNo":1,"pageSize":30,"totalRecord":2,"totalPage":1,"params":{},"data":[{"orderBy":null,"rowNum":null,"resourceId":"T1","channelId":null,)", 0) == 0);
  CHECK(json.find(R"("stateName":"已接入"},{"orderBy":null,)") != std::string::npos);
  const std::string tail = R"("stateName":"已接入"}],"otherData":null,"totalOtherData":null,"orderByClause":null})";
  REQUIRE(json.size() > tail.size());
  CHECK(json.substr(json.size() - tail.size()) == tail);
}

TEST_CASE("encode: an empty page has an empty data array", "[encode]") {
  CHECK(PageOf({}) == R"({"pageNo":1,"pageSize":30,"totalRecord":0,"totalPage":0,"params":{},"data":[],"otherData":null,"totalOtherData":null,"orderByClause":null})");
}

TEST_CASE("encode: the order detail puts integers as numbers inside the envelope", "[encode]") {
  Order order;
  order.cells[order::kOrderId] = "D1";
  order.cells[order::kBelongSale] = "149";
  order.cells[order::kState] = "6";
  order.demand_state = "0";
  std::string json = EncodeOrderDetail(order);
  CHECK(json.rfind(R"({"success":true,"fail":false,"code":null,"data":{"orderId":"D1","companyName":null,"industryType":null,"belongSale":149,)", 0) == 0);
  CHECK(json.find(R"("stateName":"寻资源","minimumGuaranteeName":null,"extendSizeName":null,"demandState":"0","demandStateName":"寻资源"},"msg":"查询成功！","failure":false})") != std::string::npos);
}

}  // namespace
}  // namespace jsms
