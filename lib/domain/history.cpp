#include "domain/history.h"

#include "domain/names.h"

namespace jsms {

std::vector<FieldChange> ResourceChanges(const std::array<Cell, resource::kFieldCount>& before,
                                         const std::array<Cell, resource::kFieldCount>& after) {
  std::vector<FieldChange> changes;
  for (size_t i = 0; i < resource::kFieldCount; ++i) {
    if (i == resource::kResourceId || i == resource::kState || i == resource::kOperatorId ||
        i == resource::kCreateTime || i == resource::kUpdateTime || before[i] == after[i]) {
      continue;
    }
    changes.push_back(FieldChange{kResourceFields[i].name, before[i], after[i]});
  }
  return changes;
}

std::string ActionLabel(const std::string& kind, const std::string& action) {
  struct Row {
    const char* kind;
    const char* action;
    const char* label;
  };
  static constexpr Row kLabels[] = {
      {"order", "add", "提交订单"},        {"order", "edit", "编辑订单"},     {"order", "daipipei", "待匹配"},
      {"order", "pipeichenggong", "匹配成功"}, {"order", "huitui", "回退"},    {"order", "faqixuqiu", "发起需求"},
      {"order", "chedan", "撤单"},          {"order", "hasres", "已供应"},     {"order", "nores", "无资源"},
      {"resource", "add", "新建资源"},      {"resource", "edit", "编辑资源"},  {"resource", "online", "上线"},
      {"resource", "repeal", "撤销"},       {"demand", "hasres", "已供应"},    {"demand", "nores", "无资源"},
  };
  for (const Row& row : kLabels) {
    if (kind == row.kind && action == row.action) return row.label;
  }
  return action;
}

Cell StateLabel(const std::string& kind, const Cell& state) {
  if (kind == "order") return names::OrderState(state);
  if (kind == "resource") return names::ResourceState(state);
  if (kind == "demand") return names::DemandState(state);
  return std::nullopt;
}

}  // namespace jsms
