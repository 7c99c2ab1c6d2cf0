// Every page of the console opens on the demo data with no browser error, at 1280×800 and at a
// phone's 390×844, and the first load stays small.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  apiGet, kPhone, screenshot, settled, useConsole, visit, withPage,
} from './harness.mjs';

const env = useConsole();

// [screenshot name, hash, the page's heading]
const kPages = [
  ['overview', '#/', '概览'],
  ['orders', '#/orders', '订单'],
  ['order-new', '#/orders/new', '新建订单'],
  ['order-detail', '#/orders/D000120170915', '订单详情 D000120170915'],
  ['order-edit', '#/orders/D000120170629/edit', '编辑订单 D000120170629'],
  ['order-match', '#/orders/D000120170915/match', '配单 D000120170915'],
  ['resources', '#/resources', '资源'],
  ['resource-new', '#/resources/new', '新建资源'],
  ['resource-detail', '#/resources/T000020170626', '资源详情 T000020170626'],
  ['resource-edit', '#/resources/T000020170626/edit', '编辑资源 T000020170626'],
  ['demands', '#/demands', '需求'],
  ['login', '#/login', '登录'],
];

for (const [name, hash, heading] of kPages) {
  test(`${heading} (${hash}) renders without a browser error`, async () => {
    await withPage(env.browser, async (page) => {
      await visit(page, env.server.url, hash);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.equal(await page.getByRole('alert').count(), 0, 'no error is shown');
      await screenshot(page, `desktop-${name}`);
    });
  });
}

test('the order list shows the demo orders with their names, and a row opens its order', async () => {
  await withPage(env.browser, async (page) => {
    await visit(page, env.server.url, '#/orders');
    const { body } = await apiGet(env.server.apiUrl, '/demandOrder/list?rows=20');
    const first = body.data[0];
    const row = page.getByRole('row').filter({ hasText: first.orderId });
    await row.getByText(first.companyName).waitFor();
    await row.getByText(first.stateName).waitFor();
    assert.match(await page.getByRole('navigation', { name: '订单分页' }).textContent(), new RegExp(`共 ${body.totalRecord} 条`));
    await row.getByRole('link', { name: first.orderId }).click();
    await settled(page);
    await page.getByRole('heading', { level: 1, name: `订单详情 ${first.orderId}` }).waitFor();
  });
});

test('概览 draws its charts from /stats/overview without a CSP error', async () => {
  await withPage(env.browser, async (page) => {
    const stats = (await apiGet(env.server.apiUrl, '/stats/overview')).body.data;
    await visit(page, env.server.url, '#/');
    const orders = Object.values(stats.orders.byState).reduce((a, b) => a + b, 0);
    await page.getByText('未结需求').waitFor();
    assert.match(await page.locator('main').textContent(), new RegExp(`订单${orders}`));
    assert.equal(await page.getByRole('img', { name: /^订单（按状态）/ }).count(), 1);
    assert.equal(await page.getByRole('img', { name: /^近30天/ }).count(), 1);
    // Chart.js has drawn: the canvases are sized and carry pixels.
    const drawn = await page.evaluate(() => [...document.querySelectorAll('canvas')].map((canvas) => {
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      return canvas.width > 0 && pixels.some((value) => value !== 0);
    }));
    assert.deepEqual(drawn, [true, true, true]);
    await screenshot(page, 'desktop-overview-charts');
  });
});

test('the first load of / is well under 300 KB transferred, compressed by the server', async (t) => {
  await withPage(env.browser, async (page) => {
    const responses = [];
    page.on('response', (response) => responses.push(response));
    await visit(page, env.server.url, '');
    await page.waitForLoadState('networkidle');
    // What crossed the wire: headers plus the body as sent (gzip when the server compressed it).
    const sizes = await Promise.all(responses.map(async (response) => {
      const { responseBodySize, responseHeadersSize } = await response.request().sizes();
      return { url: response.url(), encoding: (await response.allHeaders())['content-encoding'], bytes: responseBodySize + responseHeadersSize };
    }));
    const total = sizes.reduce((sum, { bytes }) => sum + bytes, 0);
    t.diagnostic(`first load: ${sizes.length} responses, ${total} bytes transferred`);
    assert.ok(total < 300 * 1024, `first load is ${total} bytes transferred`);
    const chart = sizes.find(({ url }) => url.endsWith('/vendor/chart.umd.js'));
    assert.ok(chart, 'Chart.js is part of the first load');
    if (process.env.JSMS_CONSOLE_DEV !== '1') {
      // The binary sends its build-time gzip of every file of the console.
      const consoleFiles = sizes.filter(({ url }) => new URL(url).pathname.startsWith('/console/'));
      assert.ok(consoleFiles.length > 0);
      for (const { url, encoding } of consoleFiles) assert.equal(encoding, 'gzip', url);
    }
  });
});

const kPhonePages = [
  ['orders', '#/orders'],
  ['order-detail', '#/orders/D000120170915'],
  ['order-match', '#/orders/D000120170915/match'],
  ['order-new', '#/orders/new'],
  ['demands', '#/demands'],
  ['resources', '#/resources'],
];

for (const [name, hash] of kPhonePages) {
  test(`on a phone (390×844) ${hash} fits the width`, async () => {
    await withPage(env.browser, async (page) => {
      await visit(page, env.server.url, hash);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen (tables scroll inside their box)`);
      await screenshot(page, `phone-${name}`);
    }, { viewport: kPhone });
  });
}

test('on a phone the menu opens from its button and leads to a page', async () => {
  await withPage(env.browser, async (page) => {
    await visit(page, env.server.url, '#/');
    const menuLink = page.getByRole('link', { name: '需求', exact: true });
    assert.equal(await menuLink.isVisible(), false, 'the menu is folded on a phone');
    await page.getByRole('button', { name: '菜单' }).click();
    await menuLink.click();
    await settled(page);
    await page.getByRole('heading', { level: 1, name: '需求' }).waitFor();
    assert.equal(await menuLink.isVisible(), false, 'the menu folds again after choosing');
  }, { viewport: kPhone });
});
