// Reading fixture files (spec §5) into a FixtureSet, validating every record: unknown keys, wrong
// JSON types, missing or malformed ids, malformed times. Errors name the source, the record and
// the key, e.g. `demo.json: orders[3] (D000120170621): key "belongSale": expected an integer or null`.
#pragma once

#include <string>
#include <string_view>

#include "fixtures/fixture_set.h"
#include "domain/status.h"

namespace jsms {

// Parses one fixture text and appends its records to `out`. `source` names it in messages.
// `now` fills omitted createTime/updateTime. On failure `out` may hold part of the records:
// callers load nothing unless every file parsed.
Status ParseFixture(std::string_view text, const std::string& source, const std::string& now, FixtureSet* out);

}  // namespace jsms
