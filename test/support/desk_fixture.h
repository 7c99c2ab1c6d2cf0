// The desk fixture: orders in each state of the order desk's life, resources in each state, an
// open and an answered demand. The ids are named here, for the desk tests.
#pragma once

#include <string>

namespace jsms::test::desk {

// Staff 149 abc, 60 张伟, 150 陈静.
// Orders (ids of 2017-06-21, created on successive days so "newest first" is D5, D4, D3, D2, D1):
//   D1 待配单 (0), 149, 甲科技有限公司, created 2017-06-21 09:00:00, linked to T1
//   D2 待匹配 (1), 150, 乙通信, created 2017-06-22 00:00:00, linked to T1; an old demand X1 in "2" 无资源
//   D3 退单 (3), 149, 丙科技, created 2017-06-23 10:00:00, updateTime 2017-06-23 11:00:00
//   D4 匹配成功 (5), 150, 丁传媒, created 2017-06-24 23:59:59, linked to T1
//   D5 寻资源 (6), 60, 戊网络, created 2017-06-25 10:00:00, its demand X0 in "0" 寻资源 (and a stale
//      link to T2, so "no links afterwards" means something)
// Resources: T0 待接入 "0", T1 已接入 "1", T2 待审批 "2", T3 撤销 "3".
inline const std::string D1 = "D000120170621", D2 = "D000220170621", D3 = "D000320170621", D4 = "D000420170621",
                         D5 = "D000520170621";
inline const std::string T0 = "T000020170621", T1 = "T000120170621", T2 = "T000220170621", T3 = "T000320170621";
inline const std::string X0 = "X000020170621", X1 = "X000120170621";
inline const std::string kUnknownOrder = "D999920170621";

const std::string& Fixture();

// The wire form of the fixture's resources and demands (keys in the seed's order).
std::string ResourceRowJson(const std::string& id, const std::string& state, const std::string& state_name);
std::string DemandRowJson(const std::string& id, const std::string& order_id, const std::string& state,
                          const std::string& state_name, const std::string& created);

}  // namespace jsms::test::desk
