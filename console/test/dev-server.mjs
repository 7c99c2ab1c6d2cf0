// A development server for the console, until jsms-ops serves it itself: it serves the files of
// console/assets.txt (read from disk on every request, so an edit shows on reload) with the
// headers the real server will send (Content-Security-Policy, gzip when accepted, an ETag), and
// proxies every other path to a jsms-ops it starts. No dependencies beyond node.
//
//   node console/test/dev-server.mjs --db ops.db [--port 8081] [--binary build/jsms-ops]
//
// prints "listening on http://127.0.0.1:PORT" once both are up; Ctrl-C stops both.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const kConsoleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const kContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const kTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

// assets.txt: "url<TAB>source" per line; '#' starts a comment line. A relative source is under
// console/, an absolute one is a file of a Debian package.
export async function readAssets(consoleDir = kConsoleDir) {
  const text = await readFile(path.join(consoleDir, 'assets.txt'), 'utf8');
  const assets = new Map();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [url, source, extra] = line.split('\t');
    if (!url || !source || extra !== undefined) throw new Error(`assets.txt: bad line ${JSON.stringify(line)}`);
    assets.set(url, path.isAbsolute(source) ? source : path.join(consoleDir, source));
  }
  return assets;
}

// Starts jsms-ops on a free port and resolves to its base URL (its first stdout line).
export function startBackend(binary, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`jsms-ops exited (${code}) before listening: ${stderr}`)));
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (!match) {
        child.kill('SIGTERM');
        reject(new Error(`unexpected first line from jsms-ops: ${line}`));
        return;
      }
      child.removeAllListeners('exit');
      resolve({ url: match[1], child, stderr: () => stderr });
    });
  });
}

export function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function serveAsset(req, res, file) {
  let body;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`dev-server: cannot read ${file}\n`);
    return;
  }
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  const headers = {
    'Content-Type': kTypes[path.extname(file)] || 'application/octet-stream',
    'Content-Security-Policy': kContentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    ETag: etag,
    Vary: 'Accept-Encoding',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  if (/\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    body = gzipSync(body, { level: 9 });
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function proxy(req, res, backend) {
  const target = new URL(req.url, backend);
  const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('dev-server: jsms-ops did not answer\n');
  });
  req.pipe(upstream);
}

// Starts jsms-ops over db and the console in front of it. Resolves to {url, backendUrl, close}.
export async function startDevServer({ binary, db, port = 0, consoleDir = kConsoleDir, backendArgs = [] }) {
  const backend = await startBackend(binary, ['--db', db, ...backendArgs]);
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    if ((req.method === 'GET' || req.method === 'HEAD') && (pathname === '/' || pathname.startsWith('/console/'))) {
      const assets = await readAssets(consoleDir);
      const file = assets.get(pathname);
      if (file) {
        await serveAsset(req, res, file);
        return;
      }
      if (pathname !== '/') {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('not found\n');
        return;
      }
    }
    proxy(req, res, backend.url);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    backendUrl: backend.url,
    backendStderr: backend.stderr,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await stopChild(backend.child);
    },
  };
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
  };
  const db = option('--db', null);
  if (!db) {
    console.error('usage: node console/test/dev-server.mjs --db FILE [--port N] [--binary PATH]');
    process.exit(2);
  }
  const repo = path.resolve(kConsoleDir, '..');
  const binary = option('--binary', process.env.JSMS_BINARY || path.join(repo, 'build', 'jsms-ops'));
  const dev = await startDevServer({ binary, db, port: Number(option('--port', '8081')) });
  console.log(`listening on ${dev.url}`);
  const stop = async () => {
    await dev.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`dev-server: ${error.message}`);
    process.exit(1);
  });
}
