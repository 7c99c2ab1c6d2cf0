// Reading JSON request bodies into parameters, with RapidJSON's SAX reader: iterative (no
// recursion, so 200,000 '[' cannot overflow the stack), validating UTF-8, and refusing any
// nesting a request never needs before it is built.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/status.h"

namespace jsms {

// Appends the members of a JSON object body as (name, value) pairs: strings as they are, numbers
// as their literal text, null as absent, for resourceIds an array of strings or numbers as
// repeated pairs, and for disabled a boolean as "true" or "false". Any other shape (not an
// object, nested objects, other booleans, deep nesting, invalid UTF-8) fails with kInvalidParam
// naming the parameter.
Status ParseJsonObjectParams(std::string_view body, std::vector<std::pair<std::string, std::string>>* out);

// A JSON array of strings or numbers (numbers as their literal text), e.g. "[\"T1\",\"T2\"]".
Status ParseJsonStringArray(std::string_view text, std::vector<std::string>* out);

}  // namespace jsms
