#include "domain/matching.h"

#include <algorithm>

#include "domain/text.h"

namespace jsms::matching {

namespace {

// Rate arithmetic needs products of two amounts (each < 1e18): they fit in 128 bits, not 64.
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

// ---- Reading cells -------------------------------------------------------------------------

std::string_view ViewOf(const Cell& cell) { return cell ? std::string_view(*cell) : std::string_view(); }

// A single-valued integer cell, read as the names tables read it (whole text, no spaces).
std::optional<int64_t> IntegerOf(const Cell& cell) {
  int64_t value = 0;
  if (!cell || !ParseInt64(*cell, &value)) return std::nullopt;
  return value;
}

// Calls on_code(code) for each comma-separated token that is an integer (spaces around allowed),
// as names::ChannelType reads a code list.
template <typename OnCode>
void ForEachCode(std::string_view codes, OnCode on_code) {
  while (true) {
    size_t comma = codes.find(',');
    int64_t code = 0;
    if (ParseInt64(Trim(codes.substr(0, comma)), &code)) on_code(code);
    if (comma == std::string_view::npos) return;
    codes.remove_prefix(comma + 1);
  }
}

// ---- Price texts ---------------------------------------------------------------------------

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A number found in a price text, as digit strings: `whole` without leading zeros (empty for 0),
// `fraction` without trailing zeros. In that form numeric order is easy to decide on the texts.
struct DecimalText {
  std::string_view whole;
  std::string_view fraction;
};

// Finds the next number at or after *pos: a run of digits, plus ".digits" when a digit follows the
// point. Advances *pos past it. UTF-8 text is scanned byte-wise: multi-byte characters never
// contain ASCII bytes, so no digit is found inside one.
bool NextNumber(std::string_view text, size_t* pos, DecimalText* out) {
  size_t i = *pos;
  while (i < text.size() && !IsDigit(text[i])) ++i;
  if (i == text.size()) return false;
  size_t start = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  std::string_view whole = text.substr(start, i - start);
  std::string_view fraction;
  if (i + 1 < text.size() && text[i] == '.' && IsDigit(text[i + 1])) {
    size_t fraction_start = ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    fraction = text.substr(fraction_start, i - fraction_start);
  }
  while (!whole.empty() && whole.front() == '0') whole.remove_prefix(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  *pos = i;
  *out = DecimalText{whole, fraction};
  return true;
}

// <0, 0, >0 as a < b, a == b, a > b numerically.
int CompareDecimalTexts(const DecimalText& a, const DecimalText& b) {
  if (a.whole.size() != b.whole.size()) return a.whole.size() < b.whole.size() ? -1 : 1;
  if (int c = a.whole.compare(b.whole)) return c;
  return a.fraction.compare(b.fraction);  // no trailing zeros: text order is numeric order
}

// The amount in kPriceUnitsPerYuan, or nullopt when it does not fit exactly (more than 9 digits
// on either side of the point once leading/trailing zeros are dropped): at most 1e18 - 1.
std::optional<int64_t> UnitsOf(const DecimalText& number) {
  constexpr size_t kMaxDigits = 9;
  if (number.whole.size() > kMaxDigits || number.fraction.size() > kMaxDigits) return std::nullopt;
  int64_t units = 0;
  for (char c : number.whole) units = units * 10 + (c - '0');
  for (size_t k = 0; k < kMaxDigits; ++k) {
    units = units * 10 + (k < number.fraction.size() ? number.fraction[k] - '0' : 0);
  }
  return units;
}

// ---- Rules ---------------------------------------------------------------------------------

bool StateAllowed(const Cell& state, bool include_not_ready) {
  auto code = IntegerOf(state);
  if (!code) return false;
  if (*code == 1) return true;                              // 已接入
  return include_not_ready && (*code == 0 || *code == 2);  // 待接入, 待审批; never 3 撤销
}

bool ExtensionFits(const OrderNeeds& needs, const Resource& resource) {
  if (needs.extension_digits <= 0) return true;
  auto digits = IntegerOf(resource.cells[resource::kExtendSize]);
  return digits && *digits >= needs.extension_digits;
}

bool IsSubset(uint8_t needed, uint8_t offered) { return (needed & ~offered) == 0; }

bool HardRulesPass(const OrderNeeds& needs, const Resource& resource) {
  return IsSubset(needs.carriers, ReadCarriers(ViewOf(resource.cells[resource::kChannelType]))) &&
         ExtensionFits(needs, resource) &&
         IsSubset(needs.sign_types, ReadSignTypes(ViewOf(resource.cells[resource::kSignType])));
}

std::optional<MarginRate> MarginOf(const OrderNeeds& needs, const Resource& resource) {
  if (!needs.sale) return std::nullopt;
  auto purchase = ReadPurchaseAmount(ViewOf(resource.cells[resource::kPurchasePrice]));
  if (!purchase) return std::nullopt;
  return MarginRate{*needs.sale, *purchase};
}

// round_half_up(60 * clamp(rate / 0.5, 0, 1)) = min(60, floor(120 * d / s + 1/2)) for d > 0,
// computed as floor((240 d + s) / (2 s)).
int MarginPoints(const std::optional<MarginRate>& rate) {
  if (!rate) return 0;
  Int128 d = Int128(rate->sale) - rate->purchase;
  if (d <= 0) return 0;
  Int128 points = (240 * d + rate->sale) / (2 * Int128(rate->sale));
  return points >= 60 ? 60 : static_cast<int>(points);
}

bool ResourceIsDirect(const Resource& resource) {
  auto code = IntegerOf(resource.cells[resource::kDirectConnect]);
  return code && *code == 0;
}

enum class SmsFit { kAll, kSome, kNone, kUnknown };

SmsFit FitSms(uint8_t order_kinds, const Resource& resource) {
  uint8_t offered = ReadSmsKinds(ViewOf(resource.cells[resource::kSmsType]));
  if (order_kinds == 0 || offered == 0) return SmsFit::kUnknown;
  if (IsSubset(order_kinds, offered)) return SmsFit::kAll;
  return (order_kinds & offered) ? SmsFit::kSome : SmsFit::kNone;
}

int SmsPoints(SmsFit fit) {
  switch (fit) {
    case SmsFit::kAll: return 20;
    case SmsFit::kNone: return 0;
    case SmsFit::kSome:
    case SmsFit::kUnknown: return 10;
  }
  return 0;
}

// ---- Text ----------------------------------------------------------------------------------

std::string DecimalString(UInt128 value) {
  std::string digits;
  do {
    digits += static_cast<char>('0' + static_cast<int>(value % 10));
    value /= 10;
  } while (value != 0);
  std::reverse(digits.begin(), digits.end());
  return digits;
}

// |rate| * 10^decimals rounded half-up, and whether the rate is negative.
UInt128 ScaledMagnitude(const MarginRate& rate, int decimals, bool* negative) {
  Int128 d = Int128(rate.sale) - rate.purchase;
  *negative = d < 0;
  UInt128 magnitude = static_cast<UInt128>(d < 0 ? -d : d);
  UInt128 scale = 1;
  for (int k = 0; k < decimals; ++k) scale *= 10;
  UInt128 sale = static_cast<UInt128>(rate.sale);
  return (2 * scale * magnitude + sale) / (2 * sale);
}

// value / 10^decimals with exactly `decimals` digits after the point.
std::string FixedPoint(UInt128 value, int decimals, bool negative) {
  std::string digits = DecimalString(value);
  if (digits.size() <= static_cast<size_t>(decimals)) {
    digits.insert(0, static_cast<size_t>(decimals) + 1 - digits.size(), '0');
  }
  digits.insert(digits.size() - static_cast<size_t>(decimals), 1, '.');
  return (negative && value != 0 ? "-" : "") + digits;
}

// "移动/电信/联通", in that order, for the carriers set in `carriers`.
std::string CarrierList(uint8_t carriers) {
  constexpr uint8_t kBits[] = {kMobile, kTelecom, kUnicom};
  constexpr const char* kNames[] = {"移动", "电信", "联通"};
  std::string out;
  for (size_t k = 0; k < 3; ++k) {
    if (!(carriers & kBits[k])) continue;
    if (!out.empty()) out += '/';
    out += kNames[k];
  }
  return out;
}

}  // namespace

// ---- Readers -------------------------------------------------------------------------------

std::optional<int64_t> ReadSaleAmount(std::string_view sale_price) {
  size_t pos = 0;
  DecimalText first;
  if (!NextNumber(sale_price, &pos, &first)) return std::nullopt;
  auto units = UnitsOf(first);
  if (!units || *units == 0) return std::nullopt;
  return units;
}

std::optional<int64_t> ReadPurchaseAmount(std::string_view purchase_price) {
  size_t pos = 0;
  DecimalText largest, next;
  if (!NextNumber(purchase_price, &pos, &largest)) return std::nullopt;
  while (NextNumber(purchase_price, &pos, &next)) {
    if (CompareDecimalTexts(next, largest) > 0) largest = next;
  }
  return UnitsOf(largest);
}

uint8_t ReadCarriers(std::string_view channel_type_codes) {
  uint8_t carriers = 0;
  ForEachCode(channel_type_codes, [&](int64_t code) {
    switch (code) {
      case 0:  // 三网合一
      case 4:  // 全网
        carriers |= kAllCarriers;
        break;
      case 1: carriers |= kMobile; break;
      case 2: carriers |= kTelecom; break;
      case 3: carriers |= kUnicom; break;
      default: break;
    }
  });
  return carriers;
}

uint8_t ReadSignTypes(std::string_view sign_type_codes) {
  uint8_t types = 0;
  ForEachCode(sign_type_codes, [&](int64_t code) {
    if (code >= 0 && code <= 2) types |= static_cast<uint8_t>(1u << code);
  });
  return types;
}

uint8_t ReadSmsKinds(std::string_view sms_type) {
  uint8_t kinds = 0;
  auto has = [&](const char* word) { return sms_type.find(word) != std::string_view::npos; };
  if (has("验证码")) kinds |= kVerification;
  if (has("通知")) kinds |= kNotice;
  if (has("营销") || has("会员") || has("商超")) kinds |= kMarketing;
  ForEachCode(sms_type, [&](int64_t code) {
    if (code == 1) kinds |= kVerification;
    if (code == 2) kinds |= kNotice;
    if (code == 3) kinds |= kMarketing;
  });
  return kinds;
}

OrderNeeds ReadNeeds(const Order& order) {
  OrderNeeds needs;
  needs.carriers = ReadCarriers(ViewOf(order.cells[order::kChannelType]));
  auto digits = IntegerOf(order.cells[order::kExtendSize]);
  needs.extension_digits = digits && *digits > 0 ? *digits : 0;
  needs.sign_types = ReadSignTypes(ViewOf(order.cells[order::kSignType]));
  if (order.cells[order::kSalePrice]) needs.sale = ReadSaleAmount(*order.cells[order::kSalePrice]);
  auto direct = IntegerOf(order.cells[order::kDirectConnect]);
  needs.wants_direct = direct && *direct == 0;
  needs.sms_kinds = ReadSmsKinds(ViewOf(order.cells[order::kSmsType]));
  return needs;
}

// ---- Margin rates --------------------------------------------------------------------------

int CompareMarginRates(const MarginRate& a, const MarginRate& b) {
  // (sa - pa) / sa vs (sb - pb) / sb, both denominators positive: cross-multiply.
  Int128 left = (Int128(a.sale) - a.purchase) * b.sale;
  Int128 right = (Int128(b.sale) - b.purchase) * a.sale;
  return left < right ? -1 : (left > right ? 1 : 0);
}

std::string FormatMarginRate(const MarginRate& rate) {
  bool negative = false;
  UInt128 scaled = ScaledMagnitude(rate, 4, &negative);
  return FixedPoint(scaled, 4, negative);
}

// ---- Evaluation ----------------------------------------------------------------------------

Evaluation Evaluate(const OrderNeeds& needs, const Resource& resource, bool include_not_ready) {
  Evaluation result;
  result.considered = StateAllowed(resource.cells[resource::kState], include_not_ready);
  if (!result.considered || !HardRulesPass(needs, resource)) return result;
  result.eligible = true;
  result.margin_rate = MarginOf(needs, resource);
  int direct_points = !needs.wants_direct || ResourceIsDirect(resource) ? 20 : 0;
  result.score = MarginPoints(result.margin_rate) + direct_points +
                 SmsPoints(FitSms(needs.sms_kinds, resource));
  return result;
}

void Explain(const OrderNeeds& needs, const Resource& resource, std::vector<std::string>* reasons,
             std::vector<std::string>* gaps) {
  // Carriers.
  if (needs.carriers == 0) {
    gaps->push_back("订单未指定运营商");
  } else if (IsSubset(needs.carriers, ReadCarriers(ViewOf(resource.cells[resource::kChannelType])))) {
    reasons->push_back("覆盖 " + CarrierList(needs.carriers));
  }
  // Extension digits.
  if (needs.extension_digits > 0 && ExtensionFits(needs, resource)) {
    reasons->push_back("扩展" + std::to_string(*IntegerOf(resource.cells[resource::kExtendSize])) +
                       "位（需" + std::to_string(needs.extension_digits) + "位）");
  }
  // Signature.
  if (needs.sign_types != 0 &&
      IsSubset(needs.sign_types, ReadSignTypes(ViewOf(resource.cells[resource::kSignType])))) {
    reasons->push_back("签名类型相符");
  }
  // Direct connection: a direct resource is worth saying even when the order does not insist.
  if (ResourceIsDirect(resource)) {
    reasons->push_back("直连");
  } else if (needs.wants_direct) {
    gaps->push_back("非直连");
  }
  // SMS type.
  switch (FitSms(needs.sms_kinds, resource)) {
    case SmsFit::kAll: reasons->push_back("发送类型相符"); break;
    case SmsFit::kSome: gaps->push_back("发送类型部分相符"); break;
    case SmsFit::kNone: gaps->push_back("发送类型不符"); break;
    case SmsFit::kUnknown: gaps->push_back("发送类型未知"); break;
  }
  // Margin, as a percentage with the same rounding as the marginRate text (0.7200 -> 72.00%).
  auto rate = MarginOf(needs, resource);
  if (!rate) {
    gaps->push_back("价格无法比较");
  } else if (Int128(rate->sale) - rate->purchase <= 0) {
    gaps->push_back("无毛利");
  } else {
    bool negative = false;
    UInt128 scaled = ScaledMagnitude(*rate, 4, &negative);
    reasons->push_back("毛利率 " + FixedPoint(scaled, 2, negative) + "%");
  }
}

// ---- Ranking -------------------------------------------------------------------------------

namespace {

// RanksBefore on the parts, so an offer can be compared before its id is copied.
bool PartsRankBefore(int a_score, const std::optional<MarginRate>& a_rate, std::string_view a_id,
                     int b_score, const std::optional<MarginRate>& b_rate, std::string_view b_id) {
  if (a_score != b_score) return a_score > b_score;
  if (a_rate.has_value() != b_rate.has_value()) return a_rate.has_value();  // no rate last
  if (a_rate) {
    if (int c = CompareMarginRates(*a_rate, *b_rate)) return c > 0;
  }
  return a_id < b_id;
}

}  // namespace

bool RanksBefore(const Ranked& a, const Ranked& b) {
  return PartsRankBefore(a.score, a.margin_rate, a.resource_id, b.score, b.margin_rate,
                         b.resource_id);
}

void TopRanked::Offer(std::string_view resource_id, int score,
                      const std::optional<MarginRate>& margin_rate, size_t position) {
  if (limit_ == 0) return;
  if (heap_.size() == limit_) {
    const Ranked& worst = heap_.front();
    if (!PartsRankBefore(score, margin_rate, resource_id, worst.score, worst.margin_rate,
                         worst.resource_id)) {
      return;
    }
    // Overwrite the worst entry in place (its id's buffer is reused) and restore the heap.
    std::pop_heap(heap_.begin(), heap_.end(), RanksBefore);
    Ranked& slot = heap_.back();
    slot.resource_id.assign(resource_id.data(), resource_id.size());
    slot.score = score;
    slot.margin_rate = margin_rate;
    slot.position = position;
  } else {
    heap_.push_back(Ranked{std::string(resource_id), score, margin_rate, position});
  }
  std::push_heap(heap_.begin(), heap_.end(), RanksBefore);
}

std::vector<Ranked> TopRanked::TakeBest() {
  std::sort_heap(heap_.begin(), heap_.end(), RanksBefore);
  std::vector<Ranked> best;
  best.swap(heap_);
  return best;
}

void Matcher::Consider(const Resource& resource) {
  size_t position = fed_++;
  Evaluation evaluation = Evaluate(needs_, resource, include_not_ready_);
  if (!evaluation.considered) return;
  ++considered_;
  if (!evaluation.eligible) return;
  ++eligible_;
  top_.Offer(ViewOf(resource.cells[resource::kResourceId]), evaluation.score,
             evaluation.margin_rate, position);
}

}  // namespace jsms::matching
