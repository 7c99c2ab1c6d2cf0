#include "domain/synthetic.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace jsms {

namespace {

// splitmix64: small, fast, and good enough for test data; each record gets its own stream keyed
// by (seed, kind, index), so a record does not depend on how many others are generated.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t kind, uint64_t index)
      : state_(seed ^ (kind * 0x9E3779B97F4A7C15ULL) ^ (index * 0xD1B54A32D192ED03ULL)) {
    Next();
  }
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), n > 0.
  uint64_t Below(uint64_t n) { return Next() % n; }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) { return items[Below(N)]; }

 private:
  uint64_t state_;
};

enum Kind : uint64_t { kOrderKind = 1, kResourceKind, kLinkKind, kDemandKind };

std::string Id(char prefix, int64_t number) {
  char text[32];
  std::snprintf(text, sizeof text, "%c%08lld", prefix, static_cast<long long>(number));
  return text;
}

std::string Number(int64_t n) { return std::to_string(n); }

// Civil date from days since 1970-01-01 (H. Hinnant's algorithm): no time zone involved.
void CivilFromDays(int64_t z, int* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t year = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(year + (*m <= 2));
}

constexpr int64_t kFirstDay = 17167;  // 2017-01-01

std::string Date(int64_t day) {
  int y;
  unsigned m, d;
  CivilFromDays(kFirstDay + day, &y, &m, &d);
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", y, m, d);
  return text;
}

