// Codes and their names (spec §3): the derived `…Name` fields of orders, resources and demands.
//
// Every function is pure and cheap (switches over small fixed tables); none allocates unless it
// returns text. A null code gives a null name; an unknown single-valued code gives a null name.
#pragma once

#include <optional>
#include <string>

#include "domain/records.h"

namespace jsms::names {

// Multi-valued fields (comma-separated codes): ","+label per known code in the given order,
// unknown codes add nothing ("0" -> ",三网合一", "122" -> "").
Cell ChannelType(const Cell& codes);
Cell SignType(const Cell& codes);

Cell DirectConnect(const Cell& code);       // 0 直连, 1 第三方
Cell OrderExtendSize(const Cell& code);     // 0 无特殊要求, n 要求n位
Cell ResourceExtendSize(const Cell& code);  // 0 不支持, n 支持n位
Cell MinimumGuarantee(const Cell& code);    // "0" 不承诺保底, "n" n万条/月
Cell IsCredit(const Cell& code);            // "0" 否, "n" n万条/月
Cell InvoiceType(const Cell& code);         // 0 不要票, 1 专票, 2 普票
Cell IsAudit(const Cell& code);             // 0 否, 1 是
Cell ProtocolType(const Cell& code);        // 0 HTTP, 1 CMPP, 2 SMGP, 3 SGIP, 4 SMPP
Cell OrderState(const Cell& code);          // 0 待配单 … 8 待审核
Cell ResourceState(const Cell& code);       // 0 待接入, 1 已接入, 2 待审批, 3 撤销
Cell DemandState(const Cell& code);         // "0" 寻资源, "1" 已供应, "2" 无资源, "3" 撤单

// An order's demandStateName: like DemandState, but an order with no demand shows "——".
Cell OrderDemandState(const Cell& code);

// The label of an order state for messages ("待配单"); "状态n" for a state outside the table.
std::string OrderStateLabel(int state);

}  // namespace jsms::names
