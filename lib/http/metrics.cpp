#include "http/metrics.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>

#include "http/errors.h"
#include "store/store.h"
#include "util/log.h"
#include "util/metrics.h"

namespace jsms {

namespace {

// Route slots: 0 is "unmatched"; the rest are patterns in the order they were registered.
constexpr size_t kMaxRoutes = 96;

const char* const kMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"};
constexpr size_t kMethodCount = std::size(kMethods);

// Statuses counted exactly; any other is counted under its class ("1xx" … "5xx").
constexpr int kStatuses[] = {200, 204, 304, 400, 401, 403, 404, 405, 408, 409, 413, 414, 415, 416, 429, 431, 500, 503};
constexpr size_t kExactStatusCount = std::size(kStatuses);
constexpr size_t kStatusCount = kExactStatusCount + 5;

// Request durations, in microseconds, and the same bounds as Prometheus's `le` labels.
const std::vector<uint64_t> kDurationBoundsUs = {500,    1000,   2500,    5000,    10000,   25000,   50000,
                                                 100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000};
const char* const kDurationLabels[] = {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
                                       "0.1",    "0.25",  "0.5",    "1",     "2.5",  "5",     "10"};

constexpr Action kActions[] = {Action::kDaipipei, Action::kPipeichenggong, Action::kHuitui, Action::kFaqixuqiu};
constexpr size_t kMaxCodes = 64;  // room for codes added after this file was written

const auto kStartedSteady = std::chrono::steady_clock::now();
const auto kStartedWall = std::chrono::system_clock::now();

size_t MethodIndex(std::string_view method) {
  for (size_t i = 0; i + 1 < kMethodCount; ++i) {
    if (method == kMethods[i]) return i;
  }
  return kMethodCount - 1;
}

size_t StatusIndex(int status) {
  for (size_t i = 0; i < kExactStatusCount; ++i) {
    if (kStatuses[i] == status) return i;
  }
  int family = status / 100;
  return kExactStatusCount + static_cast<size_t>(family >= 1 && family <= 5 ? family - 1 : 4);
}

std::string StatusLabel(size_t index) {
  if (index < kExactStatusCount) return std::to_string(kStatuses[index]);
  return std::to_string(index - kExactStatusCount + 1) + "xx";
}

class Registry {
 public:
  Registry() : requests_(new Counter[kMaxRoutes * kMethodCount * kStatusCount]) {
    durations_.reserve(kMaxRoutes);
    for (size_t i = 0; i < kMaxRoutes; ++i) durations_.emplace_back(kDurationBoundsUs);
    patterns_[0] = "unmatched";
  }

  void Register(std::string_view pattern) {
    std::lock_guard<std::mutex> lock(mutex_);
    size_t count = routes_.load(std::memory_order_relaxed);
    for (size_t i = 1; i < count; ++i) {
      if (patterns_[i] == pattern) return;
    }
    if (count == kMaxRoutes) {
      LogError("metrics", "too many routes; requests to " + std::string(pattern) + " are counted as unmatched");
      return;
    }
    patterns_[count] = pattern;
    routes_.store(count + 1, std::memory_order_release);  // publishes patterns_[count]
  }

  // The slot of `route`: no lock (patterns are compared by address first, since every lookup
  // passes the same string literal the route table registered).
  size_t Slot(const Route* route) {
    if (!route) return 0;
    std::string_view pattern = route->pattern;
    for (int pass = 0; pass < 2; ++pass) {
      size_t count = routes_.load(std::memory_order_acquire);
      for (size_t i = 1; i < count; ++i) {
        if (patterns_[i].data() == pattern.data() && patterns_[i].size() == pattern.size()) return i;
      }
      for (size_t i = 1; i < count; ++i) {
        if (patterns_[i] == pattern) return i;
      }
      Register(pattern);  // a route no Api registered: only ever its first request
    }
    return 0;
  }

  void CountRequest(const Route* route, std::string_view method, int status, uint64_t took_us) {
    size_t slot = Slot(route);
    requests_[(slot * kMethodCount + MethodIndex(method)) * kStatusCount + StatusIndex(status)].Add();
    durations_[slot].Observe(took_us);
  }

  void CountAction(Action action, Code result) {
    size_t code = static_cast<size_t>(result);
    if (code >= kMaxCodes) code = static_cast<size_t>(Code::kInternal);
    actions_[static_cast<size_t>(action)][code].Add();
  }

