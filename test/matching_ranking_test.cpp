// The matching assistant's pure part (docs: assistant.md): ranking candidates, keeping the best, and the Matcher over a feed of resources. The base order and resource
// every case starts from: support/matching.h.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "domain/matching.h"
#include "support.h"

namespace jsms::test {

using namespace support;
using matching::MarginRate;
using matching::Ranked;

TEST_CASE("matching: ranking: score desc, rate desc with none last, resourceId asc",
          "[matching]") {
  MarginRate high{100, 20};  // 0.8
  MarginRate low{100, 60};   // 0.4
  MarginRate low_too{50, 30};  // 0.4 as well
  CHECK(matching::RanksBefore(Ranked{"T9", 90, std::nullopt}, Ranked{"T1", 80, high}));
  CHECK(matching::RanksBefore(Ranked{"T9", 80, high}, Ranked{"T1", 80, low}));
  CHECK(matching::RanksBefore(Ranked{"T9", 80, low}, Ranked{"T1", 80, std::nullopt}));
  CHECK(matching::RanksBefore(Ranked{"T1", 80, low_too}, Ranked{"T2", 80, low}));
  CHECK(matching::RanksBefore(Ranked{"T1", 80, low}, Ranked{"T2", 80, low_too}));
  CHECK(matching::RanksBefore(Ranked{"T1", 80, std::nullopt}, Ranked{"T2", 80, std::nullopt}));
  CHECK(matching::RanksBefore(Ranked{"T10", 80, low}, Ranked{"T9", 80, low}));  // byte order
  // Strict: nothing ranks before itself.
  CHECK_FALSE(matching::RanksBefore(Ranked{"T1", 80, low}, Ranked{"T1", 80, low_too}));
}

TEST_CASE("matching: TopRanked keeps the best limit, best first, whatever the offer order",
          "[matching]") {
  // Few distinct scores and rates so every tie-break is exercised.
  std::vector<Ranked> all;
  for (int i = 0; i < 2000; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "T%04d", (i * 7919) % 2000);
    std::optional<MarginRate> rate;
    if (i % 5 != 0) rate = MarginRate{100, (i % 7) * 10};
    all.push_back(Ranked{id, (i % 3) * 10, rate, static_cast<size_t>(i)});
  }
  std::vector<Ranked> sorted = all;
  std::sort(sorted.begin(), sorted.end(), matching::RanksBefore);

  std::mt19937 random(12345);
  for (size_t limit : {size_t{0}, size_t{1}, size_t{20}, size_t{1000}, size_t{5000}}) {
    INFO("limit " << limit);
    std::shuffle(all.begin(), all.end(), random);
    matching::TopRanked top(limit);
    for (const Ranked& r : all) top.Offer(r.resource_id, r.score, r.margin_rate, r.position);
    std::vector<Ranked> best = top.TakeBest();
    REQUIRE(best.size() == std::min(limit, sorted.size()));
    for (size_t k = 0; k < best.size(); ++k) {
      CHECK(best[k].resource_id == sorted[k].resource_id);
      CHECK(best[k].position == sorted[k].position);
    }
  }
}

TEST_CASE("matching: Matcher counts considered and eligible and keeps the best", "[matching]") {
  Order o = BaseOrder();
  std::vector<Resource> feed;
  auto add = [&](const char* id, const char* state, const char* purchase, const char* channels) {
    Resource r = BaseResource(id);
    r.cells[resource::kState] = state;
    r.cells[resource::kPurchasePrice] = purchase;
    r.cells[resource::kChannelType] = channels;
    feed.push_back(r);
  };
  add("T5", "1", "0.02", "0");      // 100, rate 0.6
  add("T4", "1", "0.01", "4");      // 100, rate 0.8
  add("T3", "1", "0.04", "0");      // 40 + 24 = 64
  add("T2", "1", "0.02", "1");      // no 电信/联通: considered, not eligible
  add("T1", "0", "0.01", "0");      // 待接入: only with includeNotReady
  add("T0", "3", "0.00", "0");      // 撤销: never
  add("T6", "1", "面议", "0");      // 40, no rate
  add("T7", "2", "0.02", "0");      // 待审批: only with includeNotReady; ties T5, id after

  matching::Matcher ready(o, false, 3);
  for (const Resource& r : feed) ready.Consider(r);
  CHECK(ready.considered() == 5);
  CHECK(ready.eligible() == 4);
  std::vector<Ranked> best = ready.TakeBest();
  REQUIRE(best.size() == 3);
  CHECK(best[0].resource_id == "T4");
  CHECK(best[0].position == 1);
  CHECK(best[0].score == 100);
  CHECK(matching::FormatMarginRate(*best[0].margin_rate) == "0.8000");
  CHECK(best[1].resource_id == "T5");
  CHECK(best[2].resource_id == "T3");
  CHECK(best[2].score == 64);

  matching::Matcher all(o, true, 10);
  for (const Resource& r : feed) all.Consider(r);
  CHECK(all.considered() == 7);
  CHECK(all.eligible() == 6);
  std::vector<std::string> ids;
  for (const Ranked& r : all.TakeBest()) ids.push_back(r.resource_id);
  CHECK(ids == Strings{"T1", "T4", "T5", "T7", "T3", "T6"});
}

}  // namespace jsms::test