// Seconds since 2017-01-01 00:00:00 as "YYYY-MM-DD HH:MM:SS".
std::string Timestamp(int64_t seconds) {
  int64_t day = seconds / 86400, rest = seconds % 86400;
  char text[64];
  std::snprintf(text, sizeof text, "%s %02d:%02d:%02d", Date(day).c_str(), static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return text;
}

// Working hours on one of the first 500 days.
int64_t WorkingSecond(Rng& rng) {
  return static_cast<int64_t>(rng.Below(500)) * 86400 + 9 * 3600 + static_cast<int64_t>(rng.Below(9 * 3600));
}

const char* const kCompanies[] = {"讯联通信", "云信科技", "华信网络", "掌上生活", "优选电商", "快捷物流",
                                  "银湖金融", "乐途旅行", "星辰游戏", "启明教育", "康宁医疗", "城市政务"};
const char* const kCities[] = {"北京", "上海", "深圳", "杭州", "广州", "成都", "南京", "武汉"};
const char* const kIndustries[] = {"同行", "电商", "金融", "游戏", "教育", "物流", "旅游", "政务", "医疗"};
const char* const kSmsTypes[] = {"验证码", "通知", "营销", "验证码,通知"};
const char* const kExpect[] = {"100万以下", "100万-500万", "500万-1000万", "1000万以上"};
const char* const kGuarantee[] = {"0", "0", "0", "10", "50", "100"};
const char* const kChannelTypes[] = {"0", "1", "2", "3", "4", "1,2,3", "1,3"};
const char* const kSignTypes[] = {"0", "1", "2", "0,1"};
const char* const kPayTypes[] = {"预付", "预付", "后付"};
const char* const kTemplates[] = {"【%s】您的验证码是{code}，5分钟内有效。", "【%s】您的订单已发货，运单号{no}。",
                                  "【%s】会员日全场8折，回T退订。", "【%s】您本月账单{amount}元，请按时还款。"};
const char* const kOrderRemarks[] = {"客户急需上线", "价格可再谈", "要求三网合一", "需要联通通道", "量大从优"};
const char* const kSuppliers[] = {"上海讯联通信技术有限公司", "北京移通无限科技有限公司", "深圳市云讯网络有限公司",
                                  "杭州信达科技有限公司", "广州市易通信息技术有限公司", "成都天府通信有限公司"};
const char* const kContacts[] = {"周强", "李娜", "王磊", "陈静", "刘洋", "赵敏", "孙浩", "吴婷"};
const char* const kResourceRemarks[] = {"三网合一CMPP直连，验证码/通知", "移动直连，仅验证码", "联通营销通道",
                                        "电信SMGP，通知类", "第三方HTTP接口，全网", "SMPP国际通道"};

const int64_t kSales[] = {101, 102, 103, 104};
const int64_t kBusiness[] = {201, 202, 203, 204};
const int64_t kOperators[] = {301, 302, 303, 304};

std::vector<Staff> MakeStaff() {
  return {{101, "张伟"}, {102, "李静"}, {103, "王芳"}, {104, "刘强"}, {201, "陈明"}, {202, "杨洋"},
          {203, "赵磊"}, {204, "黄婷"}, {301, "周杰"}, {302, "吴敏"}, {303, "徐丽"}, {304, "孙超"}};
}

int OrderState(int64_t index, Rng& rng) {
  if (index < 9) return static_cast<int>(index);
  // Cumulative percentages for states 0..8: 57 4 1 10 20 3 2 2 1.
  static const int kCumulative[] = {57, 61, 62, 72, 92, 95, 97, 99, 100};
  int roll = static_cast<int>(rng.Below(100));
  int state = 0;
  while (roll >= kCumulative[state]) ++state;
  return state;
}

bool IsLinkedState(int state) { return state == 1 || state == 2 || state == 5 || state == 7 || state == 8; }

Order MakeOrder(uint64_t seed, int64_t index, int state) {
  Rng rng(seed, kOrderKind, static_cast<uint64_t>(index));
  Order order;
  auto& c = order.cells;
  std::string company = std::string(rng.Pick(kCities)) + rng.Pick(kCompanies);
  c[order::kOrderId] = Id('D', index);
  c[order::kCompanyName] = company + "有限公司";
  c[order::kIndustryType] = rng.Pick(kIndustries);
  c[order::kBelongSale] = Number(rng.Pick(kSales));
  c[order::kSmsType] = rng.Pick(kSmsTypes);
  c[order::kExpectNumber] = rng.Pick(kExpect);
  c[order::kMinimumGuarantee] = rng.Pick(kGuarantee);
  c[order::kChannelType] = rng.Pick(kChannelTypes);
  c[order::kDirectConnect] = Number(rng.Chance(70) ? 0 : 1);
  static const int kExtend[] = {0, 0, 4, 6};
  c[order::kExtendSize] = Number(rng.Pick(kExtend));
  if (rng.Chance(60)) c[order::kRate] = Number(100 * (1 + static_cast<int64_t>(rng.Below(10))));
  c[order::kSignType] = rng.Pick(kSignTypes);
  char content[256];
  std::snprintf(content, sizeof content, rng.Pick(kTemplates), company.c_str());
  c[order::kContentTemplate] = std::string(content);
  c[order::kPayType] = rng.Pick(kPayTypes);
  char price[32];
  std::snprintf(price, sizeof price, "统一价:0.%03d", 25 + static_cast<int>(rng.Below(40)));
  c[order::kSalePrice] = std::string(price);
  c[order::kInvoiceType] = Number(static_cast<int64_t>(rng.Below(3)));
  int64_t created = WorkingSecond(rng);
  c[order::kOnlineDate] = Date(created / 86400 + 3 + static_cast<int64_t>(rng.Below(30)));
  c[order::kIsAudit] = Number(state == 2 || state == 7 || state == 8 || rng.Chance(30) ? 1 : 0);
  c[order::kState] = Number(state);
  if (rng.Chance(40)) c[order::kRemark] = rng.Pick(kOrderRemarks);
  if (state == 5 || rng.Chance(20)) c[order::kAuditorId] = Number(rng.Pick(kOperators));
  c[order::kOperatorId] = Number(rng.Pick(kOperators));
  c[order::kCreateTime] = Timestamp(created);
  c[order::kUpdateTime] = Timestamp(state == 0 ? created : created + static_cast<int64_t>(rng.Below(7 * 86400)));
  return order;
}

Resource MakeResource(uint64_t seed, int64_t index, const std::string& state) {
  Rng rng(seed, kResourceKind, static_cast<uint64_t>(index));
  Resource resource;
  auto& c = resource.cells;
  c[resource::kResourceId] = Id('T', index);
  c[resource::kChannelId] = Number(100 + index);
  static const char* const kResourceChannels[] = {"0", "1", "2", "3", "4", "1,3"};
  c[resource::kChannelType] = rng.Pick(kResourceChannels);
  static const char* const kResourceSms[] = {"1", "2", "3", "1,2", "1,2,3"};
  c[resource::kSmsType] = rng.Pick(kResourceSms);
  c[resource::kContentProp] = Number(1 + static_cast<int64_t>(rng.Below(3)));
  c[resource::kBelongBusiness] = Number(rng.Pick(kBusiness));
  c[resource::kDirectConnect] = rng.Chance(60) ? "0" : "1";
  static const char* const kExtend[] = {"0", "4", "6", "8"};
  c[resource::kExtendSize] = rng.Pick(kExtend);
  static const char* const kSign[] = {"0", "1", "2", "1,2"};
  c[resource::kSignType] = rng.Pick(kSign);
  char price[32];
  std::snprintf(price, sizeof price, "统一价:0.%03d", 18 + static_cast<int>(rng.Below(20)));
  c[resource::kPurchasePrice] = std::string(price);
  c[resource::kRate] = Number(100 * (1 + static_cast<int64_t>(rng.Below(10))));
  static const char* const kGuaranteeCodes[] = {"0", "0", "10", "50"};
  c[resource::kMinimumGuarantee] = rng.Pick(kGuaranteeCodes);
  static const char* const kCredit[] = {"0", "0", "0", "5", "20"};
  c[resource::kIsCredit] = rng.Pick(kCredit);
  c[resource::kPayType] = rng.Pick(kPayTypes);
  c[resource::kInvoiceType] = Number(static_cast<int64_t>(rng.Below(3)));
  char ip[48];
  std::snprintf(ip, sizeof ip, "10.%d.%d.%d:%d", static_cast<int>(rng.Below(256)), static_cast<int>(rng.Below(256)),
                1 + static_cast<int>(rng.Below(254)), 7890 + static_cast<int>(rng.Below(10)));
  c[resource::kMtIp] = std::string(ip);
  c[resource::kProtocolType] = Number(static_cast<int64_t>(rng.Below(5)));
  c[resource::kSupplier] = rng.Pick(kSuppliers);
  c[resource::kContact] = rng.Pick(kContacts);
  char mobile[16];
  std::snprintf(mobile, sizeof mobile, "13%09llu", static_cast<unsigned long long>(rng.Below(1000000000)));
  c[resource::kMobile] = std::string(mobile);
  c[resource::kIsAudit] = state == "0" || state == "2" ? "0" : "1";
  int64_t created = WorkingSecond(rng);
  if (state != "0") c[resource::kOnlineDate] = Date(created / 86400 + 1 + static_cast<int64_t>(rng.Below(10)));
  c[resource::kState] = state;
  c[resource::kRemark] = rng.Pick(kResourceRemarks);
  if (state == "1" || state == "3") c[resource::kAuditorId] = Number(rng.Pick(kOperators));
  c[resource::kOperatorId] = Number(rng.Pick(kOperators));
  c[resource::kCreateTime] = Timestamp(created);
  c[resource::kUpdateTime] = Timestamp(created + static_cast<int64_t>(rng.Below(3 * 86400)));
  return resource;
}

Demand MakeDemand(int64_t number, const Order& order, const std::string& state, Rng& rng) {
  Demand demand;
  auto& d = demand.cells;
  const auto& o = order.cells;
  d[demand::kDemandId] = Id('X', number);
  d[demand::kOrderId] = o[order::kOrderId];
  d[demand::kIndustryType] = o[order::kIndustryType];
  d[demand::kSmsType] = o[order::kSmsType];
  d[demand::kExpectNumber] = o[order::kExpectNumber];
  d[demand::kMinimumGuarantee] = o[order::kMinimumGuarantee];
  d[demand::kChannelType] = o[order::kChannelType];
  d[demand::kDirectConnect] = o[order::kDirectConnect];
  d[demand::kExtendSize] = o[order::kExtendSize];
  d[demand::kRate] = o[order::kRate];
  d[demand::kSignType] = o[order::kSignType];
  d[demand::kContentTemplate] = o[order::kContentTemplate];
  d[demand::kSalePrice] = o[order::kSalePrice];
  d[demand::kOnlineDate] = o[order::kOnlineDate];
  d[demand::kState] = state;
  static const char* const kDemandRemarks[] = {"需要联通通道", "找移动直连资源", "价格需低于0.03", "要求支持6位扩展"};
  d[demand::kRemark] = rng.Pick(kDemandRemarks);
  d[demand::kOperatorId] = o[order::kOperatorId];
  d[demand::kCreateTime] = o[order::kCreateTime];
  d[demand::kUpdateTime] = o[order::kUpdateTime];
  return demand;
}

}  // namespace

