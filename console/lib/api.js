// The one way the console talks to jsms-ops: the public JSON API (spec.md), reads by GET with a
// query string, writes by POST with a form body. Every failure becomes an ApiError whose message
// is what the person is shown: the server's msg verbatim for a refusal, a plain sentence for a
// network failure, a reply that is not JSON, or an HTTP error without a msg.

import { session } from './session.js';

export class ApiError extends Error {
  // kind: 'refused' (the server said no: its msg), 'unauthorized' (401), 'forbidden' (403),
  // 'missing' (404 NOT_FOUND: no such route on this server), 'server' (5xx), 'network', 'format'.
  constructor(kind, message, { code = null, status = 0 } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.code = code;
    this.status = status;
  }

  // Said after the msg, so the person knows it was not their input that was refused.
  get hint() {
    switch (this.kind) {
      case 'unauthorized': return '未登录或登录已失效（HTTP 401）';
      case 'forbidden': return '没有权限（HTTP 403）';
      case 'missing': return '服务器没有这个接口（HTTP 404）';
      case 'server': return `服务器出错（HTTP ${this.status}），请稍后再试`;
      default: return '';
    }
  }
}

let onUnauthorized = () => {};

// The app decides what a 401 means (go to the login page, come back afterwards).
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

function toForm(params) {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) form.append(key, item); // resourceIds=a&resourceIds=b
    } else {
      form.append(key, String(value));
    }
  }
  return form;
}

export function withQuery(path, params) {
  const query = toForm(params).toString();
  return query ? `${path}?${query}` : path;
}

// options.signal aborts with the page; options.quiet401 leaves a 401 to the caller (login, /auth/me).
async function request(method, path, params, options = {}) {
  const headers = { Accept: 'application/json' };
  if (session.mode === 'open' && session.operatorId) headers['X-Operator-Id'] = session.operatorId;
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store', signal: options.signal };
  let url = path;
  if (method === 'GET') url = withQuery(path, params);
  else init.body = toForm(params); // application/x-www-form-urlencoded;charset=UTF-8

  let response;
  let text;
  try {
    response = await fetch(url, init);
    text = await response.text();
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError('network', '无法连接服务器，请检查网络后重试');
  }
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: said below, with the status.
  }
  const status = response.status;
  const msg = json && typeof json.msg === 'string' && json.msg ? json.msg : null;
  const code = json && typeof json.code === 'string' ? json.code : null;
  // 401 LOGIN_FAILED is a refusal of what was typed, not a lost session.
  if (status === 401 && (code === null || code === 'UNAUTHORIZED')) {
    if (!options.quiet401) onUnauthorized();
    throw new ApiError('unauthorized', msg || '请先登录', { code, status });
  }
  if (status === 403) throw new ApiError('forbidden', msg || '没有权限', { code, status });
  if (status === 404 && code === 'NOT_FOUND') throw new ApiError('missing', msg || '接口不存在', { code, status });
  if (status >= 500) throw new ApiError('server', msg || '服务器出错', { code, status });
  if (json === null || typeof json !== 'object') {
    throw new ApiError('format', `服务器返回了无法识别的内容（HTTP ${status}）`, { status });
  }
  if (status >= 400 || json.success === false) {
    throw new ApiError('refused', msg || `请求被拒绝（HTTP ${status}）`, { code, status });
  }
  return json;
}

export const api = {
  get: (path, params, options) => request('GET', path, params, options),
  post: (path, params, options) => request('POST', path, params, options),
};

// "/demandOrder/D0001…": ids go into paths encoded, whatever they hold.
export function pathOf(prefix, id, suffix = '') {
  return `${prefix}${encodeURIComponent(id)}${suffix}`;
}
