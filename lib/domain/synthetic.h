// A deterministic, believable synthetic data set for load tests and benchmarks
// (`jsms-ops seed --orders N --resources M`, issue 4). Pure: no I/O, no clock; the same options
// always give the same records, byte for byte.
//
// Shape of the set:
//  - staff: 12 people (sales 101–104, procurement/business 201–204, operations 301–304);
//  - orders "D" + 8 digits from D00000000, resources "T" + 8 digits from T00000000, demands
//    "X" + 8 digits from X00000000;
//  - order states: the first nine orders take states 0..8 (so every state is present whenever
//    N >= 9); the rest are drawn: 0 待配单 57%, 1 待匹配 4%, 2 待审批 1%, 3 退单 10%, 4 撤单 20%,
//    5 匹配成功 3%, 6 寻资源 2%, 7/8 待审核 2%/1%;
//  - resource states: the first four resources take "0".."3", the rest are drawn uniformly, so
//    roughly a quarter in each;
//  - links: every order in state 1, 2, 5, 7 or 8 (about 11%) is linked to 1–5 distinct resources;
//    orders in 5 (匹配成功) only to resources in state "1" 已接入 (when there are any);
//  - demands: every order in state 6 has one in state "0" 寻资源; about 1 in 50 orders in state 0
//    has an answered one ("1" 已供应 or "2" 无资源), about 1 in 50 in state 4 one in "3" 撤单;
//  - no progress entries (the store has no fixture path for them).
#pragma once

#include <cstdint>

#include "domain/fixture.h"

namespace jsms {

struct SyntheticOptions {
  int64_t orders = 0;     // >= 0, at most 100,000,000 (8 digits)
  int64_t resources = 0;  // >= 0, at most 100,000,000
  uint64_t seed = 20170621;
};

// Largest count the 8-digit ids allow.
constexpr int64_t kMaxSyntheticRecords = 100000000;

// The data set for `options` (counts outside 0..kMaxSyntheticRecords are clamped).
FixtureSet MakeSyntheticFixtures(const SyntheticOptions& options);

}  // namespace jsms
