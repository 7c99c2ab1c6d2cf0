// 资源 (#/resources): the resource list with filters 资源状态 and 供应商, paging, and 导出.

import { api, pathOf, withQuery } from '../lib/api.js';
import { kResourceStates, smsTypeText, tidyName } from '../lib/codes.js';
import { h, fill } from '../lib/dom.js';
import { can } from '../lib/session.js';
import { dataTable, errorNotice, formField, kFilterCell, link, loading, pageTitle, pager, selectOf, stateBadge } from '../lib/ui.js';
import { pageNumber } from './orders.js';

const kRows = 20;

export async function render(view) {
  const { main, query, signal } = view;
  const filters = { state: query.get('state') || '', supplierLike: query.get('supplierLike') || '' };
  const page = pageNumber(query);
  const present = (values) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
  const go = (values, pageNo) => {
    const params = new URLSearchParams(present(values));
    if (pageNo > 1) params.set('page', String(pageNo));
    view.navigate(params.toString() ? `#/resources?${params}` : '#/resources');
  };

  const state = selectOf(kResourceStates, filters.state, { blank: '全部' });
  const supplier = h('input', { type: 'search', class: 'form-control', value: filters.supplierLike, maxlength: 100 });
  const form = h('form', { class: 'row g-2 align-items-end filters', role: 'search', 'aria-label': '资源筛选' },
    formField('资源状态', state, { cls: kFilterCell }), formField('供应商', supplier, { cls: kFilterCell }),
    h('div', { class: `${kFilterCell} filter-buttons` },
      h('button', { type: 'submit', class: 'btn btn-primary' }, '搜索'),
      h('a', { class: 'btn btn-outline-secondary', href: '#/resources' }, '重置')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go({ state: state.value, supplierLike: supplier.value.trim() }, 1);
  });
  const actions = [h('a', { class: 'btn btn-outline-secondary', href: withQuery('/order/resource/query', { format: 'csv', ...present(filters) }), download: '' }, '导出')];
  if (can('resources.write')) actions.unshift(h('a', { class: 'btn btn-primary', href: '#/resources/new' }, '新建资源'));
  const results = h('div', null, loading());
  main.append(pageTitle('资源', ...actions), form, results);

  let reply;
  try {
    reply = await api.get('/order/resource/query', { ...present(filters), rows: kRows, page }, { signal });
  } catch (error) {
    if (error.name !== 'AbortError') fill(results, errorNotice(error));
    return;
  }
  fill(results,
    dataTable({
      caption: '资源列表',
      rows: reply.data || [],
      empty: '没有符合条件的资源',
      columns: [
        { title: '资源编号', cell: (r) => link(pathOf('#/resources/', r.resourceId), r.resourceId) },
        { title: '通道号', cell: (r) => r.channelId },
        { title: '供应商', cell: (r) => r.supplier },
        { title: '通道类型', cell: (r) => tidyName(r.channelTypeName) },
        { title: '发送类型', cell: (r) => smsTypeText(r.smsType) },
        { title: '是否直连', cell: (r) => r.directConnectName },
        { title: '扩展位', cell: (r) => r.extendSizeName },
        { title: '签名', cell: (r) => tidyName(r.signTypeName) },
        { title: '采购价格(元/条)', cell: (r) => r.purchasePrice },
        { title: '接入协议', cell: (r) => r.protocolTypeName },
        { title: '状态', cell: (r) => stateBadge('resource', r.state, r.stateName) },
      ],
    }),
    pager(reply, (n) => go(filters, n), '资源分页'));
}
