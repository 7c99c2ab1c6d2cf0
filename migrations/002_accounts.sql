-- jsms-ops schema version 2: staff accounts (accounts.md). Run on a version-1 database, in the
-- same transaction as every other step (lib/store/schema.cpp); every record is kept. Staff that
-- exist only as names keep NULL login, role and password hash. Times here are Unix seconds
-- (lockout windows and session lifetimes are arithmetic on them); replies show them as local
-- timestamps.

ALTER TABLE staff ADD COLUMN login TEXT;
ALTER TABLE staff ADD COLUMN role TEXT CHECK (role IS NULL OR role IN ('admin', 'sales', 'ops', 'procurement'));
ALTER TABLE staff ADD COLUMN passwordHash TEXT;  -- Argon2id (libsodium crypto_pwhash_str)
ALTER TABLE staff ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
ALTER TABLE staff ADD COLUMN lastLoginAt INTEGER;
CREATE UNIQUE INDEX staff_by_login ON staff(login);  -- NULLs (name-only staff) do not collide

-- Signed-in browsers. Only a digest of the cookie's value is kept.
CREATE TABLE sessions (
  idDigest   BLOB PRIMARY KEY NOT NULL,  -- crypto_generichash of the session id
  staffId    INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  createdAt  INTEGER NOT NULL,
  lastSeenAt INTEGER NOT NULL            -- written at most once a minute per session
) WITHOUT ROWID;
CREATE INDEX sessions_by_staff ON sessions(staffId);

-- Staff API tokens for scripts (jso_…). Only a digest of the token is kept.
CREATE TABLE api_tokens (
  id          INTEGER PRIMARY KEY,
  staffId     INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  label       TEXT NOT NULL DEFAULT '',
  tokenDigest BLOB NOT NULL UNIQUE,
  createdAt   INTEGER NOT NULL
);

-- Every login attempt that was checked (not those refused by the lockout itself).
CREATE TABLE login_events (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL,     -- as presented, made harmless when it is not a valid login
  staffId       INTEGER,           -- the account, when the login names one
  clientAddress TEXT NOT NULL,
  success       INTEGER NOT NULL,  -- 1 signed in, 0 failed
  at            INTEGER NOT NULL
);
-- The lockout counts recent failures per login and per client address.
CREATE INDEX login_failures_by_login ON login_events(login, at) WHERE success = 0;
CREATE INDEX login_failures_by_address ON login_events(clientAddress, at) WHERE success = 0;

PRAGMA user_version = 2;
