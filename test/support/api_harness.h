// The Api over a seeded store in a temporary directory, called directly: no socket, no transport.
#pragma once

#include <memory>
#include <string>

#include "http/api.h"
#include "http/auth.h"
#include "http/request.h"
#include "store/store.h"
#include "support/fixtures.h"
#include "support/http_checks.h"

namespace jsms::test::support {

// A request as the transport hands it in, from `client_address`: `target` is a path with an
// optional query string, whose pairs are %-decoded ('+' as a space) without any other check, as
// cpp-httplib decodes them.
ApiRequest MakeRequest(const std::string& method, const std::string& target, const NameValues& headers = {},
                       const std::string& client_address = "127.0.0.1");
// A POST of the form `form` to `target`.
ApiRequest MakeFormPost(const std::string& target, const std::string& form, NameValues headers = {},
                        const std::string& client_address = "127.0.0.1");

class ApiHarness {
 public:
  explicit ApiHarness(const std::string& fixture_json = kSeedFixture, AuthOptions auth = {});

  Api& api() { return *api_; }
  const Api& api() const { return *api_; }
  Store& store() { return *store_; }
  std::string db_path() const { return dir_.File("ops.db"); }

  ApiReply Handle(const ApiRequest& request) const { return api_->Handle(request); }
  ApiReply Get(const std::string& target, const NameValues& headers = {}) const;
  ApiReply Post(const std::string& target, const std::string& body, const std::string& content_type = kForm,
                NameValues headers = {}) const;
  // A multipart/form-data POST, its parts already split as the transport splits them.
  ApiReply PostParts(const std::string& target, const NameValues& parts, NameValues headers = {}) const;

 private:
  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Api> api_;
};

}  // namespace jsms::test::support
