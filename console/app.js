// The console's entry: finds out who is using it (GET /auth/me), draws the menu their role may
// use, and shows the page the hash names. Pages are modules under pages/, loaded when first opened.

import { api, setUnauthorizedHandler } from './lib/api.js';
import { h, fill } from './lib/dom.js';
import { session, can, roleName, setOperator } from './lib/session.js';
import { staffList, staffOptions } from './lib/staff.js';
import { notice, errorNotice, loading, whileBusy, selectOf } from './lib/ui.js';

// Hash routes (console.md). permission: what the role must be allowed (session.js); pages say
// what they need from the path: its ids in order, and 'new'/'edit' where one module serves two.
const kRoutes = [
  { path: /^\/login$/, page: 'login', title: '登录', open: true },
  { path: /^\/$/, page: 'overview', title: '概览', permission: 'overview' },
  { path: /^\/orders$/, page: 'orders', title: '订单', permission: 'orders.list' },
  { path: /^\/orders\/new$/, page: 'order-form', title: '新建订单', permission: 'orders.write', mode: 'new' },
  { path: /^\/orders\/([^/]+)\/edit$/, page: 'order-form', title: '编辑订单', permission: 'orders.write', mode: 'edit' },
  { path: /^\/orders\/([^/]+)\/match$/, page: 'match', title: '配单', permission: 'match' },
  { path: /^\/orders\/([^/]+)$/, page: 'order-detail', title: '订单详情', permission: 'orders.read' },
  { path: /^\/resources$/, page: 'resources', title: '资源', permission: 'resources.read' },
  { path: /^\/resources\/new$/, page: 'resource-form', title: '新建资源', permission: 'resources.write', mode: 'new' },
  { path: /^\/resources\/([^/]+)\/edit$/, page: 'resource-form', title: '编辑资源', permission: 'resources.write', mode: 'edit' },
  { path: /^\/resources\/([^/]+)$/, page: 'resource-detail', title: '资源详情', permission: 'resources.read' },
  { path: /^\/demands$/, page: 'demands', title: '需求', permission: 'demands.read' },
  { path: /^\/staff$/, page: 'staff', title: '员工', permission: 'staff' },
];

// The menu, in the order a person works through it.
const kMenu = [
  ['#/', '概览', 'overview'],
  ['#/orders', '订单', 'orders.list'],
  ['#/resources', '资源', 'resources.read'],
  ['#/demands', '需求', 'demands.read'],
  ['#/staff', '员工', 'staff'],
];

const kReturnKey = 'jsms-ops.returnTo';

const main = document.getElementById('main');
const header = document.getElementById('top');
const banner = document.getElementById('banner');
const globalMessage = document.getElementById('global-message');

let currentPage = null; // {controller} of the page on screen
let flashText = null; // a message for the next page (e.g. 操作成功！ after a save)

function parseHash() {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  const query = new URLSearchParams(at < 0 ? '' : raw.slice(at + 1));
  return { raw, path: path || '/', query };
}

