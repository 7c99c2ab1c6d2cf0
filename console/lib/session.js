// Who is using the console and what they may do (accounts.md, "Roles").
//
// mode 'accounts': a signed-in staff member with a role; the server checks every request and the
// console hides what the role may not use. mode 'open': the server has no accounts, anyone acts as
// anyone; the person may name who they are acting as (sent as X-Operator-Id, as spec.md allows).

export const kRoleNames = { admin: '管理员', sales: '销售', ops: '运营', procurement: '采购' };

// What each role may do. Open mode may do everything but manage staff accounts (there are none).
const kPermissions = {
  overview: ['sales', 'ops', 'admin'], // the same roles as order reads: figures come from orders
  'orders.list': ['sales', 'ops', 'admin'],
  'orders.read': ['sales', 'ops', 'procurement', 'admin'], // sales: their own orders only
  'orders.write': ['sales', 'admin'], // add, edit, 撤单
  match: ['ops', 'admin'], // 配单: candidates and the four peidan actions
  'resources.read': ['ops', 'procurement', 'admin'],
  'resources.write': ['procurement', 'admin'],
  'demands.read': ['ops', 'procurement', 'admin'],
  'demands.write': ['procurement', 'admin'],
  staff: ['admin'],
};

const kOperatorKey = 'jsms-ops.operatorId';

export const session = {
  mode: 'unknown',
  me: null, // {id, name, login, role} in accounts mode
  operatorId: readStoredOperator(),
};

function readStoredOperator() {
  try {
    return window.localStorage.getItem(kOperatorKey) || '';
  } catch {
    return '';
  }
}

export function setOperator(id) {
  session.operatorId = id || '';
  try {
    if (id) window.localStorage.setItem(kOperatorKey, id);
    else window.localStorage.removeItem(kOperatorKey);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}

export function can(permission) {
  if (session.mode === 'open') return permission !== 'staff';
  if (session.mode !== 'accounts' || !session.me) return false;
  const roles = kPermissions[permission];
  if (!roles) throw new Error(`unknown permission ${permission}`);
  return roles.includes(session.me.role);
}

export function roleName(role) {
  return kRoleNames[role] || role || '—';
}

// A sales member sees only the orders they own, and owns those they add.
export function isSales() {
  return session.mode === 'accounts' && session.me?.role === 'sales';
}
