// 员工 (#/staff, admin only): every staff account (GET /staff/accounts); add one (/staff/add),
// change name, role or 停用 (/staff/edit), reset a password (/staff/passwd). The server refuses
// what would leave no active admin; its msg is shown as it is.

import { api } from '../lib/api.js';
import { h, fill, uniqueId } from '../lib/dom.js';
import { kRoleNames, roleName } from '../lib/session.js';
import { forgetStaff } from '../lib/staff.js';
import { actionDialog, dataTable, errorNotice, formField, loading, messageArea, pageTitle, selectOf, whileBusy } from '../lib/ui.js';

const kRoles = Object.entries(kRoleNames);

function labelled(label, control) {
  if (!control.id) control.id = uniqueId('staff');
  return h('div', { class: 'mb-2' }, h('label', { for: control.id, class: 'form-label' }, label), control);
}

export async function render(view) {
  const { main, signal } = view;
  const message = messageArea();
  if (view.flash) message.success(view.flash);
  const results = h('div', null, loading());
  const reload = (msg) => {
    forgetStaff();
    view.navigate('#/staff', msg);
  };
  main.append(pageTitle('员工'), message.el, addForm(reload), results);

  let accounts;
  try {
    accounts = (await api.get('/staff/accounts', null, { signal })).data || [];
  } catch (error) {
    if (error.name !== 'AbortError') fill(results, errorNotice(error));
    return;
  }
  fill(results, dataTable({
    caption: '员工账号',
    rows: accounts,
    empty: '还没有员工',
    columns: [
      { title: '编号', cell: (a) => a.id },
      { title: '登录名', cell: (a) => a.login },
      { title: '姓名', cell: (a) => a.name },
      { title: '角色', cell: (a) => (a.role ? roleName(a.role) : null) },
      { title: '状态', cell: (a) => (a.disabled ? '已停用' : '正常') },
      { title: '密码', cell: (a) => (a.hasPassword ? '已设置' : '未设置') },
      { title: '最近登录', cell: (a) => a.lastLogin, class: 'text-nowrap' },
      { title: '操作', cell: (a) => rowButtons(a, reload) },
    ],
  }));
}

function addForm(reload) {
  const login = h('input', { class: 'form-control', maxlength: 32, autocomplete: 'off' });
  const name = h('input', { class: 'form-control', maxlength: 100 });
  const role = selectOf(kRoles, 'ops');
  const password = h('input', { class: 'form-control', type: 'password', maxlength: 128, autocomplete: 'new-password' });
  const id = h('input', { class: 'form-control', type: 'number', min: 1, step: 1 });
  const message = messageArea();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '添加员工');
  const form = h('form', { class: 'record-form mb-3', novalidate: true, 'aria-label': '添加员工' },
    h('h2', { class: 'h6' }, '添加员工'),
    h('div', { class: 'row g-2 align-items-end' },
      formField('登录名', login, { help: '1–32 个 a-z 0-9 . _ -' }), formField('姓名', name), formField('角色', role),
      formField('密码', password, { help: '8–128 个字符，不能与登录名相同' }),
      formField('编号（可选）', id, { help: '给已有的员工（如种子数据里的销售）开账号时填其编号' }),
      h('div', { class: 'col-md-6 col-xl-4 filter-buttons' }, submit)),
    message.el);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    whileBusy(submit, async () => {
      message.clear();
      try {
        const reply = await api.post('/staff/add', {
          login: login.value.trim(), name: name.value.trim(), role: role.value, password: password.value,
          id: id.value.trim() || undefined,
        });
        password.value = '';
        reload(`${reply.msg} 已添加 ${login.value.trim()}`);
      } catch (error) {
        if (error.name !== 'AbortError') message.error(error);
      }
    });
  });
  return form;
}

function rowButtons(account, reload) {
  const edit = h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary me-1' }, '修改');
  edit.addEventListener('click', async () => {
    const name = h('input', { class: 'form-control', value: account.name || '', maxlength: 100 });
    const role = selectOf(kRoles, account.role || '', { blank: '（无角色）' });
    const disabledId = uniqueId('disabled');
    const disabled = h('input', { type: 'checkbox', class: 'form-check-input', id: disabledId, checked: Boolean(account.disabled) });
    const msg = await actionDialog({
      title: `修改员工：${account.login || account.name || account.id}`,
      confirmLabel: '保存',
      content: h('div', null, labelled('姓名', name), labelled('角色', role),
        h('div', { class: 'form-check mb-2' }, disabled, h('label', { class: 'form-check-label', for: disabledId }, '停用'))),
      onConfirm: async () => (await api.post('/staff/edit', {
        id: account.id, name: name.value.trim(), role: role.value || undefined, disabled: disabled.checked ? 'true' : 'false',
      })).msg,
    });
    if (msg) reload(`${msg} 已修改 ${account.login || account.name}`);
  });
  const passwd = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary' }, '重置密码');
  passwd.addEventListener('click', async () => {
    const password = h('input', { class: 'form-control', type: 'password', maxlength: 128, autocomplete: 'new-password' });
    const msg = await actionDialog({
      title: `重置密码：${account.login || account.name || account.id}`,
      confirmLabel: '重置',
      content: h('div', null, labelled('新密码', password)),
      onConfirm: async () => (await api.post('/staff/passwd', { id: account.id, password: password.value })).msg,
    });
    if (msg) reload(`${msg} 已重置 ${account.login || account.name} 的密码`);
  });
  return h('div', { class: 'text-nowrap' }, edit, passwd);
}
