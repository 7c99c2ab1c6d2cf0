// The life of orders through the pages alone, as a person clicks through them, checked against
// what the server then holds; refusals shown verbatim with nothing changed; remarks shown as text;
// double clicks sending once; failures said plainly.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  apiGet, apiPost, linkedResources, orderState, screenshot, settled, useConsole, visit, withPage,
} from './harness.mjs';

const env = useConsole();

// Fills 新建订单 the way a person does and submits; returns the new order's id from its page.
async function createOrder(page, { company, channel = '移动', price = '统一价:0.05' }) {
  await visit(page, env.server.url, '#/orders');
  await page.getByRole('link', { name: '新建订单' }).click();
  await settled(page);
  await page.getByLabel('公司名称').fill(company);
  await page.getByLabel('归属销售').selectOption({ label: 'abc（149）' });
  await page.getByLabel('发送类型').fill('验证码');
  await page.getByRole('group', { name: '通道类型' }).getByLabel(channel).check();
  await page.getByRole('group', { name: '是否直连' }).getByLabel('直连').check();
  await page.getByRole('group', { name: '签名' }).getByLabel('自定义').check();
  await page.getByLabel('销售价格(元/条)').fill(price);
  await page.getByLabel('发送内容模板').fill('【测试】您的验证码{code}');
  await page.getByRole('button', { name: '提交' }).click();
  const heading = page.getByRole('heading', { level: 1, name: /^订单详情 D\d{4}\d{8}$/ });
  await heading.waitFor();
  await settled(page);
  await page.getByText(/^操作成功！ 订单号 D/).waitFor();
  return (await heading.textContent()).replace('订单详情 ', '');
}

async function openMatch(page, orderId) {
  await visit(page, env.server.url, `#/orders/${orderId}/match`);
  await page.getByRole('heading', { level: 1, name: `配单 ${orderId}` }).waitFor();
}

// On the order's 配单 page, takes `action` with `remark`; the page then says the order's new state.
async function act(page, orderId, action, remark, stateName) {
  await openMatch(page, orderId);
  await page.getByLabel('备注').fill(remark);
  await page.getByRole('button', { name: action }).click();
  await page.getByText(`操作成功！ 订单状态：${stateName}`).waitFor();
}

// Ticks the first row of a table region and returns the resource id its checkbox names.
async function tickFirst(region) {
  const box = region.getByRole('checkbox', { name: /^选择 / }).first();
  await box.check();
  return (await box.getAttribute('aria-label')).replace('选择 ', '');
}

function stateLine(page) {
  return page.locator('main').getByText(/^订单状态：/);
}

test('新建订单 → 配单 picking the first 推荐资源 → 匹配成功', async () => {
  await withPage(env.browser, async (page) => {
    const orderId = await createOrder(page, { company: '杭州推荐测试科技有限公司' });
    await page.getByRole('link', { name: '配单' }).click();
    await settled(page);
    const recommended = page.getByRole('region', { name: '推荐资源' });
    const { body } = await apiGet(env.server.apiUrl, `/demandOrder/${orderId}/candidates`);
    assert.ok(body.data.candidates.length > 0, 'the demo data has a candidate for a 移动 验证码 order');
    const first = body.data.candidates[0];
    const firstRow = recommended.getByRole('row', { name: `推荐 ${first.resourceId}` });
    await firstRow.getByText(String(first.score), { exact: true }).waitFor();
    for (const reason of first.reasons) await firstRow.getByText(reason, { exact: true }).waitFor();
    assert.equal(await tickFirst(recommended), first.resourceId);
    await page.getByRole('button', { name: '匹配成功' }).click();
    await page.getByText('操作成功！ 订单状态：匹配成功').waitFor();
    await screenshot(page, 'flow-match-recommended');
    assert.equal((await orderState(env.server.apiUrl, orderId)).state, 5);
    assert.deepEqual(await linkedResources(env.server.apiUrl, orderId), [first.resourceId]);
  });
});

