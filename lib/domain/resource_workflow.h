// The life of a resource (spec §3): 待接入 → 已接入 by 上线, any state → 撤销 by 撤销. Pure.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/records.h"
#include "domain/status.h"

namespace jsms {

// Resource states: text codes, as every resource field in the original.
inline constexpr const char* kResourceWaiting = "0";    // 待接入
inline constexpr const char* kResourceOnline = "1";     // 已接入: the only state an order can be matched to
inline constexpr const char* kResourceApproving = "2";  // 待审批
inline constexpr const char* kResourceRepealed = "3";   // 撤销

// The moves of the resource desk.
enum class ResourceMove {
  kOnline,  // 上线: 待接入 or 待审批 -> 已接入
  kRepeal,  // 撤销: any state -> 撤销, as the original's plain update did (orders keep their links)
};

bool IsResourceOnline(const Cell& state);

// The state a new resource starts in: 已接入 when it has no online date, else 待接入 (as the
// original, which took a resource without a planned date as already connected).
const char* InitialResourceState(const Cell& online_date);

// The state `move` leads to.
const char* ResourceMoveTarget(ResourceMove move);

// How the rules below see the store: a resource's state, or nullopt when there is no such resource.
using ResourceLookup = std::function<std::optional<Cell>(const std::string& resource_id)>;

// kResourceNotFound listing every id `lookup` does not find.
Status CheckResourcesExist(const std::vector<std::string>& resource_ids, const ResourceLookup& lookup);

// Then kResourceNotReady listing every id that is not 已接入 (what an order is matched to).
Status CheckResourcesOnline(const std::vector<std::string>& resource_ids, const ResourceLookup& lookup);

// Ok when a resource in `from` (a code, possibly unknown or null) may take `move`; otherwise
// kStateConflict naming the resource and both states.
Status CheckResourceMove(const std::string& resource_id, const Cell& from, ResourceMove move);

}  // namespace jsms
