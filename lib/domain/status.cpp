#include "domain/status.h"

namespace jsms {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "";
    case Code::kInvalidParam: return "INVALID_PARAM";
    case Code::kOrderNotFound: return "ORDER_NOT_FOUND";
    case Code::kResourceNotFound: return "RESOURCE_NOT_FOUND";
    case Code::kDemandNotFound: return "DEMAND_NOT_FOUND";
    case Code::kResourceNotReady: return "RESOURCE_NOT_READY";
    case Code::kStateConflict: return "STATE_CONFLICT";
    case Code::kStaleUpdate: return "STALE_UPDATE";
    case Code::kBusy: return "BUSY";
    case Code::kInternal: return "INTERNAL";
  }
  return "INTERNAL";
}

}  // namespace jsms
