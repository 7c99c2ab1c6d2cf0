// Accounts mode (accounts.md): login, coming back after a 401, what each role sees, 员工.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  apiGet, runBinary, screenshot, settled, useConsole, visit, withPage,
} from './harness.mjs';

// Logins of the demo staff given passwords for these tests; ids are the fixture's.
const kPeople = {
  admin: { login: 'admin', name: '系统管理员', role: 'admin', password: 'admin-pass-2026' },
  sales: { login: 'abc', name: 'abc', role: 'sales', password: 'sales-pass-2026', id: 149 },
  ops: { login: 'wangfang', name: '王芳', role: 'ops', password: 'ops-pass-2026', id: 62 },
  procurement: { login: 'liuyang', name: '刘洋', role: 'procurement', password: 'buyer-pass-2026', id: 63 },
};

const env = useConsole({
  prepare: async (db) => {
    for (const person of Object.values(kPeople)) {
      const args = ['--db', db, 'staff', 'add', '--login', person.login, '--name', person.name, '--role', person.role];
      if (person.id) args.push('--id', String(person.id));
      await runBinary(args, `${person.password}\n`);
    }
  },
});

// The session cookie of a person, for checking through the API what the pages should show.
async function cookieOf(person) {
  const reply = await fetch(`${env.server.apiUrl}/auth/login`, {
    method: 'POST', body: new URLSearchParams({ login: person.login, password: person.password }),
  });
  assert.equal(reply.status, 200);
  return reply.headers.get('set-cookie').split(';')[0];
}

// A fresh page signed in as nobody. Before login /auth/me answers 401, which the browser logs:
// that is how accounts mode starts.
function withSignedOutPage(body) {
  return withPage(env.browser, body, { allow: [[/^\/auth\/me$/, 401]] });
}

async function login(page, person) {
  await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
  await page.getByLabel('登录名').fill(person.login);
  await page.getByLabel('密码').fill(person.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '退出' }).waitFor();
  await settled(page);
}

function menu(page) {
  return page.getByRole('navigation', { name: '主菜单' });
}

async function menuEntries(page) {
  return (await menu(page).getByRole('listitem').allTextContents()).map((text) => text.trim());
}

test('a wrong password shows 用户名或密码错误 and signs no one in', async () => {
  await withSignedOutPage(async (page, watch) => {
    watch.allow(/^\/auth\/login$/, 401);
    await visit(page, env.server.url, '#/orders');
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    assert.match(page.url(), /#\/login$/);
    await page.getByLabel('登录名').fill('admin');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').getByText('用户名或密码错误', { exact: true }).waitFor();
    assert.equal(await page.getByLabel('密码').inputValue(), '', 'the password is not kept');
    assert.equal(await page.getByRole('button', { name: '退出' }).count(), 0);
    await screenshot(page, 'accounts-login-refused');
  });
});

test('after login the person is back where they were, with name, role and 退出; 退出 ends it', async () => {
  await withSignedOutPage(async (page) => {
    await visit(page, env.server.url, '#/orders/D000120170626');
    await login(page, kPeople.admin);
    await page.getByRole('heading', { level: 1, name: '订单详情 D000120170626' }).waitFor();
    const header = page.getByRole('banner');
    await header.getByText(kPeople.admin.name, { exact: true }).waitFor();
    await header.getByText('管理员', { exact: true }).waitFor();
    assert.deepEqual(await menuEntries(page), ['概览', '订单', '资源', '需求', '员工']);
    await screenshot(page, 'accounts-admin-order');

    await page.getByRole('button', { name: '退出' }).click();
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    await visit(page, env.server.url, '#/orders');
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
  });
});

test('a sales member sees only their own orders and no 配单, 资源 or 需求', async () => {
  await withSignedOutPage(async (page, watch) => {
    watch.allow(/^\/demandOrder\/D000120170705$/, 403);
    watch.allow(/^\/demandOrder\/D000120170705\/progress$/, 403);
    await visit(page, env.server.url, '#/orders');
    await login(page, kPeople.sales);
    assert.deepEqual(await menuEntries(page), ['概览', '订单']);
    await visit(page, env.server.url, '#/orders');
    const expected = (await apiGet(env.server.apiUrl, '/demandOrder/list?rows=20', { Cookie: await cookieOf(kPeople.sales) })).body;
    assert.ok(expected.totalRecord > 0);
    assert.ok(expected.data.every((order) => order.belongSale === 149), 'the server lists only their orders');
    const rows = page.getByRole('table', { name: '订单列表' }).getByRole('row');
    assert.equal(await rows.count(), expected.data.length + 1);
    assert.equal(await page.getByLabel('销售', { exact: true }).count(), 0, 'no 销售 filter for sales');
    await screenshot(page, 'accounts-sales-orders');

    await visit(page, env.server.url, '#/orders/D000120170621');
    assert.equal(await page.getByRole('link', { name: '配单' }).count(), 0);
    await page.getByRole('button', { name: '撤单' }).waitFor();
    await visit(page, env.server.url, '#/orders/D000120170705'); // 孙丽's
    await page.getByRole('alert').getByText('没有权限').first().waitFor();
    await visit(page, env.server.url, '#/resources');
    await page.getByText('没有权限使用“资源”页面（销售）').waitFor();

    await visit(page, env.server.url, '#/orders/new');
    assert.equal(await page.getByLabel('归属销售').count(), 0, 'a sales member owns what they add');
  });
});

test('ops may 配单 and read resources and demands, but not 撤单, edit or answer demands', async () => {
  await withSignedOutPage(async (page) => {
    await visit(page, env.server.url, '#/');
    await login(page, kPeople.ops);
    assert.deepEqual(await menuEntries(page), ['概览', '订单', '资源', '需求']);
    await visit(page, env.server.url, '#/orders/D000120171009');
    await page.getByRole('link', { name: '配单' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '撤单' }).count(), 0);
    await visit(page, env.server.url, '#/resources');
    assert.equal(await page.getByRole('link', { name: '新建资源' }).count(), 0);
    await visit(page, env.server.url, '#/demands');
    assert.equal(await page.getByRole('button', { name: '已供应' }).count(), 0);
  });
});