test('新建订单 → 配单 from 全部资源: 待匹配, then 匹配成功; 进度 shows each step', async () => {
  await withPage(env.browser, async (page) => {
    const orderId = await createOrder(page, { company: '杭州全表测试科技有限公司' });
    await page.getByRole('link', { name: '配单' }).click();
    await settled(page);
    const resourceId = await tickFirst(page.getByRole('region', { name: '全部资源' }));
    await page.getByRole('region', { name: '已选资源' }).getByText(resourceId).waitFor();
    await page.getByLabel('备注').fill('先试这一条');
    await page.getByRole('button', { name: '待匹配' }).click();
    await page.getByText('操作成功！ 订单状态：待匹配').waitFor();
    assert.match(await stateLine(page).textContent(), /订单状态：待匹配/);
    assert.equal(await page.getByRole('button', { name: '待匹配' }).isDisabled(), true, '待匹配 cannot be entered twice');
    assert.equal((await orderState(env.server.apiUrl, orderId)).state, 1);
    assert.deepEqual(await linkedResources(env.server.apiUrl, orderId), [resourceId]);

    await page.getByRole('button', { name: '匹配成功' }).click();
    await page.getByText('操作成功！ 订单状态：匹配成功').waitFor();
    for (const label of ['待匹配', '匹配成功', '回退', '发起需求']) {
      assert.equal(await page.getByRole('button', { name: label }).isDisabled(), true, `${label} is closed on a matched order`);
    }
    assert.equal((await orderState(env.server.apiUrl, orderId)).state, 5);

    await page.getByRole('link', { name: '订单详情' }).click();
    await settled(page);
    const progress = page.getByRole('region', { name: '进度' });
    for (const step of ['提交订单', '待匹配', '匹配成功']) await progress.getByText(step, { exact: true }).waitFor();
    await progress.getByText('备注：先试这一条').waitFor();
    await page.getByRole('region', { name: '已选资源' }).getByRole('link', { name: resourceId }).waitFor();
    assert.equal(await page.getByRole('link', { name: '配单' }).count(), 0, 'no 配单 on a matched order');
    await screenshot(page, 'flow-matched-detail');
  });
});

test('回退 → 编辑 → back to 待配单', async () => {
  const orderId = 'D000120170621';
  await withPage(env.browser, async (page) => {
    await act(page, orderId, '回退', '价格太低', '退单');
    assert.equal((await orderState(env.server.apiUrl, orderId)).state, 3);

    await page.getByRole('link', { name: '订单详情' }).click();
    await settled(page);
    await page.getByRole('link', { name: '编辑' }).click();
    await settled(page);
    await page.getByRole('heading', { level: 1, name: `编辑订单 ${orderId}` }).waitFor();
    assert.equal(await page.getByLabel('公司名称').inputValue(), '111', 'the form holds the order as it is');
    await page.getByLabel('销售价格(元/条)').fill('统一价:0.12');
    await page.getByLabel('修改说明（记入进度）').fill('已调价');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { level: 1, name: `订单详情 ${orderId}` }).waitFor();
    await settled(page);
    await page.getByText('操作成功！', { exact: true }).waitFor();
    assert.match(await stateLine(page).textContent(), /订单状态：待配单/);
    await page.getByRole('region', { name: '订单信息' }).getByText('统一价:0.12').waitFor();
    const progress = page.getByRole('region', { name: '进度' });
    await progress.getByText('备注：价格太低').waitFor();
    await progress.getByText('编辑订单', { exact: true }).waitFor();
    const order = await orderState(env.server.apiUrl, orderId);
    assert.equal(order.state, 0);
    assert.equal(order.salePrice, '统一价:0.12');
    await screenshot(page, 'flow-edited-detail');
  });
});

