// One order's walk through every state the API reaches, across the desks (order, 配单, demand),
// and another's from add to 撤单: each step read back through the API, the whole life on the
// progress log.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support.h"
#include "support/desk_fixture.h"

namespace jsms::test {

using namespace support;
namespace {

using namespace desk;
using Strings = std::vector<std::string>;

TEST_CASE("desks: one order walks every state the API reaches and another is cancelled", "[desks]") {
  TestServer server(Fixture());
  const httplib::Headers op = Operator("60");

  // curl -d 'companyName=…' /demandOrder/add
  std::string id = AddRecord(server, "/demandOrder/add", 'D',
                             "companyName=Walk&belongSale=149&smsType=S&channelType=0&salePrice=0.1", op);
  CHECK(OrderState(server, id) == 0);

  CheckOk(PostForm(server, "/peidan/daipipei", "orderId=" + id + "&resourceIds=" + T1 + "&remark=r1", op));
  CHECK(OrderState(server, id) == 1);
  CHECK(Linked(server, id) == Strings{T1});

  CheckOk(PostForm(server, "/peidan/huitui", "orderId=" + id + "&remark=r2", op));
  CHECK(OrderState(server, id) == 3);
  CHECK(Linked(server, id).empty());

  std::string seen = Str(OrderDoc(server, id), "updateTime");
  CheckOk(PostJson(server, "/demandOrder/edit",
                   R"({"orderId":")" + id + R"(","updateTime":")" + seen + R"(","salePrice":"0.2","remark":"r3"})",
                   op));
  rapidjson::Document edited = OrderDoc(server, id);
  CHECK(edited["state"].GetInt() == 0);
  CHECK(Str(edited, "salePrice") == "0.2");

  CheckOk(PostForm(server, "/peidan/faqixuqiu", "orderId=" + id + "&remark=r4", op));
  CHECK(OrderState(server, id) == 6);
  rapidjson::Document first = DemandOf(server, id);
  std::string first_id = Str(first, "demandId");
  CheckNewId(first_id, 'X', Today());
  CHECK(first_id.substr(0, 5) == "X0000");  // demands count from 0000
  CHECK(Str(first, "state") == "0");
  CHECK(Str(first, "salePrice") == "0.2");
  CHECK(Str(first, "remark") == "r4");
  CHECK(Str(OrderDoc(server, id), "demandState") == "0");

  CheckOk(PostForm(server, "/order/resource/demand/nores", "demandId=" + first_id + "&remark=r5", op));
  CHECK(OrderState(server, id) == 0);
  CHECK(Str(OrderDoc(server, id), "demandState") == "2");

  CheckOk(PostForm(server, "/peidan/faqixuqiu", "orderId=" + id + "&remark=r6", op));
  CHECK(OrderState(server, id) == 6);
  std::string second_id = Str(DemandOf(server, id), "demandId");
  CHECK(second_id != first_id);
  CHECK(second_id.substr(0, 5) == "X0001");
  // The new demand replaces the earlier one.
  CHECK(Column(Page(PostForm(server, "/order/resource/demand/list", "orderId=" + id)), "demandId") ==
        Strings{second_id});

  CheckOk(PostJson(server, "/order/resource/demand/hasres/save",
                   R"({"demandId":")" + second_id + R"(","resourceIds":[")" + T1 + R"("],"remark":"r7"})", op));
  CHECK(OrderState(server, id) == 0);
  CHECK(Str(OrderDoc(server, id), "demandState") == "1");
  CHECK(Linked(server, id) == Strings{T1});

  CheckOk(PostForm(server, "/peidan/pipeichenggong", "orderId=" + id + "&resourceIds=" + T1 + "&remark=r8", op));
  rapidjson::Document matched = OrderDoc(server, id);
  CHECK(matched["state"].GetInt() == 5);
  CHECK(Str(matched, "stateName") == "匹配成功");
  CHECK(Str(matched, "remark") == "r8");
  CHECK(Linked(server, id) == Strings{T1});

  // Final: nothing moves it any more.
  CheckRefusal(PostForm(server, "/demandOrder/chedan", "orderId=" + id), 200, "STATE_CONFLICT", {id});
  CheckRefusal(PostForm(server, "/demandOrder/edit", "orderId=" + id), 200, "STATE_CONFLICT", {id});
  CheckRefusal(PostForm(server, "/peidan/huitui", "orderId=" + id), 200, "STATE_CONFLICT", {id});

  CHECK(ProgressColumn(server, id, "action") ==
        Strings{"add", "daipipei", "huitui", "edit", "faqixuqiu", "nores", "faqixuqiu", "hasres", "pipeichenggong"});
  CHECK(ProgressColumn(server, id, "progress") ==
        Strings{"提交订单", "待匹配", "退单", "编辑订单", "寻资源", "待配单", "寻资源", "待配单", "匹配成功"});
  CHECK(ProgressColumn(server, id, "fromState") == Strings{"null", "0", "1", "3", "0", "6", "0", "6", "0"});
  CHECK(ProgressColumn(server, id, "toState") == Strings{"0", "1", "3", "0", "6", "0", "6", "0", "5"});
  CHECK(ProgressColumn(server, id, "remark") == Strings{"", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"});
  CHECK(ProgressColumn(server, id, "resourceIds") ==
        Strings{"[]", "[\"" + T1 + "\"]", "[]", "[]", "[]", "[]", "[]", "[\"" + T1 + "\"]", "[\"" + T1 + "\"]"});
  CHECK(ProgressColumn(server, id, "operatorName") == Strings(9, "张伟"));

  // Another order: add, then 撤单.
  std::string other = AddRecord(server, "/demandOrder/add", 'D',
                                "companyName=Gone&belongSale=150&smsType=S&channelType=1&salePrice=0.1", op);
  CHECK(other != id);
  CheckOk(PostForm(server, "/demandOrder/chedan", "orderId=" + other, op));
  CHECK(OrderState(server, other) == 4);
  CHECK(ProgressColumn(server, other, "action") == Strings{"add", "chedan"});
  CHECK(ProgressColumn(server, other, "progress") == Strings{"提交订单", "撤单"});
  CHECK(Column(Page(PostForm(server, "/demandOrder/list", "state=4")), "orderId") == Strings{other});
  CHECK(Column(Page(PostForm(server, "/demandOrder/list", "state=5")), "orderId") == Strings{id, D4});
}

}  // namespace
}  // namespace jsms::test