FixtureSet MakeSyntheticFixtures(const SyntheticOptions& options) {
  const int64_t order_count = std::clamp<int64_t>(options.orders, 0, kMaxSyntheticRecords);
  const int64_t resource_count = std::clamp<int64_t>(options.resources, 0, kMaxSyntheticRecords);
  const uint64_t seed = options.seed;

  FixtureSet set;
  set.staff = MakeStaff();

  set.resources.reserve(static_cast<size_t>(resource_count));
  std::vector<int64_t> online;  // indexes of resources in state "1" 已接入
  static const char* const kResourceStates[] = {"0", "1", "2", "3"};
  for (int64_t i = 0; i < resource_count; ++i) {
    Rng rng(seed, kResourceKind + 100, static_cast<uint64_t>(i));
    std::string state = i < 4 ? kResourceStates[i] : rng.Pick(kResourceStates);
    if (state == "1") online.push_back(i);
    set.resources.push_back(MakeResource(seed, i, state));
  }

  set.orders.reserve(static_cast<size_t>(order_count));
  int64_t demand_number = 0;
  for (int64_t i = 0; i < order_count; ++i) {
    Rng rng(seed, kOrderKind + 100, static_cast<uint64_t>(i));
    int state = OrderState(i, rng);
    set.orders.push_back(MakeOrder(seed, i, state));
    const Order& order = set.orders.back();

    if (IsLinkedState(state) && resource_count > 0) {
      Rng links(seed, kLinkKind, static_cast<uint64_t>(i));
      bool only_online = state == 5 && !online.empty();
      int64_t pool = only_online ? static_cast<int64_t>(online.size()) : resource_count;
      int64_t wanted = std::min<int64_t>(1 + static_cast<int64_t>(links.Below(5)), pool);
      std::vector<int64_t> chosen;
      while (static_cast<int64_t>(chosen.size()) < wanted) {
        int64_t pick = static_cast<int64_t>(links.Below(static_cast<uint64_t>(pool)));
        int64_t resource = only_online ? online[static_cast<size_t>(pick)] : pick;
        if (std::find(chosen.begin(), chosen.end(), resource) != chosen.end()) continue;
        chosen.push_back(resource);
        set.links.push_back({{*order.cells[order::kOrderId], Id('T', resource)},
                             "synthetic: links[" + std::to_string(set.links.size()) + "]"});
      }
    }

    Rng demands(seed, kDemandKind, static_cast<uint64_t>(i));
    std::string demand_state;
    if (state == 6) {
      demand_state = "0";  // 寻资源: the order waits for procurement
    } else if (state == 0 && demands.Chance(2)) {
      demand_state = demands.Chance(50) ? "1" : "2";  // answered: 已供应 / 无资源, back to 待配单
    } else if (state == 4 && demands.Chance(2)) {
      demand_state = "3";  // 撤单 with the order
    }
    if (!demand_state.empty()) {
      set.demands.push_back({MakeDemand(demand_number++, order, demand_state, demands),
                             "synthetic: demands[" + std::to_string(set.demands.size()) + "]"});
    }
  }
  return set;
}

}  // namespace jsms
