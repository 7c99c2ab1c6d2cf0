#include "support/desk_fixture.h"

#include "support/fixtures.h"

namespace jsms::test::desk {

using namespace support;

const std::string& Fixture() {
  static const std::string fixture =
      R"({"staff":[{"id":149,"name":"abc"},{"id":60,"name":"张伟"},{"id":150,"name":"陈静"}],"orders":[)" +
      Join({OrderJson({D1, 0, "甲科技有限公司", 149, "2017-06-21 09:00:00", "2017-06-21 09:00:00"}),
            OrderJson({D2, 1, "乙通信", 150, "2017-06-22 00:00:00", "2017-06-22 08:00:00"}),
            OrderJson({D3, 3, "丙科技", 149, "2017-06-23 10:00:00", "2017-06-23 11:00:00"}),
            OrderJson({D4, 5, "丁传媒", 150, "2017-06-24 23:59:59", "2017-06-25 08:00:00"}),
            OrderJson({D5, 6, "戊网络", 60, "2017-06-25 10:00:00", "2017-06-25 10:30:00"})}) +
      R"(],"resources":[)" +
      Join({ResourceJson(T0, "0"), ResourceJson(T1, "1"), ResourceJson(T2, "2"), ResourceJson(T3, "3")}) +
      R"(],"links":[)" + Join({LinkJson(D1, T1), LinkJson(D2, T1), LinkJson(D4, T1), LinkJson(D5, T2)}) +
      R"(],"demands":[)" +
      Join({DemandJson(X0, D5, "0", "2017-06-25 10:30:00"), DemandJson(X1, D2, "2", "2017-06-22 06:00:00")}) + "]}";
  return fixture;
}

std::string ResourceRowJson(const std::string& id, const std::string& state, const std::string& state_name) {
  return R"({"orderBy":null,"rowNum":null,"resourceId":")" + id +
         R"(","channelId":"9","channelType":"1","smsType":"验证码","contentProp":"1","belongBusiness":"60",)"
         R"("belongBusinessName":"张伟","directConnect":"0","extendSize":"2","signType":"1",)"
         R"("purchasePrice":"统一价:0.03","rate":"200","minimumGuarantee":"0","isCredit":"0","payType":"1",)"
         R"("invoiceType":"1","mtIp":"10.0.0.1","protocolType":"1","supplier":"某通信","contact":"王",)"
         R"("mobile":"13800000000","isAudit":"0","onlineDate":"2017-06-19","state":")" +
         state +
         R"(","remark":"r","auditorId":"1","operatorId":"1","createTime":"2017-06-20 09:49:18",)"
         R"("updateTime":"2017-06-20 11:08:44","channelTypeName":",移动","directConnectName":"直连",)"
         R"("signTypeName":",报备签名","extendSizeName":"支持2位","minimumGuaranteeName":"不承诺保底",)"
         R"("isCreditName":"否","invoiceTypeName":"专票","protocolTypeName":"CMPP","stateName":")" +
         state_name + R"("})";
}

std::string DemandRowJson(const std::string& id, const std::string& order_id, const std::string& state,
                          const std::string& state_name, const std::string& created) {
  return R"({"demandId":")" + id + R"(","orderId":")" + order_id +
         R"(","industryType":"同行","smsType":"验证码","expectNumber":"100万以下","minimumGuarantee":"0",)"
         R"("channelType":"1,3","directConnect":"0","extendSize":"4","rate":"100","signType":"1",)"
         R"("contentTemplate":"【某某】验证码1234","salePrice":"统一价:0.05","onlineDate":"2017-07-01",)"
         R"("state":")" +
         state + R"(","stateName":")" + state_name + R"(","remark":"找移动通道","operatorId":"60","createTime":")" +
         created + R"(","updateTime":")" + created + R"("})";
}

}  // namespace jsms::test::desk
