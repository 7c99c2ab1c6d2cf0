// The matching assistant (配单助手): which resources fit an order, ranked, with reasons and gaps.
//
// Pure: no I/O, no SQLite, no JSON. The store feeds resources to a Matcher (or calls Evaluate
// itself); the HTTP layer formats what comes back. The contract, in plain words:
//
// Considered: a resource in state "1" 已接入; with include_not_ready also "0" 待接入 and "2" 待审批.
// "3" 撤销 (and any other or missing state) is never considered.
//
// Eligible: a considered resource that passes all four hard rules.
//  1. State, as above.
//  2. Carriers. A channelType code list names carriers: 0 三网合一 and 4 全网 -> 移动+电信+联通,
//     1 移动, 2 电信, 3 联通; other codes name none. The resource must carry every carrier the order
//     names. An order naming none passes (gap 订单未指定运营商).
//  3. Extension digits. An order extendSize n > 0 needs a resource extendSize m >= n ("0" 不支持,
//     null or not a number fails). An order with 0, null or a negative number passes.
//  4. Signature. Every known signType code of the order (0 自定义, 1 报备签名, 2 固签) must be in the
//     resource's list. An order with no known code passes; a resource with none then fails.
//
// Score, 0..100, the sum of three soft rules:
//  - Margin, 0..60. A price text's numbers are runs of ASCII digits with an optional ".digits".
//    The sale amount is the order salePrice's first number; the purchase amount the resource
//    purchasePrice's largest number (the dearest carrier decides). rate = (sale - purchase) / sale;
//    points = round_half_up(60 * clamp(rate / 0.5, 0, 1)). No sale number, a sale of 0 or no
//    purchase number: 0 points, no rate, gap 价格无法比较. rate <= 0: 0 points, gap 无毛利.
//  - Direct connection, 0 or 20. An order directConnect 0 (wants 直连) gets 20 only from a resource
//    with directConnect "0", else 0 and gap 非直连. Any other order value: 20.
//  - SMS type, 0/10/20. Each side's smsType is read as a set of kinds: 验证码 (text containing
//    验证码, or code 1 in a comma list), 通知 (通知, or code 2), 营销 (营销/会员/商超, or code 3).
//    All the order's kinds in the resource's: 20. Some: 10, gap 发送类型部分相符. None: 0, gap
//    发送类型不符. Either side with no kind: 10, gap 发送类型未知.
//
// Ranking: score descending, then margin rate descending with "no rate" last, then resourceId
// ascending (byte order). Points and ranking use the exact rate; the marginRate text is the rate
// rounded half-up to 4 decimals ("0.7200").
//
// Exactness. Prices are short decimal texts, so amounts are read exactly as integers in units of
// 1e-9 yuan (kPriceUnitsPerYuan) and every rate computation is integer arithmetic on them: no
// binary floating point anywhere, so a rate of exactly x.xxxx5 rounds up, 12.5% gives 15 points
// not 14, and equal rates (0.01/0.02 vs 0.03/0.06) tie exactly and fall to the resourceId. An amount
// with more than 9 significant digits before the point or any non-zero digit after the 9th
// decimal cannot be held exactly and counts as unreadable (价格无法比较).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/records.h"

