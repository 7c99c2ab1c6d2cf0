// 登录 (#/login): 登录名 and 密码 → POST /auth/login; a failure shows the server's msg
// (用户名或密码错误, or the 429 TOO_MANY_ATTEMPTS message) and keeps what was typed in 登录名.

import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { session, roleName } from '../lib/session.js';
import { messageArea, notice, whileBusy } from '../lib/ui.js';

export async function render(view) {
  const { main } = view;
  if (session.mode === 'open') {
    main.append(h('h1', { class: 'h4' }, '登录'),
      notice('info', '服务器处于开放模式（没有员工账号），无需登录。'), h('a', { href: '#/' }, '回到首页'));
    return;
  }
  if (session.me) {
    main.append(h('h1', { class: 'h4' }, '登录'),
      notice('info', `已登录：${session.me.name}（${roleName(session.me.role)}）`), h('a', { href: '#/' }, '回到首页'));
    return;
  }
  const login = h('input', { id: 'login-name', class: 'form-control', name: 'login', autocomplete: 'username', required: true, maxlength: 32 });
  const password = h('input', { id: 'login-password', class: 'form-control', type: 'password', name: 'password', autocomplete: 'current-password', required: true, maxlength: 128 });
  const message = messageArea();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary w-100' }, '登录');
  const form = h('form', { class: 'login-form', novalidate: true },
    h('h1', { class: 'h4 mb-3' }, '登录'),
    h('div', { class: 'mb-3' }, h('label', { for: login.id, class: 'form-label' }, '登录名'), login),
    h('div', { class: 'mb-3' }, h('label', { for: password.id, class: 'form-label' }, '密码'), password),
    message.el,
    submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    whileBusy(submit, async () => {
      message.clear();
      if (!login.value.trim() || !password.value) {
        message.problem('请填写登录名和密码');
        return;
      }
      try {
        const reply = await api.post('/auth/login', { login: login.value.trim(), password: password.value }, { quiet401: true });
        password.value = '';
        view.signedIn(reply.data);
      } catch (error) {
        password.value = '';
        message.error(error);
        password.focus();
      }
    });
  });
  main.append(form);
  login.focus();
}
