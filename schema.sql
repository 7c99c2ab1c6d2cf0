-- jsms-ops schema, version 1 (PRAGMA user_version). Embedded into the binary at build time and
-- applied to a new database file, followed by each step in migrations/ (lib/store/schema.cpp).
-- Released versions are never edited: a change to the schema is a new migration. Column names are the wire contract's field names, so the field
-- tables in lib/domain/records.cpp name both. Order fields that are JSON numbers are INTEGER;
-- every resource and demand field is TEXT, as in the original.

CREATE TABLE IF NOT EXISTS staff (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS orders (
  orderId          TEXT PRIMARY KEY NOT NULL,
  companyName      TEXT,
  industryType     TEXT,
  belongSale       INTEGER,
  smsType          TEXT,
  expectNumber     TEXT,
  minimumGuarantee TEXT,
  channelType      TEXT,
  directConnect    INTEGER,
  extendSize       INTEGER,
  rate             TEXT,
  signType         TEXT,
  contentTemplate  TEXT,
  payType          TEXT,
  salePrice        TEXT,
  invoiceType      INTEGER,
  onlineDate       TEXT,
  isAudit          INTEGER,
  state            INTEGER NOT NULL,
  remark           TEXT,
  auditorId        INTEGER,
  operatorId       INTEGER,
  createTime       TEXT NOT NULL,
  updateTime       TEXT NOT NULL
) WITHOUT ROWID;
-- No index on state: every action changes it, and an index would cost two page writes per
-- action; the order list's state filter scans instead (10,000 orders: about a millisecond).
CREATE INDEX IF NOT EXISTS orders_by_create_time ON orders(createTime);

CREATE TABLE IF NOT EXISTS resources (
  resourceId       TEXT PRIMARY KEY NOT NULL,
  channelId        TEXT,
  channelType      TEXT,
  smsType          TEXT,
  contentProp      TEXT,
  belongBusiness   TEXT,
  directConnect    TEXT,
  extendSize       TEXT,
  signType         TEXT,
  purchasePrice    TEXT,
  rate             TEXT,
  minimumGuarantee TEXT,
  isCredit         TEXT,
  payType          TEXT,
  invoiceType      TEXT,
  mtIp             TEXT,
  protocolType     TEXT,
  supplier         TEXT,
  contact          TEXT,
  mobile           TEXT,
  isAudit          TEXT,
  onlineDate       TEXT,
  state            TEXT,
  remark           TEXT,
  auditorId        TEXT,
  operatorId       TEXT,
  createTime       TEXT NOT NULL,
  updateTime       TEXT NOT NULL
) WITHOUT ROWID;
-- The resource page filters by state and sorts by resourceId; both indexes let it pick a page's
-- ids without reading whole rows (the table itself is ordered by resourceId but holds the rows).
CREATE INDEX IF NOT EXISTS resources_by_state ON resources(state, resourceId);
CREATE INDEX IF NOT EXISTS resources_by_id ON resources(resourceId);

-- The resources an order is matched to (待匹配 candidates or 匹配成功 channels).
CREATE TABLE IF NOT EXISTS links (
  orderId    TEXT NOT NULL REFERENCES orders(orderId) ON DELETE CASCADE,
  resourceId TEXT NOT NULL REFERENCES resources(resourceId) ON DELETE CASCADE,
  PRIMARY KEY (orderId, resourceId)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_by_resource ON links(resourceId);

-- At most one current demand per order: a new 发起需求 replaces the earlier one.
CREATE TABLE IF NOT EXISTS demands (
  demandId         TEXT PRIMARY KEY NOT NULL,
  orderId          TEXT NOT NULL UNIQUE REFERENCES orders(orderId) ON DELETE CASCADE,
  industryType     TEXT,
  smsType          TEXT,
  expectNumber     TEXT,
  minimumGuarantee TEXT,
  channelType      TEXT,
  directConnect    TEXT,
  extendSize       TEXT,
  rate             TEXT,
  signType         TEXT,
  contentTemplate  TEXT,
  salePrice        TEXT,
  onlineDate       TEXT,
  state            TEXT NOT NULL,
  remark           TEXT,
  operatorId       TEXT,
  createTime       TEXT NOT NULL,
  updateTime       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS demands_by_state ON demands(state);

-- One entry per accepted change to an order, oldest first by id.
CREATE TABLE IF NOT EXISTS progress (
  id          INTEGER PRIMARY KEY,  -- no AUTOINCREMENT: it costs a page write per entry
  orderId     TEXT NOT NULL REFERENCES orders(orderId) ON DELETE CASCADE,
  action      TEXT NOT NULL,
  fromState   INTEGER,
  toState     INTEGER NOT NULL,
  resourceIds TEXT NOT NULL,  -- newline-separated (ids never hold control characters)
  remark      TEXT NOT NULL,
  operatorId  INTEGER,
  createTime  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS progress_by_order ON progress(orderId, id);

-- Daily sequences for new ids (D0001YYYYMMDD, T0000YYYYMMDD, X0000YYYYMMDD).
CREATE TABLE IF NOT EXISTS id_sequences (
  prefix TEXT NOT NULL,
  day    TEXT NOT NULL,
  last   INTEGER NOT NULL,
  PRIMARY KEY (prefix, day)
) WITHOUT ROWID;

PRAGMA user_version = 1;
