// Picking resources: a selection whose checkboxes may appear in several tables at once (推荐资源
// and 全部资源 on the 配单 page), and a searchable, paged table of every resource
// (/order/resource/query with state and supplierLike) to tick them in.

import { api, pathOf } from './api.js';
import { kResourceStates, smsTypeText, tidyName } from './codes.js';
import { h, fill, show } from './dom.js';
import { dataTable, errorNotice, formField, kFilterCell, link, loading, pager, selectOf, stateBadge } from './ui.js';

export class ResourceSelection {
  constructor(initial = [], onChange = () => {}) {
    this.chosen = new Map(initial.map((resource) => [resource.resourceId, resource]));
    this.boxes = new Map(); // resourceId → Set of its checkboxes on screen
    this.onChange = onChange;
  }

  get ids() { return [...this.chosen.keys()]; }

  get size() { return this.chosen.size; }

  set(resource, on) {
    if (on) this.chosen.set(resource.resourceId, resource);
    else this.chosen.delete(resource.resourceId);
    for (const input of this.boxes.get(resource.resourceId) || []) {
      if (!input.isConnected) this.boxes.get(resource.resourceId).delete(input);
      else input.checked = on;
    }
    this.onChange();
  }

  // A checkbox named 选择 {id}, ticked when the resource is chosen, kept in step with the others.
  checkbox(resource) {
    const input = h('input', {
      type: 'checkbox', class: 'form-check-input', checked: this.chosen.has(resource.resourceId),
      'aria-label': `选择 ${resource.resourceId}`,
    });
    input.addEventListener('change', () => this.set(resource, input.checked));
    if (!this.boxes.has(resource.resourceId)) this.boxes.set(resource.resourceId, new Set());
    this.boxes.get(resource.resourceId).add(input);
    return input;
  }

  // The chosen resources as a list, each with a 移除 button.
  list() {
    if (this.chosen.size === 0) return h('p', { class: 'text-muted small' }, '还没有选择资源');
    return h('ul', { class: 'chosen-list' }, [...this.chosen.values()].map((resource) => {
      const remove = h('button', { type: 'button', class: 'btn btn-sm btn-link', 'aria-label': `移除 ${resource.resourceId}` }, '移除');
      remove.addEventListener('click', () => this.set(resource, false));
      return h('li', null, h('span', null, `${resource.resourceId} ${show(resource.supplier)}（${show(resource.stateName)}）`), remove);
    }));
  }
}

// The 全部资源 table: filters 资源状态 (default 已接入) and 供应商, paging, a checkbox per row.
export function resourceBrowser(selection, { signal, rows = 10, label = '全部资源' }) {
  let filter = { state: '1', supplierLike: '', page: 1 };
  const state = selectOf(kResourceStates, filter.state, { blank: '全部' });
  const supplier = h('input', { type: 'search', class: 'form-control', maxlength: 100 });
  const results = h('div', null, loading());
  const form = h('form', { class: 'row g-2 align-items-end filters', role: 'search', 'aria-label': `${label}筛选` },
    formField('资源状态', state, { cls: kFilterCell }), formField('供应商', supplier, { cls: kFilterCell }),
    h('div', { class: `${kFilterCell} filter-buttons` }, h('button', { type: 'submit', class: 'btn btn-outline-primary' }, '搜索')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filter = { state: state.value, supplierLike: supplier.value.trim(), page: 1 };
    load();
  });

  let latest = 0;
  async function load() {
    const mine = ++latest;
    fill(results, loading());
    const params = { rows, page: filter.page };
    if (filter.state !== '') params.state = filter.state;
    if (filter.supplierLike) params.supplierLike = filter.supplierLike;
    let reply;
    try {
      reply = await api.get('/order/resource/query', params, { signal });
    } catch (error) {
      if (error.name !== 'AbortError' && mine === latest) fill(results, errorNotice(error));
      return;
    }
    if (mine !== latest) return; // a newer search answered first
    fill(results,
      dataTable({
        caption: label,
        rows: reply.data || [],
        empty: '没有符合条件的资源',
        columns: [
          { title: '选择', cell: (r) => selection.checkbox(r) },
          { title: '资源编号', cell: (r) => link(pathOf('#/resources/', r.resourceId), r.resourceId) },
          { title: '供应商', cell: (r) => r.supplier },
          { title: '通道类型', cell: (r) => tidyName(r.channelTypeName) },
          { title: '发送类型', cell: (r) => smsTypeText(r.smsType) },
          { title: '直连', cell: (r) => r.directConnectName },
          { title: '扩展位', cell: (r) => r.extendSizeName },
          { title: '签名', cell: (r) => tidyName(r.signTypeName) },
          { title: '采购价格(元/条)', cell: (r) => r.purchasePrice },
          { title: '状态', cell: (r) => stateBadge('resource', r.state, r.stateName) },
        ],
      }),
      pager(reply, (n) => {
        filter = { ...filter, page: n };
        load();
      }, `${label}分页`));
  }

  return { el: h('div', { class: 'resource-browser' }, form, results), load };
}
