// Widgets every page uses: messages, busy buttons, confirmation, tables, paging, field lists.

import { h, fill, show, uniqueId } from './dom.js';

// A message box. Errors are announced (role=alert), other news politely (role=status).
export function notice(kind, text, hint) {
  return h(
    'div',
    { class: `alert alert-${kind} notice`, role: kind === 'danger' ? 'alert' : 'status' },
    h('span', { class: 'notice-text' }, text),
    hint ? h('span', { class: 'notice-hint' }, hint) : null,
  );
}

// A place on a page where the outcome of an action is said; empty until then.
export function messageArea() {
  const el = h('div', { class: 'message-area' });
  return {
    el,
    success(text) { fill(el, notice('success', text)); },
    info(text) { fill(el, notice('info', text)); },
    error(error) { fill(el, errorNotice(error)); },
    problem(text) { fill(el, notice('danger', text)); },
    clear() { fill(el); },
  };
}

// The server's msg verbatim, then what kind of failure it was when it was not a plain refusal.
export function errorNotice(error) {
  if (error && error.name === 'ApiError') return notice('danger', error.message, error.hint);
  return notice('danger', '页面出错：' + (error && error.message ? error.message : String(error)));
}

export function loading(text = '加载中…') {
  return h('p', { class: 'text-muted loading', role: 'status' }, text);
}

// Runs fn with the button disabled, so a double click never sends twice; the button comes back
// whatever the outcome. Returns fn's result (undefined when the button was already busy).
export async function whileBusy(button, fn) {
  if (button.disabled) return undefined;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

// A button whose click runs an async action while it is disabled.
export function actionButton(label, kind, action, extra = {}) {
  const button = h('button', { type: 'button', class: `btn btn-${kind}`, ...extra }, label);
  button.addEventListener('click', () => whileBusy(button, action));
  return button;
}

// A modal question (native <dialog>). Resolves to {remark} on 确定, null on 取消 or Escape.
// withRemark: a 备注 field is offered; required: it must not be empty.
export function confirmDialog({ title, message, confirmLabel = '确定', kind = 'primary', withRemark = false,
                                remarkLabel = '备注', required = false, extra = null }) {
  return new Promise((resolve) => {
    const remarkId = uniqueId('remark');
    const remark = withRemark
      ? h('textarea', { id: remarkId, class: 'form-control', rows: 3, maxlength: 500, required })
      : null;
    const problem = h('div', { class: 'message-area' });
    const titleId = uniqueId('dialog-title');
    const ok = h('button', { type: 'submit', class: `btn btn-${kind}` }, confirmLabel);
    const cancel = h('button', { type: 'button', class: 'btn btn-outline-secondary' }, '取消');
    const form = h(
      'form',
      { method: 'dialog', class: 'dialog-form' },
      h('h2', { id: titleId, class: 'h5' }, title),
      message ? h('p', null, message) : null,
      extra,
      remark ? h('div', { class: 'mb-3' }, h('label', { for: remarkId, class: 'form-label' }, remarkLabel), remark) : null,
      problem,
      h('div', { class: 'dialog-buttons' }, cancel, ok),
    );
    const dialog = h('dialog', { class: 'console-dialog', 'aria-labelledby': titleId }, form);
    let answer = null;
    form.addEventListener('submit', (event) => {
      if (remark && required && !remark.value.trim()) {
        event.preventDefault();
        fill(problem, notice('danger', `请填写${remarkLabel}`));
        remark.focus();
        return;
      }
      answer = { remark: remark ? remark.value : '' };
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    (remark || ok).focus();
  });
}

// columns: [{title, cell: row => node|string, class?}]. rows: array. empty: text when no row.
export function dataTable({ columns, rows, empty = '没有记录', caption = null, rowLabel = null }) {
  const head = h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.title))));
  const body = h('tbody');
  if (rows.length === 0) {
    body.append(h('tr', null, h('td', { colspan: columns.length, class: 'text-muted text-center' }, empty)));
  }
  for (const row of rows) {
    body.append(
      h('tr', { 'aria-label': rowLabel ? rowLabel(row) : null },
        columns.map((c) => h('td', { class: c.class }, cellContent(c.cell(row))))),
    );
  }
  return h(
    'div',
    { class: 'table-responsive' },
    h('table', { class: 'table table-sm table-hover align-middle data-table' },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null, head, body),
  );
}

function cellContent(value) {
  return value instanceof Node || Array.isArray(value) ? value : show(value);
}

// The paging line under a list, from the page envelope {pageNo, totalPage, totalRecord}.
export function pager(page, goTo, label = '分页') {
  const pageNo = page.pageNo || 1;
  const totalPage = page.totalPage || 0;
  const prev = h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', disabled: pageNo <= 1 }, '上一页');
  const next = h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', disabled: pageNo >= totalPage }, '下一页');
  prev.addEventListener('click', () => goTo(pageNo - 1));
  next.addEventListener('click', () => goTo(pageNo + 1));
  return h(
    'nav',
    { class: 'pager', 'aria-label': label },
    prev,
    h('span', { class: 'pager-text' }, `第 ${totalPage === 0 ? 0 : pageNo} / ${totalPage} 页，共 ${page.totalRecord || 0} 条`),
    next,
  );
}

