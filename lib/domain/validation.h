// Which values a field of a new or edited order or resource may take (spec §3's code tables).
// Pure. Free-text fields take any text; code fields only their table's codes.
#pragma once

#include <string>

#include "domain/records.h"
#include "domain/status.h"

namespace jsms {

// Ok when `value` is acceptable for the order field; otherwise a message naming the field and
// what it takes ("参数channelType无效（取值0三网合一,1移动,…，可逗号分隔多个）").
Status CheckOrderField(order::Field field, const std::string& value);
Status CheckResourceField(resource::Field field, const std::string& value);

}  // namespace jsms
