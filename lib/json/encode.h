// JSON replies, written once into a buffer: compact, keys in the seed's order, UTF-8 unescaped.
// This is the only place (with the JSON parsers beside it) that knows RapidJSON.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "domain/accounts.h"
#include "domain/history.h"
#include "domain/overview.h"
#include "domain/records.h"

namespace jsms {

// The success envelope with data null: {"success":true,…,"data":null,"msg":msg,"failure":false}.
std::string EncodeSuccess(const std::string& msg);

// The refusal envelope: success false, data null, the given wire code (e.g. "STATE_CONFLICT")
// and msg.
std::string EncodeRefusal(const char* code, const std::string& msg);

// The order detail reply: the success envelope with the order (and its derived names) as data,
// msg 查询成功！.
std::string EncodeOrderDetail(const Order& order);

// The progress log reply: the success envelope with an array of entries as data.
std::string EncodeProgress(const std::vector<ProgressEntry>& entries);

// Success envelopes whose data is one record, msg 查询成功！.
std::string EncodeResourceDetail(const Resource& resource);
std::string EncodeDemandDetail(const Demand& demand);

// A resource's row of the resource page as the store keeps it (Resource::encoded_row): its values
// alone, each after its length, keys left out, with kNamePlaceholder for belongBusinessName's
// value; the page puts the keys and the staff name back (encode.cpp, PackingWriter).
std::string PackResourceRow(const Resource& resource);

// The success envelope with data a JSON string (a new record's id) and the given msg.
std::string EncodeSuccessWithId(const std::string& msg, const std::string& id);

// The staff list: the success envelope with [{"id":…,"name":…},…] as data.
std::string EncodeStaff(const std::vector<Staff>& staff);

// One candidate of the matching assistant, as its reply shows it.
struct CandidateEntry {
  const Resource* resource;  // written exactly as a row of the resource page
  int score = 0;
  Cell margin_rate;          // "0.7200", or null when the prices cannot be compared
  std::vector<std::string> reasons;
  std::vector<std::string> gaps;
};

// The assistant's reply (assistant.md): the success envelope, msg 查询成功！, data
// {orderId, considered, eligible, candidates:[{resourceId, score, marginRate, reasons, gaps, resource}]}.
std::string EncodeCandidates(const std::string& order_id, size_t considered, size_t eligible,
                             const std::vector<CandidateEntry>& candidates);

// The console's overview (GET /stats/overview): the success envelope, msg 查询成功！, data
// {orders:{byState:{"0":n,…}}, resources:{byState:{…}}, openDemands, daily:[{date,added,matched}],
// medianHoursToMatch (hours, 2 decimals, or null)}.
std::string EncodeOverview(const Overview& overview);

// Who is calling, for /auth/login and /auth/me: data {"id","name","login","role"} of the staff
// member; for the service token id, name and login are null and role is "admin"; in open mode
// every one is null and "mode":"open" follows.
std::string EncodeIdentity(const Principal& principal, const std::string& msg);

// A staff account: data {"id","name","login","role","disabled","hasPassword","lastLogin"}
// (login, role and lastLogin null when there are none; disabled and hasPassword booleans).
std::string EncodeAccount(const Account& account, const std::string& msg);

// Every staff account: data is an array of EncodeAccount's objects, msg 查询成功！.
std::string EncodeAccounts(const std::vector<Account>& accounts);

// A resource's history (GET /order/resource/{id}/history): the success envelope, msg 查询成功！,
// data an array, oldest first, of {"resourceId","action","actionName","fromState","fromStateName",
// "toState","toStateName","changes":[{"field","from","to"}],"remark","operatorId","operatorName",
// "createTime"}.
std::string EncodeResourceHistory(const std::vector<HistoryEntry>& entries);

// A filter echoed in a page's `params`, as a JSON number or string.
struct EchoParam {
  const char* name;
  std::string value;
  bool number;
};

// Writes a page reply (the resource query's shape, used by every list) piece by piece so a huge
// page can be streamed: Begin once with the totals, Row per record, then End. Text accumulates
// in data()/size(); a streaming caller sends it and calls ClearBuffer() whenever it grows large.
class PageEncoder {
 public:
  PageEncoder();
  ~PageEncoder();

  void Begin(int64_t page_no, int64_t page_size, int64_t total_record, const std::vector<EchoParam>& echo);
  void Row(const Resource& resource);
  void Row(const Order& order);
  void Row(const Demand& demand);
  // {"id","login","staffId","clientAddress","result":"success"|"failure","time"}
  void Row(const LoginEvent& event);
  // {"kind","subjectId","action","actionName","fromState","fromStateName","toState","toStateName",
  //  "remark","operatorId","operatorName","createTime"}
  void Row(const ActivityEntry& entry);
  void End();

  const char* data() const;
  size_t size() const;
  void ClearBuffer();
  // The text written so far, moved out (the encoder is then empty), and room for `bytes` more.
  std::string TakeText();
  void Reserve(size_t bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jsms