namespace jsms::matching {

// Price amounts are exact integers in these units (nano-yuan).
constexpr int64_t kPriceUnitsPerYuan = 1000000000;

// Carrier bits (channelType).
enum Carrier : uint8_t { kMobile = 1, kTelecom = 2, kUnicom = 4 };
constexpr uint8_t kAllCarriers = kMobile | kTelecom | kUnicom;

// SMS kind bits (smsType).
enum SmsKind : uint8_t { kVerification = 1, kNotice = 2, kMarketing = 4 };

// Sign-type bits (signType): bit (1 << code) for the known codes 0 自定义, 1 报备签名, 2 固签.

// The amounts of price texts, in kPriceUnitsPerYuan; nullopt when unreadable (see above).
// A sale amount of 0 is unreadable; a purchase amount of 0 is a real (free) price.
std::optional<int64_t> ReadSaleAmount(std::string_view sale_price);
std::optional<int64_t> ReadPurchaseAmount(std::string_view purchase_price);

// The set readers, exposed for tests and for anyone showing the same reading.
uint8_t ReadCarriers(std::string_view channel_type_codes);
uint8_t ReadSignTypes(std::string_view sign_type_codes);
uint8_t ReadSmsKinds(std::string_view sms_type);

// The exact margin rate (sale - purchase) / sale of one resource for one order.
struct MarginRate {
  int64_t sale = 1;      // > 0, in kPriceUnitsPerYuan
  int64_t purchase = 0;  // >= 0, in kPriceUnitsPerYuan
};

// <0, 0, >0 as a's rate is below, equal to, above b's (exact).
int CompareMarginRates(const MarginRate& a, const MarginRate& b);

// The rate rounded half-up (half away from zero) to 4 decimals: "0.7200", "1.0000", "-6.3333".
// A negative rate that rounds to zero prints "0.0000".
std::string FormatMarginRate(const MarginRate& rate);

// What an order asks for, read once per call.
struct OrderNeeds {
  uint8_t carriers = 0;              // Carrier bits; 0: the order names no carrier
  int64_t extension_digits = 0;      // 0: no requirement
  uint8_t sign_types = 0;            // sign-type bits; 0: no requirement
  std::optional<int64_t> sale;       // ReadSaleAmount of salePrice
  bool wants_direct = false;         // directConnect 0
  uint8_t sms_kinds = 0;             // SmsKind bits; 0: unknown
};

OrderNeeds ReadNeeds(const Order& order);

struct Evaluation {
  bool considered = false;  // the state rule passed
  bool eligible = false;    // considered and every hard rule passed
  int score = 0;            // 0..100; meaningful only when eligible
  std::optional<MarginRate> margin_rate;  // both prices readable (set for eligible resources only)
};

// Judges one resource. Does not allocate; cheap enough to run over every resource on each call.
Evaluation Evaluate(const OrderNeeds& needs, const Resource& resource, bool include_not_ready);

// The phrases shown with a candidate, in rule order (carriers, extension, signature, direct, SMS
// type, margin): a rule the resource meets adds a reason to *reasons, a soft rule it misses adds a
// gap to *gaps (the gap texts of the contract exactly). Rules the order does not constrain add no
// reason, except 直连, which is said of every direct resource. Meant for eligible resources; a
// hard rule the resource fails adds nothing. Reasons: "覆盖 移动/联通" (the carriers the order
// needs), "扩展6位（需4位）", "签名类型相符", "直连", "发送类型相符", "毛利率 72.00%" (the marginRate
// text as a percentage, so the two always agree).
void Explain(const OrderNeeds& needs, const Resource& resource, std::vector<std::string>* reasons,
             std::vector<std::string>* gaps);

// An eligible resource as the ranking sees it.
struct Ranked {
  std::string resource_id;
  int score = 0;
  std::optional<MarginRate> margin_rate;
  size_t position = 0;  // the caller's: where the resource came from (not used for ranking)
};

// True when a ranks strictly before b: score desc, margin rate desc (none last), resourceId asc.
bool RanksBefore(const Ranked& a, const Ranked& b);

// Keeps the best `limit` of what it is offered: O(log limit) per offer, and the id is copied only
// when the offer is kept, so 100,000 offers cost O(n log limit) and few allocations.
class TopRanked {
 public:
  explicit TopRanked(size_t limit) : limit_(limit) {}

  void Offer(std::string_view resource_id, int score, const std::optional<MarginRate>& margin_rate,
             size_t position);

  // The kept entries, best first; leaves this empty.
  std::vector<Ranked> TakeBest();

 private:
  size_t limit_;
  std::vector<Ranked> heap_;  // a heap whose front is the worst kept entry
};

// The whole assistant over resources fed one at a time (fits a store visitor): counts the
// considered and eligible ones and keeps the best `limit` eligible. Position = 0-based feed index.
class Matcher {
 public:
  Matcher(const Order& order, bool include_not_ready, size_t limit)
      : needs_(ReadNeeds(order)), include_not_ready_(include_not_ready), top_(limit) {}

  void Consider(const Resource& resource);

  const OrderNeeds& needs() const { return needs_; }
  size_t considered() const { return considered_; }
  size_t eligible() const { return eligible_; }

  // The best eligible resources, best first; call once, after the last Consider.
  std::vector<Ranked> TakeBest() { return top_.TakeBest(); }

 private:
  OrderNeeds needs_;
  bool include_not_ready_;
  TopRanked top_;
  size_t fed_ = 0;
  size_t considered_ = 0;
  size_t eligible_ = 0;
};

}  // namespace jsms::matching
