// The SQLite store: every read and write of jsms-ops goes through here.
//
// A Store owns one database file: its connection pool (one connection per concurrent caller,
// statements prepared once and reused), its write queue (every write is one BEGIN IMMEDIATE
// transaction, grouped with the writes queued at the same moment), the caches kept valid by the
// data version, and the checkpointer. The concept stores it hands out — orders, resources,
// demands, staff — are thread-safe and return a Status, never throw: SQLite errors are logged on
// stderr and come back as kBusy (locked past the busy timeout) or kInternal.
#pragma once

#include <cstdint>
#include <atomic>
#include <memory>
#include <string>

#include "domain/status.h"
#include "fixtures/fixture_set.h"
#include "store/accounts.h"
#include "store/demands.h"
#include "store/history.h"
#include "store/orders.h"
#include "store/resources.h"
#include "store/staff.h"
#include "store/stats.h"

namespace jsms {

class Histogram;
class ReplyCache;
namespace store {
class Checkpointer;
class Database;
class PageIndexCache;
}  // namespace store

struct StoreOptions {
  // How long a write waits for another process's lock before answering kBusy.
  int busy_timeout_ms = 5000;
  // Past this size the WAL is checkpointed whole and truncated (store/write_queue.h).
  int64_t wal_limit_bytes = 64 * 1024 * 1024;  // store::kDefaultWalLimitBytes
  // Encodes resource rows as the page writes them (store/resources.h): what opens the store for
  // the server and the commands hands in json's PackResourceRow.
  ResourceRowEncoder encode_resource_row;
};

class Store {
 public:
  // Opens the database file at `path`, creating it with the embedded schema when it is new.
  // Refuses, with a message naming the problem and leaving the file as it was: an empty path, a
  // missing folder, a file that is not a database, another application's database (tables but
  // no schema version), a schema version newer than this build's. Sets WAL, synchronous=NORMAL,
  // foreign keys and a busy timeout of `busy_timeout_ms` on every connection.
  static Status Open(const std::string& path, const StoreOptions& options, std::unique_ptr<Store>* out);

  // What Open checks before it touches the file, for a caller that must refuse early (the server,
  // before it takes the file's lock): a name, an existing folder, and not another application's
  // database. Writes nothing.
  static Status CheckOpenable(const std::string& path);
  static Status Open(const std::string& path, std::unique_ptr<Store>* out, int busy_timeout_ms = 5000) {
    StoreOptions options;
    options.busy_timeout_ms = busy_timeout_ms;
    return Open(path, options, out);
  }
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  OrderStore& orders() { return *orders_; }
  ResourceStore& resources() { return *resources_; }
  DemandStore& demands() { return *demands_; }
  StaffStore& staff() { return *staff_; }
  StatsStore& stats() { return *stats_; }
  HistoryStore& history() { return *history_; }
  AccountStore& accounts() { return *accounts_; }

  // Encoded replies of the hottest reads, valid while DataVersion() is unchanged.
  ReplyCache& replies() { return *replies_; }

  // Upserts every record of `fixtures` by id, in one transaction: all or nothing. A link or
  // demand naming a missing order or resource gives kInvalidParam naming its origin.
  Status Load(const FixtureSet& fixtures);

  // Changes whenever a write commits to the database file, through this store or any other
  // connection (a `jsms-ops seed` or `staff` command, a sqlite3 shell): a value read before a
  // query and unchanged afterwards means nothing the query read has changed since. Commits of
  // this process count at once; another's are looked for at most once a millisecond
  // (store/data_version.h), so they are seen by the first request after them when requests are
  // sparser than that, and within a millisecond under load.
  uint64_t DataVersion() const;

  // Counts of rows per table, for the CLI's report after seeding.
  Status CountRecords(int64_t* orders, int64_t* resources);

  // A trivial read of the database (GET /healthz): Ok with the file's schema version, or the
  // error (logged) when the database cannot be read.
  Status Ping(int* schema_version);

  // Sizes in bytes of the database file and of its WAL (0 when there is none), read from the
  // file system now. False when the database file cannot be stat'ed.
  bool FileSizes(uint64_t* db_bytes, uint64_t* wal_bytes) const;

  // How many writes each committed group-commit batch held.
  const Histogram& WriteBatchSizes() const;

 private:
  Store(std::unique_ptr<store::Database> db, const StoreOptions& options);

  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::PageIndexCache> page_indexes_;  // resource page indexes by state filter
  std::unique_ptr<ReplyCache> replies_;
  std::unique_ptr<OrderStore> orders_;
  std::unique_ptr<ResourceStore> resources_;
  std::unique_ptr<DemandStore> demands_;
  std::unique_ptr<StaffStore> staff_;
  std::unique_ptr<StatsStore> stats_;
  std::unique_ptr<HistoryStore> history_;
  std::unique_ptr<AccountStore> accounts_;
  ResourceRowEncoder encode_resource_row_;
  std::unique_ptr<store::Checkpointer> checkpointer_;  // destroyed first: checkpoints, then the pool closes
};

}  // namespace jsms
