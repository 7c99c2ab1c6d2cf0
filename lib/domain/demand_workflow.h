// The life of a demand (发起需求 raises one for procurement), spec §4. Pure.
#pragma once

#include <string>
#include <vector>

#include "domain/records.h"
#include "domain/status.h"

namespace jsms {

// Demand states: text codes, as the original's entity.
inline constexpr const char* kDemandSeeking = "0";    // 寻资源: open, waiting for procurement
inline constexpr const char* kDemandSupplied = "1";   // 已供应: answered with resources
inline constexpr const char* kDemandNoSource = "2";   // 无资源: answered without
inline constexpr const char* kDemandCancelled = "3";  // 撤单: its order was withdrawn

// Procurement's answer to a demand.
enum class DemandAnswer {
  kSupplied,  // 已供应: with at least one resource; the order goes back to 待配单 linked to them
  kNoSource,  // 无资源: the order goes back to 待配单 with no links
};

const char* DemandAnswerTarget(DemandAnswer answer);

// The progress word of an answer, written on the order's progress entry ("hasres", "nores").
const char* DemandAnswerWord(DemandAnswer answer);

// Before anything is read: kInvalidParam when 已供应 names no resource.
Status CheckDemandAnswerRequest(DemandAnswer answer, const std::vector<std::string>& resource_ids);

// Ok when a demand in `state` may be answered (only 寻资源); otherwise kStateConflict.
Status CheckDemandAnswer(const std::string& demand_id, const Cell& state);

// The state an order's demand takes when the order is withdrawn (撤单): an open demand becomes
// 撤单; an answered one keeps its answer. Returns nullptr when the demand does not change.
const char* DemandStateOnOrderCancelled(const Cell& state);

}  // namespace jsms
