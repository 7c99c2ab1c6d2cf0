#include "store/store.h"

#include <sys/stat.h>
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

// SQLite says only "unable to open database file" when the folder of a new file is missing.
Status CheckFolderExists(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return Status::Ok();
  std::string folder = slash == 0 ? "/" : path.substr(0, slash);
  struct stat info;
  if (::stat(folder.c_str(), &info) != 0) {
    return Status::InvalidParam("cannot open database " + path + ": the folder " + folder + " does not exist");
  }
  if (!S_ISDIR(info.st_mode)) {
    return Status::InvalidParam("cannot open database " + path + ": " + folder + " is not a folder");
  }
  return Status::Ok();
}

}  // namespace

Store::Store(std::unique_ptr<Database> db, const StoreOptions& options)
    : db_(std::move(db)),
      page_indexes_(std::make_unique<PageIndexCache>()),
      replies_(std::make_unique<ReplyCache>(kReplyCacheBytes)),
      orders_(std::make_unique<OrderStore>(db_.get())),
      resources_(std::make_unique<ResourceStore>(db_.get(), page_indexes_.get(), options.encode_resource_row)),
      demands_(std::make_unique<DemandStore>(db_.get())),
      staff_(std::make_unique<StaffStore>(db_.get())),
      stats_(std::make_unique<StatsStore>(db_.get())),
      history_(std::make_unique<HistoryStore>(db_.get())),
      accounts_(std::make_unique<AccountStore>(db_.get())),
      encode_resource_row_(options.encode_resource_row),
      checkpointer_(std::make_unique<Checkpointer>(db_.get())) {}

Store::~Store() = default;

Status Store::CheckOpenable(const std::string& path) {
  // SQLite would take "" for a private temporary database, gone at exit.
  if (path.empty()) return Status::InvalidParam("the database file name is empty");
  Status folder = CheckFolderExists(path);
  if (!folder.ok()) return folder;
  try {
    return CheckNotForeign(path);
  } catch (const SQLite::Exception& e) {
    LogError("open", e.what());
    return Status(Code::kInternal, "cannot open database " + path + ": " + e.getErrorStr() +
                                       " (is it a jsms-ops database?)");
  }
}

Status Store::Open(const std::string& path, const StoreOptions& options, std::unique_ptr<Store>* out) {
  Status openable = CheckOpenable(path);
  if (!openable.ok()) return openable;
  try {
    auto db = std::make_unique<Database>(path, options.busy_timeout_ms, options.wal_limit_bytes);
    int found_version = 0;
    int page_size = 0;
    {
      auto c = db->pool().Acquire();
      Status schema = EnsureSchema(*c, path, &found_version);
      if (!schema.ok()) return schema;
      page_size = c->db().execAndGet("PRAGMA page_size").getInt();
    }
    const bool small_pages = page_size < kPageSize;
    if (small_pages || (found_version > 0 && found_version < kRowsPackedVersion)) {
      // With every connection of this store closed (schema.h, Rebuild); one rebuild for both.
      db.reset();
      Rebuild(path, small_pages);
      db = std::make_unique<Database>(path, options.busy_timeout_ms, options.wal_limit_bytes);
    }
    out->reset(new Store(std::move(db), options));
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    LogError("open", e.what());
    return Status(Code::kInternal, "cannot open database " + path + ": " + e.getErrorStr() +
                                       " (is it a jsms-ops database?)");
  }
}

Status Store::Load(const FixtureSet& fixtures) { return LoadFixtures(*db_, fixtures, encode_resource_row_); }

uint64_t Store::DataVersion() const { return db_->DataVersion(); }

Status Store::CountRecords(int64_t* orders, int64_t* resources) {
  return db_->Read("CountRecords", [&](Connection& c) {
    *orders = c.db().execAndGet("SELECT count(*) FROM orders").getInt64();
    *resources = c.db().execAndGet("SELECT count(*) FROM resources").getInt64();
    return Status::Ok();
  });
}

Status Store::Ping(int* schema_version) {
  return db_->Read("Ping", [&](Connection& c) {
    // The header's version, then one page of a table: a file that lost its schema or its pages
    // fails here.
    *schema_version = c.db().execAndGet("PRAGMA user_version").getInt();
    c.db().execAndGet("SELECT count(*) FROM (SELECT 1 FROM orders LIMIT 1)");
    return Status::Ok();
  });
}

bool Store::FileSizes(uint64_t* db_bytes, uint64_t* wal_bytes) const {
  const std::string& path = db_->pool().path();
  struct stat file;
  if (::stat(path.c_str(), &file) != 0) return false;
  *db_bytes = static_cast<uint64_t>(file.st_size);
  struct stat wal;
  *wal_bytes = ::stat((path + "-wal").c_str(), &wal) == 0 ? static_cast<uint64_t>(wal.st_size) : 0;
  return true;
}

const Histogram& Store::WriteBatchSizes() const { return db_->writes().batch_sizes(); }

}  // namespace jsms
