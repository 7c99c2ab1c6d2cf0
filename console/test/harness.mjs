// What every browser test needs: the real jsms-ops over a fresh database seeded with the demo
// fixture (served directly, or behind dev-server.mjs when JSMS_CONSOLE_DEV=1), Debian's Chromium
// through playwright-core, a watch on the browser console that fails the test on any error, and
// screenshots under build/console-screenshots.

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startBackend, startDevServer, stopChild } from './dev-server.mjs';

export const kRepo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const kBinary = path.resolve(kRepo, process.env.JSMS_BINARY || path.join('build', 'jsms-ops'));
export const kScreenshots = path.resolve(kRepo, process.env.JSMS_CONSOLE_SCREENSHOTS || path.join('build', 'console-screenshots'));
const kChromium = process.env.JSMS_CHROMIUM || '/usr/bin/chromium';
const kChromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const kDesktop = { width: 1280, height: 800 };
export const kPhone = { width: 390, height: 844 };

// jsms-ops reads options from JSMS_OPS_* variables: none of the caller's may leak into the tests.
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('JSMS_OPS_')));
}

// Runs the binary to completion (seed, staff add…); input goes to its stdin.
export function runBinary(args, input = null) {
  return new Promise((resolve, reject) => {
    const child = spawn(kBinary, args, { stdio: ['pipe', 'pipe', 'pipe'], env: cleanEnv() });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`jsms-ops ${args.join(' ')} exited ${code}: ${output}`))));
    if (input !== null) child.stdin.write(input);
    child.stdin.end();
  });
}

// A fresh database with the demo data, and the console in front of it. prepare(db) runs before
// the server starts (to add staff accounts). Resolves to {url, apiUrl, db, close}.
export async function startConsole({ prepare = null } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jsms-console-'));
  const db = path.join(dir, 'ops.db');
  await runBinary(['--db', db, 'seed']);
  if (prepare) await prepare(db);
  let server;
  if (process.env.JSMS_CONSOLE_DEV === '1') {
    const dev = await startDevServer({ binary: kBinary, db });
    server = { url: dev.url, apiUrl: dev.backendUrl, stop: () => dev.close() };
  } else {
    const backend = await startBackend(kBinary, ['--db', db]);
    server = { url: backend.url, apiUrl: backend.url, stop: () => stopChild(backend.child) };
  }
  return {
    url: server.url,
    apiUrl: server.apiUrl,
    db,
    async close() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  return chromium.launch({ executablePath: kChromium, args: kChromiumArgs, headless: true });
}

// Collects everything that should fail a test: console errors, uncaught exceptions, and any
// alert/confirm/prompt (the console never uses them, so one means injected script ran).
export class BrowserWatch {
  constructor(page) {
    this.problems = [];
    this.allowed = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const failedLoad = /^Failed to load resource: (?:the server responded with a status of (\d+)|(net::\S+))/.exec(text);
      if (failedLoad) {
        const { pathname } = new URL(message.location().url || 'http://x/');
        const status = failedLoad[1] ? Number(failedLoad[1]) : failedLoad[2];
        if (this.allowed.some((a) => a.path.test(pathname) && a.status === status)) return;
        this.problems.push(`${text} (${pathname})`);
        return;
      }
      this.problems.push(`console error: ${text}`);
    });
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      this.problems.push(`unexpected ${dialog.type()} dialog: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
  }

  // A failed load the test provokes on purpose (a 400 refusal, a 401, a simulated outage).
  allow(pathPattern, status) {
    this.allowed.push({ path: pathPattern, status });
  }

  check() {
    if (this.problems.length > 0) throw new Error(`browser reported:\n  ${this.problems.join('\n  ')}`);
  }
}

// Starts the console (startConsole's options) and a browser before the file's tests, and stops both
// after them; `env.server` and `env.browser` hold them meanwhile.
export function useConsole(options) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startConsole(options);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

// Runs body(page, watch) on a fresh watched page (`viewport`, desktop by default); the browser must
// then have reported nothing wrong but the failed loads in `allow` ([path pattern, status] pairs).
export async function withPage(browser, body, { viewport = kDesktop, allow = [] } = {}) {
  const session = await openPage(browser, viewport);
  for (const [pathPattern, status] of allow) session.watch.allow(pathPattern, status);
  try {
    await body(session.page, session.watch);
    session.watch.check();
  } finally {
    await session.close();
  }
}

// A page in its own context (no cookies shared between tests), watched.
export async function openPage(browser, viewport = kDesktop) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  // Every wait is a latch on something the page shows; this bound only decides how soon a broken
  // page fails. 30 s, not 10: under the sanitizers (tools/test-sanitized) the server runs several
  // times slower, and the first order created after chromium starts once took over 10 s there.
  context.setDefaultTimeout(30000);
  const page = await context.newPage();
  const watch = new BrowserWatch(page);
  return { page, watch, context, close: () => context.close() };
}

// Until nothing on the page says 加载中… any more.
export async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('.loading'));
}

export async function visit(page, baseUrl, hash) {
  await page.goto(`${baseUrl}/${hash}`);
  await settled(page);
}

export async function screenshot(page, name) {
  await mkdir(kScreenshots, { recursive: true });
  await page.screenshot({ path: path.join(kScreenshots, `${name}.png`), fullPage: true });
}

// The JSON API straight from the test, to prepare data and to check what the pages did.
export async function apiGet(apiUrl, pathAndQuery, headers = {}) {
  const reply = await fetch(`${apiUrl}${pathAndQuery}`, { headers });
  return { status: reply.status, body: await reply.json().catch(() => null) };
}

export async function apiPost(apiUrl, pathname, params, headers = {}) {
  const reply = await fetch(`${apiUrl}${pathname}`, { method: 'POST', body: new URLSearchParams(params), headers });
  return { status: reply.status, body: await reply.json().catch(() => null) };
}

export async function orderState(apiUrl, orderId) {
  const { body } = await apiGet(apiUrl, `/demandOrder/${encodeURIComponent(orderId)}`);
  return body.data;
}

export async function linkedResources(apiUrl, orderId) {
  const { body } = await apiGet(apiUrl, `/order/resource/query?rows=100&orderId=${encodeURIComponent(orderId)}`);
  return body.data.map((resource) => resource.resourceId);
}
