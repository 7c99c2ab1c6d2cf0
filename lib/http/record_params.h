// Reading the fields of an order or a resource from request parameters (the desks' add and edit).
#pragma once

#include "domain/records.h"
#include "domain/status.h"
#include "http/params.h"

namespace jsms {

// The order fields a request may set: all but orderId, state, remark (the action's remark),
// operatorId (X-Operator-Id), createTime and updateTime. A field sent empty becomes null; a field
// not sent stays unset. Codes are checked against spec §3's tables; integer fields must be
// integers; text is at most 500 characters.
Status ReadOrderPatch(const Params& params, OrderPatch* out);

// Fails naming the first of companyName, belongSale, smsType, channelType, salePrice that a new
// order lacks (`require_all`), or that an edit would clear (`!require_all`).
Status CheckRequiredOrderFields(const OrderPatch& patch, bool require_all);

// The resource fields a request may set: all but resourceId, state, createTime and updateTime.
Status ReadResourcePatch(const Params& params, ResourcePatch* out);

}  // namespace jsms
