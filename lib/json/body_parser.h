// Reading JSON request bodies into parameters, with RapidJSON's SAX reader: iterative (no
// recursion, so 200,000 '[' cannot overflow the stack), validating UTF-8, and refusing any
// nesting a request never needs before it is built.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/status.h"

namespace jsms {

class Params;

// See ParseJsonBody in http/params.h.
Status ParseJsonObjectParams(std::string_view body, Params* out);

// A JSON array of strings or numbers (numbers as their literal text), e.g. "[\"T1\",\"T2\"]".
Status ParseJsonStringArray(std::string_view text, std::vector<std::string>* out);

}  // namespace jsms