test('procurement starts on the resource desk and answers demands', async () => {
  await withSignedOutPage(async (page) => {
    await visit(page, env.server.url, '#/');
    await login(page, kPeople.procurement);
    assert.deepEqual(await menuEntries(page), ['资源', '需求']);
    await page.getByRole('heading', { level: 1, name: '资源' }).waitFor();
    await page.getByRole('link', { name: '新建资源' }).waitFor();
    await visit(page, env.server.url, '#/demands');
    assert.ok(await page.getByRole('button', { name: '已供应' }).count() > 0);
  });
});

test('员工: an admin adds an account, changes its role and resets its password', async () => {
  await withSignedOutPage(async (page) => {
    await visit(page, env.server.url, '#/staff');
    await login(page, kPeople.admin);
    await page.getByRole('heading', { level: 1, name: '员工' }).waitFor();
    const add = page.getByRole('form', { name: '添加员工' });
    await add.getByLabel('登录名').fill('zhaolei');
    await add.getByLabel('姓名').fill('赵磊');
    await add.getByLabel('角色').selectOption({ label: '销售' });
    await add.getByLabel('密码').fill('first-pass-2026');
    await add.getByLabel('编号（可选）').fill('151');
    await add.getByRole('button', { name: '添加员工' }).click();
    await page.getByText(/已添加 zhaolei/).waitFor();
    await settled(page);
    const row = page.getByRole('row').filter({ hasText: 'zhaolei' });
    await row.getByText('销售', { exact: true }).waitFor();

    await row.getByRole('button', { name: '修改' }).click();
    const edit = page.getByRole('dialog', { name: /修改员工/ });
    await edit.getByLabel('角色').selectOption({ label: '运营' });
    await edit.getByRole('button', { name: '保存' }).click();
    await page.getByText(/已修改 zhaolei/).waitFor();
    await settled(page);
    await page.getByRole('row').filter({ hasText: 'zhaolei' }).getByText('运营', { exact: true }).waitFor();

    await page.getByRole('row').filter({ hasText: 'zhaolei' }).getByRole('button', { name: '重置密码' }).click();
    const reset = page.getByRole('dialog', { name: /重置密码/ });
    await reset.getByLabel('新密码').fill('second-pass-2026');
    await reset.getByRole('button', { name: '重置' }).click();
    await page.getByText(/已重置 zhaolei 的密码/).waitFor();
    await screenshot(page, 'accounts-staff');
  });
  await withSignedOutPage(async (page) => {
    await visit(page, env.server.url, '#/');
    await login(page, { login: 'zhaolei', password: 'second-pass-2026' });
    await page.getByRole('banner').getByText('运营', { exact: true }).waitFor();
  });
});
