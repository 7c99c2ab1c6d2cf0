// GET /stats/overview (console.md): the console's overview figures, counted from the records and
// the progress log.
#include <catch2/catch.hpp>

#include <ctime>
#include <string>
#include <vector>

#include "support.h"
#include "util/clock.h"

namespace jsms::test {

using namespace support;
namespace {

// Local time `hours_ago` hours before now, as the contract's timestamps are written.
std::string HoursAgo(int hours_ago) {
  std::time_t then = std::time(nullptr) - hours_ago * 3600;
  std::tm local{};
  localtime_r(&then, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

std::string Order(const std::string& id, int state, int sale, const std::string& created) {
  return OrderJson({id, state, "某某", sale, created, created});
}

// Orders: two in 待配单 created 10 hours ago (sale 149 and 150), one in 寻资源 with an open demand
// (sale 149), one 匹配成功 long ago (no progress entry: it counts by state only). Resources: one
// per state 0..2, two in 3.
std::string Fixture() {
  return R"({"staff":[{"id":149,"name":"abc"},{"id":150,"name":"def"}],"orders":[)" +
         Join({Order("D1", 0, 149, HoursAgo(10)), Order("D2", 0, 150, HoursAgo(10)), Order("D3", 6, 149, kOldTime),
               Order("D4", 5, 150, kOldTime)}) +
         R"(],"resources":[)" +
         Join({ResourceJson("T0", "0"), ResourceJson("T1", "1"), ResourceJson("T2", "2"), ResourceJson("T3", "3"),
               ResourceJson("T4", "3")}) +
         R"(],"demands":[)" + DemandJson("X1", "D3", "0", kOldTime) + "]}";
}

std::string Counts(const rapidjson::Value& by_state) {
  std::string out;
  for (const auto& member : by_state.GetObject()) {
    out += std::string(member.name.GetString()) + "=" + std::to_string(member.value.GetInt64()) + " ";
  }
  return out;
}

TEST_CASE("stats: the overview counts orders and resources by state, open demands, and per day", "[stats]") {
  TestServer server(Fixture());
  // Today: one order added (a new one) and two matched (D1, created 10 hours ago, and the new one).
  const std::string new_id = AddRecord(
      server, "/demandOrder/add", 'D', "companyName=甲&belongSale=149&smsType=验证码&channelType=1&salePrice=0.05");
  for (const std::string& id : {std::string("D1"), new_id}) {
    CheckOk(PostForm(server, "/peidan/pipeichenggong", "orderId=" + id + "&resourceIds=T1"));
  }

  rapidjson::Document data = ParseJson(SuccessData(Get(server, "/stats/overview"), "查询成功！"));
  // D2 in 0; D3 in 6; D4, D1 and the new order in 5.
  CHECK(Counts(data["orders"]["byState"]) == "0=1 1=0 2=0 3=0 4=0 5=3 6=1 7=0 8=0 ");
  CHECK(Counts(data["resources"]["byState"]) == "0=1 1=1 2=1 3=2 ");
  CHECK(data["openDemands"].GetInt64() == 1);

  const auto& daily = data["daily"];
  REQUIRE(daily.Size() == 30);
  std::string today = NowTimestamp().substr(0, 10);
  const auto& last = daily[29];
  CHECK(std::string(last["date"].GetString()) == today);
  // D1 and D2 were created 10 hours ago: today or yesterday, depending on the hour.
  std::string ten_hours_ago = HoursAgo(10).substr(0, 10);
  int64_t added_total = 0, matched_today = last["matched"].GetInt64();
  for (const auto& day : daily.GetArray()) {
    added_total += day["added"].GetInt64();
    if (std::string(day["date"].GetString()) == ten_hours_ago && ten_hours_ago != today) {
      CHECK(day["added"].GetInt64() == 2);
    }
  }
  CHECK(added_total == 3);
  CHECK(matched_today == 2);
  // Oldest first, one entry per day.
  for (rapidjson::SizeType i = 1; i < daily.Size(); ++i) {
    CHECK(std::string(daily[i - 1]["date"].GetString()) < std::string(daily[i]["date"].GetString()));
  }
  // Hours to match: about 10 for D1 and about 0 for the new order: the median is about 5.
  REQUIRE(data["medianHoursToMatch"].IsNumber());
  CHECK(data["medianHoursToMatch"].GetDouble() == Approx(5.0).margin(0.1));
}

TEST_CASE("stats: with nothing matched through the log the median is null", "[stats]") {
  TestServer server(Fixture());
  rapidjson::Document data = ParseJson(SuccessData(Get(server, "/stats/overview"), "查询成功！"));
  CHECK(data["medianHoursToMatch"].IsNull());
  CHECK(data["daily"][29]["matched"].GetInt64() == 0);
}

}  // namespace
}  // namespace jsms::test
