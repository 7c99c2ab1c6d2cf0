-- jsms-ops schema version 3: history beyond orders (issue 9). Orders keep their progress log;
-- resources and demands get one of their own here: every add, edit, 上线 and 撤销 of a resource
-- and every answer to a demand (已供应, 无资源), with who, when and what changed. GET /activity
-- reads it together with the orders' progress. Run on a version-2 database, in the same
-- transaction as every other step; nothing existing is changed.

CREATE TABLE history (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('resource', 'demand')),
  subjectId  TEXT NOT NULL,         -- the resourceId or demandId
  action     TEXT NOT NULL,         -- add, edit, online, repeal (resources); hasres, nores (demands)
  fromState  TEXT,                  -- null for a new resource
  toState    TEXT,
  remark     TEXT NOT NULL,
  operatorId INTEGER,
  createTime TEXT NOT NULL,
  -- The last progress entry written before this one: the feed orders the two logs by it within a
  -- second (times have whole seconds), so what happened first is listed first.
  afterProgress INTEGER NOT NULL
);
CREATE INDEX history_by_subject ON history(kind, subjectId, id);
CREATE INDEX history_by_time ON history(createTime);

-- What an entry changed, field by field (a resource's add lists the fields it was given).
CREATE TABLE history_changes (
  historyId INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
  field     TEXT NOT NULL,
  fromValue TEXT,
  toValue   TEXT
);
CREATE INDEX history_changes_by_entry ON history_changes(historyId);

PRAGMA user_version = 3;