export function navigate(hash, flash = null) {
  flashText = flash;
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

// The page a role starts on when 概览 is not theirs (procurement: the demand desk).
function homeHash() {
  for (const [href, , permission] of kMenu) if (can(permission)) return href;
  return '#/login';
}

function rememberAndLogin() {
  const { raw } = parseHash();
  if (raw !== '/login') {
    try {
      window.sessionStorage.setItem(kReturnKey, `#${raw}`);
    } catch {
      // No storage: the person lands on their home page after login.
    }
  }
  session.me = null;
  session.mode = 'accounts';
  drawChrome();
  if (raw !== '/login') window.location.hash = '#/login';
}

// After a successful login: back to where the 401 interrupted, or home.
export function signedIn(me) {
  session.mode = 'accounts';
  session.me = me;
  drawChrome();
  let back = null;
  try {
    back = window.sessionStorage.getItem(kReturnKey);
    window.sessionStorage.removeItem(kReturnKey);
  } catch {
    back = null;
  }
  navigate(back && back !== '#/login' ? back : homeHash());
}

async function logout(button) {
  await whileBusy(button, async () => {
    try {
      await api.post('/auth/logout', {}, { quiet401: true });
    } catch (error) {
      if (error.name === 'ApiError' && error.kind === 'unauthorized') {
        // Already signed out on the server: nothing left to end.
      } else {
        fill(globalMessage, errorNotice(error));
        return;
      }
    }
    fill(globalMessage);
    session.me = null;
    drawChrome();
    navigate('#/login');
  });
}

function drawChrome() {
  const { path } = parseHash();
  const menu = h('ul', { class: 'navbar-nav me-auto' },
    kMenu.filter(([, , permission]) => can(permission)).map(([href, label]) => {
      const here = href === '#/' ? path === '/' : path === href.slice(1) || path.startsWith(`${href.slice(1)}/`);
      return h('li', { class: 'nav-item' },
        h('a', { class: `nav-link${here ? ' active' : ''}`, href, 'aria-current': here ? 'page' : null }, label));
    }));
  const collapse = h('div', { class: 'collapse navbar-collapse', id: 'main-menu' }, menu);
  const toggler = h('button', {
    type: 'button', class: 'navbar-toggler', 'aria-controls': 'main-menu', 'aria-expanded': 'false', 'aria-label': '菜单',
  }, h('span', { class: 'navbar-toggler-icon' }));
  toggler.addEventListener('click', () => {
    const open = collapse.classList.toggle('show');
    toggler.setAttribute('aria-expanded', String(open));
  });
  fill(header, h('nav', { class: 'navbar navbar-expand-lg navbar-dark bg-dark', 'aria-label': '主菜单' },
    h('div', { class: 'container-fluid' },
      h('a', { class: 'navbar-brand', href: '#/' }, 'jsms-ops 运营后台'),
      userBox(),
      session.me || session.mode === 'open' ? toggler : null,
      session.me || session.mode === 'open' ? collapse : null)));
  drawBanner();
}

function userBox() {
  if (session.mode === 'accounts' && session.me) {
    const out = h('button', { type: 'button', class: 'btn btn-outline-light btn-sm' }, '退出');
    out.addEventListener('click', () => logout(out));
    return h('div', { class: 'user-box' },
      h('span', { class: 'user-name' }, session.me.name || session.me.login || ''),
      h('span', { class: 'badge bg-secondary user-role' }, roleName(session.me.role)),
      out);
  }
  if (session.mode === 'open') return h('div', { class: 'user-box' }, h('span', { class: 'badge bg-warning text-dark' }, '开放模式'));
  return null;
}

// Open mode: say plainly that there is no login, how to add one, and let the person name who
// they act as (X-Operator-Id) so the progress log says who did what.
function drawBanner() {
  if (session.mode !== 'open') {
    fill(banner);
    return;
  }
  const pickerSlot = h('span', { class: 'operator-picker' });
  fill(banner, h('div', { class: 'alert alert-warning open-banner', role: 'note' },
    h('strong', null, '开放模式：'),
    '没有员工账号，任何能连到这个端口的人都可以以任何人的身份操作。添加账号后需登录才能使用：',
    h('code', null, 'jsms-ops --db FILE staff add --login … --name … --role admin'),
    pickerSlot));
  staffList().then((staff) => {
    const select = selectOf(staffOptions(staff), session.operatorId, { blank: '未指定', id: 'operator-select' });
    select.classList.add('form-select-sm');
    select.addEventListener('change', () => setOperator(select.value));
    fill(pickerSlot, h('label', { for: 'operator-select' }, '以此身份操作：'), select);
  }, (error) => {
    fill(pickerSlot, `（员工名单读取失败：${error.message}）`);
  });
}

async function route() {
  if (currentPage) currentPage.controller.abort();
  const controller = new AbortController();
  currentPage = { controller };
  // A dialog belongs to the page it was opened on (the back button can leave that page under it).
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  fill(globalMessage);
  const { path, query } = parseHash();
  drawChrome();
  const collapse = document.getElementById('main-menu');
  if (collapse) collapse.classList.remove('show');

  if (session.mode === 'accounts' && !session.me && path !== '/login') {
    rememberAndLogin();
    return;
  }
  let match = null;
  let found = null;
  for (const candidate of kRoutes) {
    match = candidate.path.exec(path);
    if (match) {
      found = candidate;
      break;
    }
  }
  if (!found) {
    document.title = '页面不存在 · jsms-ops';
    fill(main, notice('warning', `没有这个页面：#${path}`), h('a', { href: homeHash() }, '回到首页'));
    return;
  }
  if (found.page === 'overview' && !can('overview')) {
    window.location.replace(homeHash()); // procurement starts on its own desk
    return;
  }
  if (!found.open && !can(found.permission)) {
    document.title = `${found.title} · jsms-ops`;
    fill(main, session.mode === 'open'
      ? notice('info', `开放模式下没有员工账号，也就没有“${found.title}”页面。添加第一个管理员：jsms-ops --db FILE staff add --login … --name … --role admin`)
      : notice('warning', `没有权限使用“${found.title}”页面（${roleName(session.me?.role)}）`));
    return;
  }
  document.title = `${found.title} · jsms-ops`;
  fill(main, loading());
  const flash = flashText;
  flashText = null;
  try {
    const module = await import(`./pages/${found.page}.js`);
    if (controller.signal.aborted) return;
    fill(main);
    await module.render({
      main,
      ids: match.slice(1).map((part) => decodeURIComponent(part)),
      mode: found.mode,
      query,
      signal: controller.signal,
      flash,
      navigate,
      signedIn,
    });
  } catch (error) {
    if (error && error.name === 'AbortError') return;
    if (controller.signal.aborted) return;
    fill(main, errorNotice(error));
  }
}

async function start() {
  setUnauthorizedHandler(rememberAndLogin);
  try {
    const reply = await api.get('/auth/me', null, { quiet401: true });
    const me = reply.data || {};
    if (me.mode === 'open' || (me.id === null && me.role === null)) {
      session.mode = 'open';
    } else {
      session.mode = 'accounts';
      session.me = me;
    }
  } catch (error) {
    if (error.name === 'ApiError' && error.kind === 'unauthorized') {
      session.mode = 'accounts';
    } else if (error.name === 'ApiError' && error.kind === 'missing') {
      session.mode = 'open'; // a server without /auth/me has no accounts
    } else {
      drawChrome();
      const retry = h('button', { type: 'button', class: 'btn btn-primary' }, '重试');
      retry.addEventListener('click', () => whileBusy(retry, start));
      fill(main, h('p', null, '无法确认登录状态。'), errorNotice(error), retry);
      return;
    }
  }
  window.addEventListener('hashchange', route);
  await route();
}

start();