test('发起需求 → 需求 已供应 → 待配单 with the supplied resource', async () => {
  const orderId = 'D000320170918';
  await withPage(env.browser, async (page) => {
    await act(page, orderId, '发起需求', '需要联通通道', '寻资源');
    assert.equal((await orderState(env.server.apiUrl, orderId)).state, 6);
    const demandId = (await apiGet(env.server.apiUrl, `/order/resource/demand/byorder/${orderId}`)).body.data.demandId;

    await page.getByRole('link', { name: '需求', exact: true }).click();
    await settled(page);
    await page.getByLabel('订单号').fill(orderId);
    await page.getByRole('button', { name: '搜索' }).click();
    await settled(page);
    const row = page.getByRole('row').filter({ hasText: demandId });
    await row.getByText('寻资源').waitFor();
    await row.getByRole('button', { name: '已供应' }).click();
    const dialog = page.getByRole('dialog', { name: `已供应：${demandId}` });
    await dialog.waitFor();
    await page.waitForFunction(() => !document.querySelector('dialog .loading'));
    const resourceId = await tickFirst(dialog.getByRole('table', { name: '可选资源' }));
    await dialog.getByRole('region', { name: '已选资源' }).getByText(resourceId).waitFor();
    await screenshot(page, 'flow-demand-supplied-dialog');
    await dialog.getByRole('button', { name: '确定已供应' }).click();
    await page.getByText(`操作成功！ 需求 ${demandId} 已供应，订单 ${orderId} 回到待配单。`).waitFor();
    await settled(page);
    await page.getByRole('row').filter({ hasText: demandId }).getByText('已供应').waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: demandId }).getByRole('button', { name: '已供应' }).count(), 0);

    const order = await orderState(env.server.apiUrl, orderId);
    assert.equal(order.state, 0);
    assert.equal(order.demandState, '1');
    assert.deepEqual(await linkedResources(env.server.apiUrl, orderId), [resourceId]);
  });
});

test('需求 无资源 with a 备注 sends the order back to 待配单', async () => {
  await withPage(env.browser, async (page) => {
    await visit(page, env.server.url, '#/demands?orderId=D000120171011');
    const row = page.getByRole('row').filter({ hasText: 'X000020171012' });
    await row.getByRole('button', { name: '无资源' }).click();
    const dialog = page.getByRole('dialog', { name: '无资源：X000020171012' });
    await dialog.getByLabel('备注（为什么没有资源）').fill('三家供应商均无全网固签');
    await dialog.getByRole('button', { name: '确定无资源' }).click();
    await page.getByText('操作成功！ 需求 X000020171012 无资源，订单 D000120171011 回到待配单。').waitFor();
    const order = await orderState(env.server.apiUrl, 'D000120171011');
    assert.equal(order.state, 0);
    assert.equal(order.demandState, '2');
  });
});

