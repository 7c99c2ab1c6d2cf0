#include "support/api_harness.h"

#include <cstdlib>

namespace jsms::test::support {

namespace {

std::string Decode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size()) {
      out.push_back(static_cast<char>(std::strtol(text.substr(i + 1, 2).c_str(), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

ApiRequest MakeRequest(const std::string& method, const std::string& target, const NameValues& headers,
                       const std::string& client_address) {
  ApiRequest request;
  request.method = method;
  request.headers = headers;
  request.client_address = client_address;
  size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question == std::string::npos) return request;
  std::string query = target.substr(question + 1);
  for (size_t start = 0; start <= query.size();) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string pair = query.substr(start, end - start);
    size_t equals = pair.find('=');
    if (!pair.empty()) {
      request.query.emplace_back(Decode(pair.substr(0, equals)),
                                 equals == std::string::npos ? "" : Decode(pair.substr(equals + 1)));
    }
    start = end + 1;
  }
  return request;
}

ApiRequest MakeFormPost(const std::string& target, const std::string& form, NameValues headers,
                        const std::string& client_address) {
  headers.emplace_back("Content-Type", kForm);
  ApiRequest request = MakeRequest("POST", target, headers, client_address);
  request.body = form;
  return request;
}

ApiHarness::ApiHarness(const std::string& fixture_json, AuthOptions auth) {
  store_ = OpenSeededStore(dir_, fixture_json);
  api_ = std::make_unique<Api>(store_.get(), std::move(auth));
}

ApiReply ApiHarness::Get(const std::string& target, const NameValues& headers) const {
  return api_->Handle(MakeRequest("GET", target, headers));
}

ApiReply ApiHarness::Post(const std::string& target, const std::string& body, const std::string& content_type,
                          NameValues headers) const {
  headers.emplace_back("Content-Type", content_type);
  ApiRequest request = MakeRequest("POST", target, headers);
  request.body = body;
  return api_->Handle(request);
}

ApiReply ApiHarness::PostParts(const std::string& target, const NameValues& parts, NameValues headers) const {
  headers.emplace_back("Content-Type", "multipart/form-data; boundary=----jsms");
  ApiRequest request = MakeRequest("POST", target, headers);
  request.multipart = parts;
  return api_->Handle(request);
}

}  // namespace jsms::test::support
