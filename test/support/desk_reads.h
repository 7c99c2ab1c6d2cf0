// Requests to a TestServer, and reading its state back through the API: what the desk tests use
// to show that an action did what it says (and a refusal nothing).
#pragma once

#include <httplib.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "support/http_checks.h"
#include "support/test_server.h"

namespace jsms::test::support {

httplib::Result Get(TestServer& server, const std::string& target, const httplib::Headers& headers = {});
httplib::Result PostForm(TestServer& server, const std::string& target, const std::string& body,
                         const httplib::Headers& headers = {});
httplib::Result PostJson(TestServer& server, const std::string& target, const std::string& body,
                         const httplib::Headers& headers = {});
httplib::Headers Operator(const std::string& id);  // X-Operator-Id

// The order detail's data object (compact JSON, or parsed), and its state.
std::string OrderData(TestServer& server, const std::string& id);
rapidjson::Document OrderDoc(TestServer& server, const std::string& id);
int OrderState(TestServer& server, const std::string& id);

// A page reply (status 200, the page's keys in order, the fixed nulls); returns the document.
rapidjson::Document Page(const Reply& reply);
void CheckPageHead(const rapidjson::Document& page, int64_t page_no, int64_t page_size, int64_t total,
                   int64_t total_page, const std::string& params);
// The string `key` of every row of a page.
std::vector<std::string> Column(const rapidjson::Document& page, const char* key);

// The order's linked resource ids, through the resource page (sorted by id).
std::vector<std::string> Linked(TestServer& server, const std::string& order_id);

rapidjson::Document ResourceDoc(TestServer& server, const std::string& id);
std::string ResourceState(TestServer& server, const std::string& id);
rapidjson::Document DemandOf(TestServer& server, const std::string& order_id);

// The progress entries of an order (the data array; each entry's keys checked), and one member
// of each entry as text (strings as they are, anything else as JSON).
rapidjson::Document ProgressDoc(TestServer& server, const std::string& order_id);
std::vector<std::string> ProgressColumn(TestServer& server, const std::string& order_id, const char* key);

// A form a desk must refuse, and the refusal it gets (see CheckRefusal).
struct Refused {
  std::string form;
  int status;
  std::string code;
  std::vector<std::string> parts = {};
  std::string operator_id = "";  // X-Operator-Id, when not empty
};

// Posts each form to `target` and checks its refusal.
void CheckRefused(TestServer& server, const std::string& target, const std::vector<Refused>& refused);

// Posts `body` to an add route (`target`), checks the success and the new id's shape (`prefix`,
// a 4-digit sequence, today) and returns the id.
std::string AddRecord(TestServer& server, const std::string& target, char prefix, const std::string& body,
                      const httplib::Headers& headers = {});

// Today as YYYYMMDD.
std::string Today();

// Checks `id` is prefix + 4 digits + a day of today (either side of the request: `day_before`
// or now) and returns its sequence number.
int CheckNewId(const std::string& id, char prefix, const std::string& day_before);

}  // namespace jsms::test::support