test('a refusal shows the server\'s msg verbatim and changes nothing on screen', async () => {
  const orderId = 'D000120171009';
  await withPage(env.browser, async (page, watch) => {
    await openMatch(page, orderId);
    const all = page.getByRole('region', { name: '全部资源' });
    await all.getByLabel('资源状态').selectOption({ label: '待接入' });
    await all.getByRole('button', { name: '搜索' }).click();
    await settled(page);
    const resourceId = await tickFirst(all);
    await page.getByLabel('备注').fill('试试未接入的');
    await page.getByRole('button', { name: '匹配成功' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    // The same request straight to the API is refused the same way (and changes nothing either).
    const direct = await apiPost(env.server.apiUrl, '/peidan/pipeichenggong', { orderId, resourceIds: resourceId });
    assert.equal(direct.body.code, 'RESOURCE_NOT_READY');
    assert.equal(await alert.textContent(), direct.body.msg);
    assert.match(await stateLine(page).textContent(), /订单状态：待配单/);
    assert.equal(await all.getByRole('checkbox', { name: `选择 ${resourceId}` }).isChecked(), true);
    assert.equal(await page.getByLabel('备注').inputValue(), '试试未接入的');
    assert.equal(await page.getByRole('button', { name: '匹配成功' }).isEnabled(), true);
    await screenshot(page, 'flow-refused');
    assert.equal((await orderState(env.server.apiUrl, orderId)).state, 0);
    assert.deepEqual(await linkedResources(env.server.apiUrl, orderId), []);

    // Nothing ticked: the server's INVALID_PARAM msg (HTTP 400), as it is.
    watch.allow(/^\/peidan\/pipeichenggong$/, 400);
    await page.getByRole('region', { name: '已选资源' }).getByRole('button', { name: `移除 ${resourceId}` }).click();
    assert.equal(await all.getByRole('checkbox', { name: `选择 ${resourceId}` }).isChecked(), false);
    await page.getByRole('button', { name: '匹配成功' }).click();
    await page.getByRole('alert').getByText('缺少参数resourceIds（匹配成功须指定至少一个资源）', { exact: true }).waitFor();

    // Someone else acts first: the STATE_CONFLICT msg, and the page still shows what it showed.
    assert.equal((await apiPost(env.server.apiUrl, '/peidan/huitui', { orderId })).body.success, true);
    await page.getByRole('button', { name: '发起需求' }).click();
    await page.getByRole('alert').getByText(/退单/).waitFor();
    const conflict = await apiPost(env.server.apiUrl, '/peidan/faqixuqiu', { orderId });
    assert.equal(conflict.body.code, 'STATE_CONFLICT');
    assert.equal(await page.getByRole('alert').textContent(), conflict.body.msg);
    assert.match(await stateLine(page).textContent(), /订单状态：待配单/);
  });
});

test('a remark <img src=x onerror=alert(1)> is shown as those characters', async () => {
  const orderId = 'D000120170811';
  const remark = '<img src=x onerror=alert(1)>';
  await withPage(env.browser, async (page) => {
    await act(page, orderId, '回退', remark, '退单');
    await page.getByRole('link', { name: '订单详情' }).click();
    await settled(page);
    await page.getByRole('region', { name: '订单信息' }).getByText(remark, { exact: true }).waitFor();
    await page.getByRole('region', { name: '进度' }).getByText(`备注：${remark}`, { exact: true }).waitFor();
    assert.equal(await page.locator('main img').count(), 0, 'no element was made from the remark');
    await screenshot(page, 'flow-remark-as-text');
  });
});

test('撤单 asks first: 取消 changes nothing, 确定撤单 cancels the order', async () => {
  const orderId = 'D000120170918';
  await withPage(env.browser, async (page) => {
    await visit(page, env.server.url, `#/orders/${orderId}`);
    await page.getByRole('button', { name: '撤单' }).click();
    const dialog = page.getByRole('dialog', { name: '撤单' });
    await dialog.getByText(/确定要撤单吗？/).waitFor();
    await screenshot(page, 'flow-cancel-confirm');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await orderState(env.server.apiUrl, orderId)).state, 6);

    await page.getByRole('button', { name: '撤单' }).click();
    await dialog.getByLabel('撤单原因').fill('客户取消');
    await dialog.getByRole('button', { name: '确定撤单' }).click();
    await page.getByText('操作成功！', { exact: true }).waitFor();
    await settled(page);
    assert.match(await stateLine(page).textContent(), /订单状态：撤单/);
    assert.equal(await page.getByRole('button', { name: '撤单' }).count(), 0);
    const order = await orderState(env.server.apiUrl, orderId);
    assert.equal(order.state, 4);
    assert.equal(order.demandState, '3');
  });
});

test('an edit over someone else\'s change shows the server\'s 该订单已经更新 msg and reloads', async () => {
  const orderId = 'D000120170808';
  await withPage(env.browser, async (page) => {
    await visit(page, env.server.url, `#/orders/${orderId}/edit`);
    const before = await orderState(env.server.apiUrl, orderId);
    // Meanwhile someone edits it (→ 待配单) and it is sent back again (→ 退单).
    const edited = await apiPost(env.server.apiUrl, '/demandOrder/edit', { orderId, salePrice: '统一价:0.05', updateTime: before.updateTime });
    assert.equal(edited.body.success, true);
    assert.equal((await apiPost(env.server.apiUrl, '/peidan/huitui', { orderId, remark: '再退一次' })).body.success, true);

    await page.getByLabel('公司名称').fill('我以为还是旧的');
    await page.getByRole('button', { name: '保存' }).click();
    const stale = page.getByRole('alert');
    await stale.waitFor();
    assert.match(await stale.textContent(), /该订单已经更新/);
    await page.getByText('已重新载入订单的最新内容，请核对后再保存。').waitFor();
    assert.equal(await page.getByLabel('销售价格(元/条)').inputValue(), '统一价:0.05', 'the form shows the order as it is now');
    assert.equal(await page.getByLabel('公司名称').inputValue(), before.companyName);
    assert.equal((await orderState(env.server.apiUrl, orderId)).companyName, before.companyName);
    await screenshot(page, 'flow-stale-edit');
  });
});

