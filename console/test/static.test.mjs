// What can be checked without a browser: assets.txt names every console file and nothing that is
// missing (the binary embeds exactly that list), and the code keeps to the rules the
// Content-Security-Policy and "values as text" impose.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readAssets } from './dev-server.mjs';

const kConsoleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kNotServed = new Set(['README.md', 'assets.txt']);

async function consoleFiles(dir = kConsoleDir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== path.join(kConsoleDir, 'test')) found.push(...await consoleFiles(full));
    } else if (!(dir === kConsoleDir && kNotServed.has(entry.name))) {
      found.push(path.relative(kConsoleDir, full));
    }
  }
  return found.sort();
}

test('assets.txt lists every console file once, and every file it lists exists', async () => {
  const assets = await readAssets(kConsoleDir);
  const listed = [...assets.values()].filter((file) => file.startsWith(kConsoleDir)).map((file) => path.relative(kConsoleDir, file)).sort();
  assert.deepEqual(listed, await consoleFiles());
  for (const [url, file] of assets) {
    assert.ok(url === '/' || url.startsWith('/console/'), `${url} is served under /console/`);
    assert.ok(existsSync(file), `${url}: ${file} exists (Debian packages from tools/setup)`);
  }
  assert.equal(assets.get('/'), path.join(kConsoleDir, 'index.html'));
  assert.ok(assets.has('/console/vendor/bootstrap.min.css'));
  assert.ok(assets.has('/console/vendor/chart.umd.js'));
});

test('index.html has no inline script, style or event handler', async () => {
  const html = await readFile(path.join(kConsoleDir, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<style/i);
  assert.doesNotMatch(html, /\sstyle\s*=/i);
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
  for (const script of html.match(/<script[^>]*>[\s\S]*?<\/script>/gi) || []) {
    assert.match(script, /^<script[^>]*\ssrc="\/console\/[^"]+"[^>]*><\/script>$/, `${script} loads a file`);
  }
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//i, 'nothing from another host');
});

test('the console code never parses server values as HTML, evaluates strings or sets inline styles', async () => {
  const kForbidden = [
    [/\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write/, 'HTML from strings'],
    [/\beval\s*\(|new\s+Function\s*\(|setTimeout\s*\(\s*['"`]/, 'code from strings'],
    [/\.style\.|setAttribute\(\s*['"]style['"]|\.cssText/, 'inline styles (refused by the CSP)'],
    [/https?:\/\//, 'a URL of another host'],
  ];
  for (const file of (await consoleFiles()).filter((name) => name.endsWith('.js') || name.endsWith('.css'))) {
    const text = await readFile(path.join(kConsoleDir, file), 'utf8');
    for (const [pattern, what] of kForbidden) {
      assert.doesNotMatch(text, pattern, `${file}: ${what}`);
    }
  }
});
