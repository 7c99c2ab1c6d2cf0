#include "store/accounts.h"

#include "store/database.h"
#include "store/sql.h"

namespace jsms {

using namespace store;

namespace {

// The columns ReadAccount reads, in order, from the staff table as `st`.
const std::string kAccountColumns =
    "st.id, st.name, st.login, st.role, st.disabled, st.passwordHash IS NOT NULL,"
    " CASE WHEN st.lastLoginAt IS NULL THEN NULL ELSE datetime(st.lastLoginAt, 'unixepoch', 'localtime') END";
constexpr int kAccountColumnCount = 7;

const Query kAnyPassword("SELECT EXISTS (SELECT 1 FROM staff WHERE passwordHash IS NOT NULL)");
const Query kListAccounts("SELECT " + kAccountColumns + " FROM staff st ORDER BY st.id");
const Query kAccountById("SELECT " + kAccountColumns + " FROM staff st WHERE st.id = ?");
const Query kAccountByLogin("SELECT " + kAccountColumns + ", st.passwordHash FROM staff st WHERE st.login = ?");
const Query kLoginOwner("SELECT id FROM staff WHERE login = ?");
const Query kStaffLogin("SELECT login FROM staff WHERE id = ?");
const Query kInsertAccount("INSERT INTO staff (id, name, login, role, passwordHash) VALUES (?, ?, ?, ?, ?)");
const Query kGiveAccount(
    "UPDATE staff SET name = coalesce(:name, name), login = :login, role = :role, passwordHash = :hash,"
    " disabled = 0 WHERE id = :id");
const Query kEditAccount(
    "UPDATE staff SET name = coalesce(:name, name), role = coalesce(:role, role),"
    " disabled = coalesce(:disabled, disabled) WHERE id = :id");
// An active admin can sign in and act as admin: enabled, with a password.
const Query kIsActiveAdmin(
    "SELECT EXISTS (SELECT 1 FROM staff WHERE id = ? AND role = 'admin' AND disabled = 0"
    " AND passwordHash IS NOT NULL)");
const Query kOtherActiveAdmins(
    "SELECT count(*) FROM staff WHERE role = 'admin' AND disabled = 0 AND passwordHash IS NOT NULL AND id <> ?");
const Query kSetPassword("UPDATE staff SET passwordHash = ? WHERE id = ?");
const Query kEndSessionsOf("DELETE FROM sessions WHERE staffId = ? AND idDigest <> ?");

const Query kFailuresForLogin("SELECT at FROM login_events WHERE login = ? AND success = 0 AND at > ?");
const Query kFailuresForAddress("SELECT at FROM login_events WHERE clientAddress = ? AND success = 0 AND at > ?");
const Query kInsertEvent(
    "INSERT INTO login_events (login, staffId, clientAddress, success, at) VALUES (?, ?, ?, ?, ?)");
const Query kInsertSession("INSERT INTO sessions (idDigest, staffId, createdAt, lastSeenAt) VALUES (?, ?, ?, ?)");
const Query kEndSession("DELETE FROM sessions WHERE idDigest = ?");
const Query kDropExpiredSessions("DELETE FROM sessions WHERE lastSeenAt <= ? OR createdAt <= ?");
const Query kSetLastLogin("UPDATE staff SET lastLoginAt = ? WHERE id = ?");

constexpr const char* kEventFilterSql = " WHERE (:login IS NULL OR login = :login)";
const Query kCountEvents(std::string("SELECT count(*) FROM login_events") + kEventFilterSql);
const Query kSelectEvents(std::string("SELECT id, login, staffId, clientAddress, success,"
                                      " datetime(at, 'unixepoch', 'localtime') FROM login_events") +
                          kEventFilterSql + " ORDER BY id DESC LIMIT :limit OFFSET :offset");

// Sessions and tokens count only for an enabled member with a login and a role.
const Query kSessionOwner("SELECT " + kAccountColumns + ", s.createdAt, s.lastSeenAt FROM sessions s"
                          " JOIN staff st ON st.id = s.staffId"
                          " WHERE s.idDigest = ? AND st.disabled = 0 AND st.login IS NOT NULL AND st.role IS NOT NULL");
const Query kTouchSession("UPDATE sessions SET lastSeenAt = ? WHERE idDigest = ?");
const Query kTokenOwner("SELECT " + kAccountColumns + " FROM api_tokens t JOIN staff st ON st.id = t.staffId"
                        " WHERE t.tokenDigest = ? AND st.disabled = 0 AND st.login IS NOT NULL"
                        " AND st.role IS NOT NULL");
const Query kInsertToken("INSERT INTO api_tokens (staffId, label, tokenDigest, createdAt) VALUES (?, ?, ?, ?)");
const Query kListTokens(
    "SELECT t.id, t.staffId, st.login, t.label, datetime(t.createdAt, 'unixepoch', 'localtime')"
    " FROM api_tokens t JOIN staff st ON st.id = t.staffId ORDER BY t.id");
const Query kRevokeToken("DELETE FROM api_tokens WHERE id = ?");

void ReadAccount(SQLite::Statement& row, Account* out) {
  out->id = row.getColumn(0).getInt64();
  out->name = row.getColumn(1).getString();
  out->login.reset();
  if (!row.isColumnNull(2)) out->login = row.getColumn(2).getString();
  out->role.reset();
  if (!row.isColumnNull(3)) out->role = RoleFromName(row.getColumn(3).getString());
  out->disabled = row.getColumn(4).getInt() != 0;
  out->has_password = row.getColumn(5).getInt() != 0;
  out->last_login.reset();
  if (!row.isColumnNull(6)) out->last_login = row.getColumn(6).getString();
}

void BindBlob(SQLite::Statement& statement, int index, const std::string& bytes) {
  statement.bind(index, bytes.data(), static_cast<int>(bytes.size()));
}

Status StaffNotFound(int64_t id) { return Status(Code::kStaffNotFound, "员工" + std::to_string(id) + "不存在"); }

Status GetAccount(Connection& c, int64_t id, Account* out) {
  auto query = c.Prepared(kAccountById);
  query->bind(1, id);
  if (!query->executeStep()) return StaffNotFound(id);
  ReadAccount(*query, out);
  return Status::Ok();
}

// kStateConflict when `login` belongs to someone other than `id`.
Status CheckLoginFree(Connection& c, const std::string& login, std::optional<int64_t> id) {
  auto query = c.Prepared(kLoginOwner);
  query->bind(1, login);
  if (query->executeStep() && (!id || query->getColumn(0).getInt64() != *id)) {
    return Status(Code::kStateConflict, "登录名" + login + "已被使用");
  }
  return Status::Ok();
}

void EndSessionsOf(Connection& c, int64_t id, const std::string& keep_digest) {
  auto end = c.Prepared(kEndSessionsOf);
  end->bind(1, id);
  BindBlob(*end, 2, keep_digest);
  end->exec();
}

void ReadTimes(Connection& c, const Query& query, const std::string& key, int64_t since, std::vector<int64_t>* out) {
  auto select = c.Prepared(query);
  select->bind(1, key);
  select->bind(2, since);
  out->clear();
  while (select->executeStep()) out->push_back(select->getColumn(0).getInt64());
}

}  // namespace

Status AccountStore::AnyPassword(bool* out) {
  return db_->Read("AnyPassword", [&](Connection& c) {
    auto query = c.Prepared(kAnyPassword);
    query->executeStep();
    *out = query->getColumn(0).getInt() != 0;
    return Status::Ok();
  });
}

Status AccountStore::List(std::vector<Account>* out) {
  return db_->Read("ListAccounts", [&](Connection& c) {
    auto query = c.Prepared(kListAccounts);
    out->clear();
    while (query->executeStep()) {
      out->emplace_back();
      ReadAccount(*query, &out->back());
    }
    return Status::Ok();
  });
}

Status AccountStore::Get(int64_t id, Account* out) {
  return db_->Read("GetAccount", [&](Connection& c) { return GetAccount(c, id, out); });
}

Status AccountStore::FindByLogin(const std::string& login, Account* out, std::string* password_hash, bool* found) {
  return db_->Read("FindAccountByLogin", [&](Connection& c) {
    auto query = c.Prepared(kAccountByLogin);
    query->bind(1, login);
    *found = query->executeStep();
    if (*found) {
      ReadAccount(*query, out);
      *password_hash = query->isColumnNull(kAccountColumnCount) ? "" : query->getColumn(kAccountColumnCount).getString();
    }
    return Status::Ok();
  });
}

Status AccountStore::Add(const NewAccount& account, Account* out) {
  return db_->Write("AddAccount", [&](Connection& c) {
    Status free = CheckLoginFree(c, account.login, std::nullopt);
    if (!free.ok()) return free;
    bool exists = false;
    if (account.id) {
      auto query = c.Prepared(kStaffLogin);
      query->bind(1, *account.id);
      exists = query->executeStep();
      if (exists && !query->isColumnNull(0)) {
        return Status(Code::kStateConflict,
                      "员工" + std::to_string(*account.id) + "已有登录名" + query->getColumn(0).getString());
      }
    }
    if (exists) {
      auto give = c.Prepared(kGiveAccount);
      if (account.name) give->bind(":name", *account.name);
      give->bind(":login", account.login);
      give->bind(":role", RoleName(account.role));
      give->bind(":hash", account.password_hash);
      give->bind(":id", *account.id);
      give->exec();
      return GetAccount(c, *account.id, out);
    }
    if (!account.name) return Status::InvalidParam("缺少参数name（新员工须有姓名）");
    auto insert = c.Prepared(kInsertAccount);
    if (account.id) insert->bind(1, *account.id);
    insert->bind(2, *account.name);
    insert->bind(3, account.login);
    insert->bind(4, RoleName(account.role));
    insert->bind(5, account.password_hash);
    insert->exec();
    return GetAccount(c, c.db().getLastInsertRowid(), out);
  });
}

Status AccountStore::Edit(int64_t id, const AccountChanges& changes, Account* out) {
  return db_->Write("EditAccount", [&](Connection& c) {
    Account before;
    Status found = GetAccount(c, id, &before);
    if (!found.ok()) return found;
    if ((changes.role || changes.disabled) && !before.login) {
      return Status(Code::kStateConflict, "员工" + std::to_string(id) + "没有登录账号（先用staff add添加）");
    }
    bool demoted = changes.role && *changes.role != Role::kAdmin;
    bool disabling = changes.disabled && *changes.disabled;
    if (demoted || disabling) {
      auto active = c.Prepared(kIsActiveAdmin);
      active->bind(1, id);
      active->executeStep();
      if (active->getColumn(0).getInt() != 0) {
        auto others = c.Prepared(kOtherActiveAdmins);
        others->bind(1, id);
        others->executeStep();
        if (others->getColumn(0).getInt64() == 0) {
          return Status(Code::kStateConflict, "不能停用或降级最后一个有效的管理员");
        }
      }
    }
    {
      auto edit = c.Prepared(kEditAccount);
      if (changes.name) edit->bind(":name", *changes.name);
      if (changes.role) edit->bind(":role", RoleName(*changes.role));
      if (changes.disabled) edit->bind(":disabled", *changes.disabled ? 1 : 0);
      edit->bind(":id", id);
      edit->exec();
    }
    bool role_changed = changes.role && before.role != changes.role;
    bool now_disabled = disabling && !before.disabled;
    if (role_changed || now_disabled) EndSessionsOf(c, id, "");
    return GetAccount(c, id, out);
  });
}

Status AccountStore::SetPassword(int64_t id, const std::string& password_hash, const std::string& keep_session_digest) {
  return db_->Write("SetPassword", [&](Connection& c) {
    Account account;
    Status found = GetAccount(c, id, &account);
    if (!found.ok()) return found;
    if (!account.login) {
      return Status(Code::kStateConflict, "员工" + std::to_string(id) + "没有登录账号（先用staff add添加）");
    }
    {
      auto set = c.Prepared(kSetPassword);
      set->bind(1, password_hash);
      set->bind(2, id);
      set->exec();
    }
    EndSessionsOf(c, id, keep_session_digest);
    return Status::Ok();
  });
}

Status AccountStore::RecentFailuresFor(const std::string& login, const std::string& client_address, int64_t now,
                                       RecentFailures* out) {
  return db_->Read("RecentFailures", [&](Connection& c) {
    const int64_t since = now - kLockoutWindowSeconds;
    ReadTimes(c, kFailuresForLogin, login, since, &out->for_login);
    ReadTimes(c, kFailuresForAddress, client_address, since, &out->for_address);
    return Status::Ok();
  });
}

Status AccountStore::RecordLogin(const LoginAttempt& attempt) {
  return db_->Write("RecordLogin", [&](Connection& c) {
    {
      auto insert = c.Prepared(kInsertEvent);
      insert->bind(1, attempt.login);
      if (attempt.staff_id) insert->bind(2, *attempt.staff_id);
      insert->bind(3, attempt.client_address);
      insert->bind(4, attempt.success ? 1 : 0);
      insert->bind(5, attempt.at);
      insert->exec();
    }
    if (!attempt.success || !attempt.staff_id) return Status::Ok();
    {
      auto drop = c.Prepared(kDropExpiredSessions);
      drop->bind(1, attempt.at - kSessionIdleSeconds);
      drop->bind(2, attempt.at - kSessionMaxSeconds);
      drop->exec();
    }
    if (!attempt.replaced_digest.empty()) {
      auto end = c.Prepared(kEndSession);
      BindBlob(*end, 1, attempt.replaced_digest);
      end->exec();
    }
    {
      auto insert = c.Prepared(kInsertSession);
      BindBlob(*insert, 1, attempt.session_digest);
      insert->bind(2, *attempt.staff_id);
      insert->bind(3, attempt.at);
      insert->bind(4, attempt.at);
      insert->exec();
    }
    auto last = c.Prepared(kSetLastLogin);
    last->bind(1, attempt.at);
    last->bind(2, *attempt.staff_id);
    last->exec();
    return Status::Ok();
  });
}

Status AccountStore::VisitLoginEvents(const std::optional<std::string>& login, const PageRequest& page,
                                      const OnTotal& on_total, const OnRow<LoginEvent>& on_row) {
  LoginEvent event;
  return store::VisitPage(
      *db_, "VisitLoginEvents", kCountEvents, kSelectEvents, page,
      [&](SQLite::Statement& s) {
        if (login) s.bind(":login", *login);
      },
      on_total,
      [&](SQLite::Statement& row) {
        event.id = row.getColumn(0).getInt64();
        event.login = row.getColumn(1).getString();
        event.staff_id.reset();
        if (!row.isColumnNull(2)) event.staff_id = row.getColumn(2).getInt64();
        event.client_address = row.getColumn(3).getString();
        event.success = row.getColumn(4).getInt() != 0;
        event.time = row.getColumn(5).getString();
        return on_row(event);
      });
}

Status AccountStore::FindSession(const std::string& digest, int64_t now, Account* out, bool* found,
                                 SessionTimes* times) {
  int64_t& created_at = times->created_at;
  int64_t& last_seen_at = times->last_seen_at;
  Status read = db_->Read("FindSession", [&](Connection& c) {
    auto query = c.Prepared(kSessionOwner);
    BindBlob(*query, 1, digest);
    *found = query->executeStep();
    if (*found) {
      ReadAccount(*query, out);
      created_at = query->getColumn(kAccountColumnCount).getInt64();
      last_seen_at = query->getColumn(kAccountColumnCount + 1).getInt64();
    }
    return Status::Ok();
  });
  if (!read.ok() || !*found) return read;
  if (!SessionAlive(created_at, last_seen_at, now)) {
    *found = false;
    return EndSession(digest);
  }
  if (!SessionNeedsTouch(last_seen_at, now)) return Status::Ok();
  last_seen_at = now;
  return db_->Write("TouchSession", [&](Connection& c) {
    auto touch = c.Prepared(kTouchSession);
    touch->bind(1, now);
    BindBlob(*touch, 2, digest);
    touch->exec();
    return Status::Ok();
  });
}

Status AccountStore::EndSession(const std::string& digest) {
  return db_->Write("EndSession", [&](Connection& c) {
    auto end = c.Prepared(kEndSession);
    BindBlob(*end, 1, digest);
    end->exec();
    return Status::Ok();
  });
}

Status AccountStore::CreateToken(int64_t staff_id, const std::string& label, const std::string& digest, int64_t now,
                                 int64_t* id) {
  return db_->Write("CreateToken", [&](Connection& c) {
    Account account;
    Status found = GetAccount(c, staff_id, &account);
    if (!found.ok()) return found;
    auto insert = c.Prepared(kInsertToken);
    insert->bind(1, staff_id);
    insert->bind(2, label);
    BindBlob(*insert, 3, digest);
    insert->bind(4, now);
    insert->exec();
    *id = c.db().getLastInsertRowid();
    return Status::Ok();
  });
}

Status AccountStore::ListTokens(std::vector<ApiTokenInfo>* out) {
  return db_->Read("ListTokens", [&](Connection& c) {
    auto query = c.Prepared(kListTokens);
    out->clear();
    while (query->executeStep()) {
      ApiTokenInfo token;
      token.id = query->getColumn(0).getInt64();
      token.staff_id = query->getColumn(1).getInt64();
      token.login = query->isColumnNull(2) ? "" : query->getColumn(2).getString();
      token.label = query->getColumn(3).getString();
      token.create_time = query->getColumn(4).getString();
      out->push_back(std::move(token));
    }
    return Status::Ok();
  });
}

Status AccountStore::RevokeToken(int64_t id, bool* found) {
  return db_->Write("RevokeToken", [&](Connection& c) {
    auto revoke = c.Prepared(kRevokeToken);
    revoke->bind(1, id);
    *found = revoke->exec() > 0;
    return Status::Ok();
  });
}

Status AccountStore::FindToken(const std::string& digest, Account* out, bool* found) {
  return db_->Read("FindToken", [&](Connection& c) {
    auto query = c.Prepared(kTokenOwner);
    BindBlob(*query, 1, digest);
    *found = query->executeStep();
    if (*found) ReadAccount(*query, out);
    return Status::Ok();
  });
}

}  // namespace jsms
