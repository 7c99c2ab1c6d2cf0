#include "store/store.h"

#include <chrono>

#include "store/checkpointer.h"
#include "store/database.h"
#include "store/fixtures.h"
#include "store/page_index.h"
#include "store/reply_cache.h"
#include "store/schema.h"
#include "util/log.h"

namespace jsms {

using namespace store;

namespace {

// 16 MiB: every order detail of a 10,000-order desk, or a few hundred resource pages.
constexpr size_t kReplyCacheBytes = 16 * 1024 * 1024;

}  // namespace

Store::Store(std::unique_ptr<Database> db)
    : db_(std::move(db)),
      page_indexes_(std::make_unique<PageIndexCache>()),
      replies_(std::make_unique<ReplyCache>(kReplyCacheBytes)),
      orders_(std::make_unique<OrderStore>(db_.get())),
      resources_(std::make_unique<ResourceStore>(db_.get(), page_indexes_.get())),
      demands_(std::make_unique<DemandStore>(db_.get())),
      staff_(std::make_unique<StaffStore>(db_.get())),
      accounts_(std::make_unique<AccountStore>(db_.get())),
      checkpointer_(std::make_unique<Checkpointer>(db_.get())) {}

Store::~Store() = default;

Status Store::Open(const std::string& path, std::unique_ptr<Store>* out, int busy_timeout_ms) {
  try {
    auto db = std::make_unique<Database>(path, busy_timeout_ms);
    {
      auto c = db->pool().Acquire();
      Status schema = EnsureSchema(*c, path);
      if (!schema.ok()) return schema;
    }
    out->reset(new Store(std::move(db)));
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    LogError("open", e.what());
    return Status(Code::kInternal, "cannot open database " + path + ": " + e.getErrorStr() +
                                       " (is it a jsms-ops database?)");
  }
}

Status Store::Load(const FixtureSet& fixtures) { return LoadFixtures(*db_, fixtures); }

uint64_t Store::DataVersion() const {
  return db_->commits() + seen_commits_.load(std::memory_order_acquire);
}

void Store::NoticeOtherWriters() const {
  // A look starts a read transaction, whose locks contend with every other connection's and
  // whose retries sleep: a look on every request cut the cached order detail to a third of its
  // throughput (latency 0.3 -> 1.5-2 ms, 16 connections). So under load one thread looks per
  // interval and the others go on.
  const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now().time_since_epoch()).count();
  int64_t last = last_look_micros_.load(std::memory_order_relaxed);
  if (now - last < kLookIntervalMicros || !last_look_micros_.compare_exchange_strong(last, now)) return;
  try {
    // Whichever connection answers, a commit made since the previous look on that connection
    // shows; one made before that look was counted by it already.
    auto c = db_->pool().Acquire();
    if (c->OthersCommittedSinceLastAsked()) seen_commits_.fetch_add(1, std::memory_order_acq_rel);
  } catch (const SQLite::Exception& e) {
    LogError("NoticeOtherWriters", e.what());
    seen_commits_.fetch_add(1, std::memory_order_acq_rel);  // unknown: assume something changed
  }
}

Status Store::CountRecords(int64_t* orders, int64_t* resources) {
  return db_->Read("CountRecords", [&](Connection& c) {
    *orders = c.db().execAndGet("SELECT count(*) FROM orders").getInt64();
    *resources = c.db().execAndGet("SELECT count(*) FROM resources").getInt64();
    return Status::Ok();
  });
}

}  // namespace jsms