test('新建订单 shows the server\'s INVALID_PARAM msg beside the form and marks the field', async () => {
  await withPage(env.browser, async (page, watch) => {
    watch.allow(/^\/demandOrder\/add$/, 400);
    await visit(page, env.server.url, '#/orders/new');
    await page.getByLabel('公司名称').fill('只填了公司');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('alert').getByText('缺少参数belongSale', { exact: true }).waitFor();
    assert.equal(await page.getByLabel('归属销售').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('归属销售').selectOption({ label: 'abc（149）' });
    await page.getByLabel('发送类型').fill('通知');
    await page.getByLabel('销售价格(元/条)').fill('统一价:0.04');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('alert').getByText('缺少参数channelType', { exact: true }).waitFor();
    await screenshot(page, 'flow-invalid-param');
    assert.match(page.url(), /#\/orders\/new$/);
    const { body } = await apiGet(env.server.apiUrl, '/demandOrder/list?rows=1&companyName=只填了公司');
    assert.equal(body.totalRecord, 0, 'nothing was added');
  });
});

test('double clicks send once: 待匹配 and 提交', async () => {
  await withPage(env.browser, async (page) => {
    const posts = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(new URL(request.url()).pathname);
    });
    await openMatch(page, 'D000120170705');
    await tickFirst(page.getByRole('region', { name: '全部资源' }));
    await page.getByRole('button', { name: '待匹配' }).dblclick();
    await page.getByText('操作成功！ 订单状态：待匹配').waitFor();
    assert.deepEqual(posts, ['/peidan/daipipei']);

    await visit(page, env.server.url, '#/orders/new');
    await page.getByLabel('公司名称').fill('双击测试有限公司');
    await page.getByLabel('归属销售').selectOption({ label: 'abc（149）' });
    await page.getByLabel('发送类型').fill('通知');
    await page.getByRole('group', { name: '通道类型' }).getByLabel('联通').check();
    await page.getByLabel('销售价格(元/条)').fill('统一价:0.04');
    await page.getByRole('button', { name: '提交' }).dblclick();
    await page.getByText(/^操作成功！ 订单号 D/).waitFor();
    assert.deepEqual(posts, ['/peidan/daipipei', '/demandOrder/add']);
    const { body } = await apiGet(env.server.apiUrl, '/demandOrder/list?rows=5&companyName=双击测试有限公司');
    assert.equal(body.totalRecord, 1);
  });
});