  void CountLogin(bool ok) { logins_[ok ? 0 : 1].Add(); }

  void Render(std::string* out) const;

 private:
  std::mutex mutex_;                   // Register only
  std::atomic<size_t> routes_{1};      // slots in use, "unmatched" included
  std::array<std::string_view, kMaxRoutes> patterns_;
  std::unique_ptr<Counter[]> requests_;  // [route][method][status]
  std::vector<Histogram> durations_;     // [route]
  std::array<std::array<Counter, kMaxCodes>, std::size(kActions)> actions_;
  std::array<Counter, 2> logins_;        // ok, failed
};

Registry& TheRegistry() {
  static Registry registry;
  return registry;
}

// Prometheus text format 0.0.4: HELP and TYPE per family, then `name{labels} value` lines.
class Exposition {
 public:
  explicit Exposition(std::string* out) : out_(*out) {}

  void Family(const char* name, const char* type, const char* help) {
    out_.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  }

  using Labels = std::vector<std::pair<const char*, std::string>>;

  void Sample(std::string_view name, const Labels& labels, const std::string& value) {
    out_.append(name);
    if (!labels.empty()) {
      out_.push_back('{');
      for (size_t i = 0; i < labels.size(); ++i) {
        if (i) out_.push_back(',');
        out_.append(labels[i].first).append("=\"");
        for (char c : labels[i].second) {
          if (c == '\\') {
            out_.append("\\\\");
          } else if (c == '"') {
            out_.append("\\\"");
          } else if (c == '\n') {
            out_.append("\\n");
          } else {
            out_.push_back(c);
          }
        }
        out_.push_back('"');
      }
      out_.push_back('}');
    }
    out_.append(" ").append(value).append("\n");
  }

  // A histogram's _bucket lines (cumulative, ending in +Inf), _sum and _count. `sum` is already
  // formatted in the histogram's unit.
  void HistogramSamples(const std::string& name, Labels labels, const Histogram::Snapshot& snapshot,
                        const std::vector<std::string>& le, const std::string& sum) {
    Labels with_le = labels;
    with_le.emplace_back("le", "");
    for (size_t i = 0; i < snapshot.cumulative.size(); ++i) {
      with_le.back().second = i < le.size() ? le[i] : "+Inf";
      Sample(name + "_bucket", with_le, std::to_string(snapshot.cumulative[i]));
    }
    Sample(name + "_sum", labels, sum);
    Sample(name + "_count", labels, std::to_string(snapshot.count));
  }