// A definition list of [label, value] pairs; values are shown as text.
export function fieldList(pairs) {
  return h(
    'dl',
    { class: 'field-list' },
    pairs.map(([label, value]) => [h('dt', null, label), h('dd', null, value instanceof Node ? value : show(value))]),
  );
}

const kStateClasses = {
  order: { 0: 'st-waiting', 1: 'st-matching', 3: 'st-back', 4: 'st-closed', 5: 'st-done', 6: 'st-seeking' },
  resource: { 0: 'st-waiting', 1: 'st-done', 2: 'st-matching', 3: 'st-closed' },
  demand: { 0: 'st-seeking', 1: 'st-done', 2: 'st-back', 3: 'st-closed' },
};

export function stateBadge(family, code, name) {
  const cls = kStateClasses[family][String(code)] || 'st-other';
  return h('span', { class: `badge state-badge ${cls}` }, show(name));
}

export const kFilterCell = 'col-6 col-md-4 col-xl-2';

// A labelled form control in a Bootstrap grid cell; the label names the control for
// assistive technology (and for tests finding it by label).
export function formField(label, control, { help = null, wide = false, cls = null } = {}) {
  if (!control.id) control.id = uniqueId('field');
  const helpNode = help ? h('div', { class: 'form-text', id: `${control.id}-help` }, help) : null;
  if (helpNode) control.setAttribute('aria-describedby', helpNode.id);
  return h('div', { class: cls || (wide ? 'col-12' : 'col-md-6 col-xl-4') },
    h('label', { for: control.id, class: 'form-label' }, label, control.required ? requiredMark() : null), control, helpNode);
}

// The asterisk of a required field; its label says 必填 to assistive technology.
function requiredMark() {
  return h('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *');
}

// A group of checkboxes or radios under one legend. options: [[value, label]].
export function choiceGroup(legend, name, type, options, selected, required = false) {
  const chosen = new Set(selected);
  return h('fieldset', { class: 'col-md-6 col-xl-4 choice-group' },
    h('legend', { class: 'form-label' }, legend, required ? requiredMark() : null),
    h('div', null, options.map(([value, label]) => {
      const id = uniqueId(name);
      return h('div', { class: 'form-check form-check-inline' },
        h('input', { class: 'form-check-input', type, name, id, value, checked: chosen.has(value) }),
        h('label', { class: 'form-check-label', for: id }, label));
    })));
}

export function selectOf(options, selected, { blank = null, id = null, name = null } = {}) {
  const select = h('select', { class: 'form-select', id, name });
  if (blank !== null) select.append(h('option', { value: '' }, blank));
  for (const [value, label] of options) {
    select.append(h('option', { value, selected: String(selected ?? '') === value }, label));
  }
  return select;
}

export function datalistFor(input, suggestions) {
  const list = h('datalist', { id: uniqueId('suggest') }, suggestions.map((s) => h('option', { value: s })));
  input.setAttribute('list', list.id);
  return list;
}

export function pageTitle(text, ...actions) {
  return h('div', { class: 'page-title' }, h('h1', { class: 'h4' }, text),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}

export function link(href, text, cls = null) {
  return h('a', { href, class: cls }, text);
}

// A modal form whose 确定 runs onConfirm(): the dialog closes when it succeeds (resolving to its
// result) and stays open showing the error when it throws, so a refusal can be corrected there.
// 取消 or Escape resolves to null without calling anything.
export function actionDialog({ title, content, confirmLabel = '确定', kind = 'primary', onConfirm }) {
  return new Promise((resolve) => {
    const titleId = uniqueId('dialog-title');
    const problem = messageArea();
    const ok = h('button', { type: 'submit', class: `btn btn-${kind}` }, confirmLabel);
    const cancel = h('button', { type: 'button', class: 'btn btn-outline-secondary' }, '取消');
    // The content may hold forms of its own (a resource search), so the buttons get a form apart.
    const form = h('form', { class: 'dialog-buttons', novalidate: true }, cancel, ok);
    const dialog = h('dialog', { class: 'console-dialog console-dialog-wide', 'aria-labelledby': titleId },
      h('h2', { id: titleId, class: 'h5' }, title), content, problem.el, form);
    let result = null;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      whileBusy(ok, async () => {
        problem.clear();
        cancel.disabled = true;
        try {
          result = await onConfirm();
          dialog.close();
        } catch (error) {
          if (error.name !== 'AbortError') problem.error(error);
        } finally {
          cancel.disabled = false;
        }
      });
    });
    // Escape would close the dialog mid-request: keep it open until the answer is in.
    dialog.addEventListener('cancel', (event) => { if (ok.disabled) event.preventDefault(); });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
