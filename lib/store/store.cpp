#include "store/store.h"

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

Store::Store(std::unique_ptr<Database> db, std::unique_ptr<Connection> watcher)
    : db_(std::move(db)),
      page_indexes_(std::make_unique<PageIndexCache>()),
      replies_(std::make_unique<ReplyCache>(kReplyCacheBytes)),
      orders_(std::make_unique<OrderStore>(db_.get())),
      resources_(std::make_unique<ResourceStore>(db_.get(), page_indexes_.get())),
      demands_(std::make_unique<DemandStore>(db_.get())),
      staff_(std::make_unique<StaffStore>(db_.get())),
      accounts_(std::make_unique<AccountStore>(db_.get())),
      watcher_(std::move(watcher)),
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
    auto watcher = std::make_unique<Connection>(path, busy_timeout_ms);
    out->reset(new Store(std::move(db), std::move(watcher)));
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    LogError("open", e.what());
    return Status(Code::kInternal, "cannot open database " + path + ": " + e.getErrorStr() +
                                       " (is it a jsms-ops database?)");
  }
}

Status Store::Load(const FixtureSet& fixtures) { return LoadFixtures(*db_, fixtures); }

uint64_t Store::DataVersion() const {
  static const Query kDataVersion("PRAGMA data_version");
  std::lock_guard<std::mutex> lock(watch_mutex_);
  try {
    auto query = watcher_->Prepared(kDataVersion);
    query->executeStep();
    int64_t version = query->getColumn(0).getInt64();
    // Our own commits change it too (they are made on other connections of the pool): harmless,
    // the sum below only has to change whenever the data may have.
    if (version != watched_version_) {
      watched_version_ = version;
      ++other_commits_;
    }
  } catch (const SQLite::Exception& e) {
    LogError("DataVersion", e.what());
    ++other_commits_;  // unknown: assume something changed
  }
  return db_->commits() + other_commits_;
}

Status Store::CountRecords(int64_t* orders, int64_t* resources) {
  return db_->Read("CountRecords", [&](Connection& c) {
    *orders = c.db().execAndGet("SELECT count(*) FROM orders").getInt64();
    *resources = c.db().execAndGet("SELECT count(*) FROM resources").getInt64();
    return Status::Ok();
  });
}

}  // namespace jsms