 private:
  std::string& out_;
};

// Microseconds as seconds, exactly ("1.000250").
std::string Seconds(uint64_t us) {
  char text[32];
  std::snprintf(text, sizeof text, "%llu.%06llu", static_cast<unsigned long long>(us / 1000000),
                static_cast<unsigned long long>(us % 1000000));
  return text;
}

void Registry::Render(std::string* out) const {
  Exposition e(out);
  const size_t routes = routes_.load(std::memory_order_acquire);

  e.Family("jsms_http_requests_total", "counter",
           "HTTP replies sent, by route pattern (\"unmatched\" when no route matched), method and status.");
  for (size_t r = 0; r < routes; ++r) {
    for (size_t m = 0; m < kMethodCount; ++m) {
      for (size_t s = 0; s < kStatusCount; ++s) {
        uint64_t n = requests_[(r * kMethodCount + m) * kStatusCount + s].value();
        if (n == 0) continue;
        e.Sample("jsms_http_requests_total",
                 {{"route", std::string(patterns_[r])}, {"method", kMethods[m]}, {"status", StatusLabel(s)}},
                 std::to_string(n));
      }
    }
  }

  e.Family("jsms_http_request_duration_seconds", "histogram",
           "Time from a request's head being read to its reply's last byte being written, by route pattern.");
  const std::vector<std::string> le(std::begin(kDurationLabels), std::end(kDurationLabels));
  for (size_t r = 0; r < routes; ++r) {
    Histogram::Snapshot snapshot = durations_[r].Read();
    if (snapshot.count == 0) continue;
    e.HistogramSamples("jsms_http_request_duration_seconds", {{"route", std::string(patterns_[r])}}, snapshot, le,
                       Seconds(snapshot.sum));
  }

  e.Family("jsms_actions_total", "counter",
           "The four peidan actions answered, by action and result: ok, or the refusal's code.");
  for (size_t a = 0; a < std::size(kActions); ++a) {
    for (size_t code = 0; code < kMaxCodes; ++code) {
      uint64_t n = actions_[a][code].value();
      if (n == 0 && code != 0) continue;  // "ok" is always shown, refusals once they happen
      const char* result = code == 0 ? "ok" : ErrorKindOf(static_cast<Code>(code)).wire;
      e.Sample("jsms_actions_total", {{"action", RuleFor(kActions[a]).word}, {"result", result}}, std::to_string(n));
    }
  }

  e.Family("jsms_logins_total", "counter", "Login attempts, by result (ok or failed).");
  e.Sample("jsms_logins_total", {{"result", "ok"}}, std::to_string(logins_[0].value()));
  e.Sample("jsms_logins_total", {{"result", "failed"}}, std::to_string(logins_[1].value()));
}

// Resident memory from /proc/self/statm (its second field, in pages); 0 when unreadable.
uint64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

// The process's start as Unix time: /proc/self/stat's starttime (clock ticks after boot) plus
// the boot time from /proc/stat, as other Prometheus clients do; the time this library was
// loaded when /proc cannot be read.
double StartTimeSeconds() {
  double fallback = std::chrono::duration<double>(kStartedWall.time_since_epoch()).count();
  std::ifstream stat_file("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  size_t paren = stat.rfind(')');  // the command name may hold spaces and parentheses
  if (paren == std::string::npos) return fallback;
  std::istringstream fields(stat.substr(paren + 2));
  std::string field;
  // After the name: state is field 3, starttime field 22.
  for (int i = 3; i < 22 && fields >> field; ++i) {
  }
  unsigned long long start_ticks = 0;
  if (!(fields >> start_ticks)) return fallback;
  std::ifstream proc_stat("/proc/stat");
  std::string key;
  unsigned long long boot = 0;
  while (proc_stat >> key) {
    if (key == "btime" && proc_stat >> boot) break;
  }
  long ticks = ::sysconf(_SC_CLK_TCK);
  if (boot == 0 || ticks <= 0) return fallback;
  return static_cast<double>(boot) + static_cast<double>(start_ticks) / static_cast<double>(ticks);
}

}  // namespace

void RegisterRouteMetrics(const std::vector<Route>& routes) {
  for (const Route& route : routes) TheRegistry().Register(route.pattern);
}

void CountRequest(const Route* route, std::string_view method, int status, std::chrono::microseconds took) {
  TheRegistry().CountRequest(route, method, status, took.count() > 0 ? static_cast<uint64_t>(took.count()) : 0);
}

void CountAction(Action action, Code result) { TheRegistry().CountAction(action, result); }

void CountLogin(bool ok) { TheRegistry().CountLogin(ok); }

std::string RenderMetrics(const Store& store) {
  std::string out;
  TheRegistry().Render(&out);
  Exposition e(&out);

  e.Family("jsms_write_batch_size", "histogram",
           "Writes per group-commit transaction (each write in its own savepoint, one commit for all).");
  const Histogram& batches = store.WriteBatchSizes();
  std::vector<std::string> le;
  for (uint64_t bound : batches.bounds()) le.push_back(std::to_string(bound));
  Histogram::Snapshot snapshot = batches.Read();
  e.HistogramSamples("jsms_write_batch_size", {}, snapshot, le, std::to_string(snapshot.sum));

  uint64_t db_bytes = 0, wal_bytes = 0;
  bool sized = store.FileSizes(&db_bytes, &wal_bytes);
  e.Family("jsms_db_size_bytes", "gauge", "Size of the database file.");
  if (sized) e.Sample("jsms_db_size_bytes", {}, std::to_string(db_bytes));
  e.Family("jsms_wal_size_bytes", "gauge", "Size of the database's write-ahead log (0 when there is none).");
  if (sized) e.Sample("jsms_wal_size_bytes", {}, std::to_string(wal_bytes));

  e.Family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  e.Sample("process_resident_memory_bytes", {}, std::to_string(ResidentBytes()));
  e.Family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
  char start[32];
  std::snprintf(start, sizeof start, "%.2f", StartTimeSeconds());
  e.Sample("process_start_time_seconds", {}, start);
  return out;
}

int64_t UptimeSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - kStartedSteady).count();
}

}  // namespace jsms