test('订单 filters, paging and 导出 follow the hash', async () => {
  await withPage(env.browser, async (page) => {
    await visit(page, env.server.url, '#/orders');
    await page.getByLabel('状态').selectOption({ label: '退单' });
    await page.getByRole('button', { name: '搜索' }).click();
    await settled(page);
    assert.match(page.url(), /#\/orders\?state=3$/);
    const { body } = await apiGet(env.server.apiUrl, '/demandOrder/list?rows=20&state=3');
    const rows = page.getByRole('table', { name: '订单列表' }).getByRole('row');
    assert.equal(await rows.count(), body.data.length + 1);
    for (const order of body.data) await rows.filter({ hasText: order.orderId }).getByText('退单').waitFor();
    assert.equal(await page.getByRole('link', { name: '导出' }).getAttribute('href'), '/demandOrder/list?format=csv&state=3');

    await visit(page, env.server.url, '#/orders');
    const all = await apiGet(env.server.apiUrl, '/demandOrder/list?rows=20');
    assert.ok(all.body.totalPage >= 2, 'the demo data fills more than one page');
    await page.getByRole('button', { name: '下一页' }).click();
    // The hash changes first and the page is drawn after it: wait for page 2 itself, not merely
    // for no spinner (which can be checked before the new page's load has begun).
    const pager = page.getByRole('navigation', { name: '订单分页' });
    await pager.getByText(`第 2 / ${all.body.totalPage} 页`).waitFor();
    assert.match(page.url(), /#\/orders\?page=2$/);
    await page.reload();
    await settled(page);
    assert.match(await pager.textContent(), /第 2 \//, 'a reload shows the same page');
  });
});

test('资源: 新建 (待接入) → 编辑 → 上线 → 撤销', async () => {
  await withPage(env.browser, async (page) => {
    await visit(page, env.server.url, '#/resources');
    await page.getByRole('link', { name: '新建资源' }).click();
    await settled(page);
    await page.getByLabel('通道号').fill('9001');
    await page.getByLabel('供应商').fill('测试通信有限公司');
    await page.getByRole('group', { name: '通道类型' }).getByLabel('移动').check();
    await page.getByLabel('采购价格(元/条)').fill('统一价:0.02');
    await page.getByLabel('接入协议').selectOption({ label: 'CMPP' });
    await page.getByLabel('接入时间').fill('2026-12-01');
    await page.getByRole('button', { name: '提交' }).click();
    const heading = page.getByRole('heading', { level: 1, name: /^资源详情 T/ });
    await heading.waitFor();
    await settled(page);
    const resourceId = (await heading.textContent()).replace('资源详情 ', '');
    assert.match(await page.locator('main').getByText(/^资源状态：/).textContent(), /待接入/);

    await page.getByRole('link', { name: '编辑' }).click();
    await settled(page);
    await page.getByLabel('备注').fill('测试用通道');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { level: 1, name: `资源详情 ${resourceId}` }).waitFor();
    await settled(page);
    await page.getByText('测试用通道', { exact: true }).waitFor();

    // The edit's 操作成功！ is still on screen: wait for the new state, not for the message.
    await page.getByRole('button', { name: '上线' }).click();
    await page.locator('main').getByText('资源状态：已接入').waitFor();
    await settled(page);
    await page.getByText('操作成功！', { exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: '上线' }).count(), 0);

    await page.getByRole('button', { name: '撤销' }).click();
    await page.getByRole('dialog', { name: '撤销资源' }).getByRole('button', { name: '确定撤销' }).click();
    await page.locator('main').getByText('资源状态：撤销').waitFor();
    await settled(page);
    assert.equal(await page.getByRole('button', { name: '撤销' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: '编辑' }).count(), 0);
    const { body } = await apiGet(env.server.apiUrl, `/order/resource/${resourceId}`);
    assert.equal(body.data.state, '3');
    assert.equal(body.data.remark, '测试用通道');
  });
});

test('network failure, 500 and 403 are said plainly, with no spinner left', async () => {
  await withPage(env.browser, async (page, watch) => {
    watch.allow(/^\/demandOrder\/list$/, 'net::ERR_CONNECTION_REFUSED');
    await page.route('**/demandOrder/list?*', (route) => route.abort('connectionrefused'));
    await visit(page, env.server.url, '#/orders');
    assert.equal(await page.getByRole('alert').textContent(), '无法连接服务器，请检查网络后重试');
    await page.unroute('**/demandOrder/list?*');

    watch.allow(/^\/demandOrder\/D000120170626$/, 500);
    await page.route('**/demandOrder/D000120170626', (route) => route.fulfill({
      status: 500, contentType: 'application/json;charset=UTF-8',
      body: JSON.stringify({ success: false, fail: true, code: 'INTERNAL', data: null, msg: '服务器内部错误', failure: true }),
    }));
    await visit(page, env.server.url, '#/orders/D000120170626');
    assert.equal(await page.getByRole('alert').textContent(), '服务器内部错误服务器出错（HTTP 500），请稍后再试');
    await page.unroute('**/demandOrder/D000120170626');

    watch.allow(/^\/order\/resource\/query$/, 403);
    await page.route('**/order/resource/query?*', (route) => route.fulfill({
      status: 403, contentType: 'application/json;charset=UTF-8',
      body: JSON.stringify({ success: false, fail: true, code: 'FORBIDDEN', data: null, msg: '没有权限', failure: true }),
    }));
    await visit(page, env.server.url, '#/resources');
    assert.equal(await page.getByRole('alert').textContent(), '没有权限没有权限（HTTP 403）');
    await screenshot(page, 'flow-forbidden');
  });
});

test('a 401 sends the person to 登录', async () => {
  await withPage(env.browser, async (page, watch) => {
    watch.allow(/^\/demandOrder\/list$/, 401);
    await page.route('**/demandOrder/list?*', (route) => route.fulfill({
      status: 401, contentType: 'application/json;charset=UTF-8',
      body: JSON.stringify({ success: false, fail: true, code: 'UNAUTHORIZED', data: null, msg: '请先登录', failure: true }),
    }));
    await visit(page, env.server.url, '#/orders');
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    assert.match(page.url(), /#\/login$/);
    await page.getByLabel('登录名').waitFor();
    await page.getByLabel('密码').waitFor();
  });
});
