// 订单 (#/orders): the order list with filters 状态, 公司名称, 销售, 创建日期 从/至, paging and a
// 导出 link. The filters and page live in the hash, so a reload or a shared link shows the same list.

import { api, withQuery, pathOf } from '../lib/api.js';
import { kOrderStates, orderAllows, tidyName } from '../lib/codes.js';
import { h, fill } from '../lib/dom.js';
import { can, isSales } from '../lib/session.js';
import { staffList, staffOptions } from '../lib/staff.js';
import { dataTable, errorNotice, formField, kFilterCell, link, loading, pageTitle, pager, selectOf, stateBadge } from '../lib/ui.js';

const kRows = 20;
const kFilterNames = ['state', 'companyName', 'belongSale', 'createTimeFrom', 'createTimeTo'];

function present(filters) {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));
}

export function pageNumber(query) {
  const n = Number(query.get('page'));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export async function render(view) {
  const { main, query, signal } = view;
  const filters = Object.fromEntries(kFilterNames.map((name) => [name, query.get(name) || '']));
  const page = pageNumber(query);
  const go = (values, pageNo) => {
    const params = new URLSearchParams(present(values));
    if (pageNo > 1) params.set('page', String(pageNo));
    const text = params.toString();
    view.navigate(text ? `#/orders?${text}` : '#/orders');
  };

  const state = selectOf(kOrderStates.filter(([code]) => code !== '8'), filters.state, { blank: '全部' });
  // 7 and 8 are both 待审核: the filter offers one 待审核 (7), as the original did not offer them at all.
  const company = h('input', { class: 'form-control', type: 'search', value: filters.companyName, maxlength: 100 });
  const sale = selectOf([], filters.belongSale, { blank: '全部' });
  const from = h('input', { class: 'form-control', type: 'date', value: filters.createTimeFrom });
  const to = h('input', { class: 'form-control', type: 'date', value: filters.createTimeTo });
  const search = h('button', { type: 'submit', class: 'btn btn-primary' }, '搜索');
  const reset = h('a', { class: 'btn btn-outline-secondary', href: '#/orders' }, '重置');
  const form = h('form', { class: 'row g-2 align-items-end filters', role: 'search', 'aria-label': '订单筛选' },
    formField('状态', state, { cls: kFilterCell }),
    formField('公司名称', company, { cls: kFilterCell }),
    isSales() ? null : formField('销售', sale, { cls: kFilterCell }),
    formField('创建日期从', from, { cls: kFilterCell }),
    formField('创建日期至', to, { cls: kFilterCell }),
    h('div', { class: `${kFilterCell} filter-buttons` }, search, reset));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go({ state: state.value, companyName: company.value.trim(), belongSale: isSales() ? '' : sale.value,
      createTimeFrom: from.value, createTimeTo: to.value }, 1);
  });
  if (!isSales()) {
    staffList().then((staff) => {
      fill(sale, h('option', { value: '' }, '全部'));
      for (const [value, label] of staffOptions(staff)) {
        sale.append(h('option', { value, selected: value === filters.belongSale }, label));
      }
    }, () => {
      fill(sale, h('option', { value: filters.belongSale }, filters.belongSale || '全部'),
        h('option', { value: '', disabled: true }, '（员工名单读取失败）'));
    });
  }

  const exportLink = h('a', { class: 'btn btn-outline-secondary', href: withQuery('/demandOrder/list', { format: 'csv', ...present(filters) }), download: '' }, '导出');
  const actions = [exportLink];
  if (can('orders.write')) actions.unshift(h('a', { class: 'btn btn-primary', href: '#/orders/new' }, '新建订单'));
  const results = h('div', null, loading());
  main.append(pageTitle('订单', ...actions), form, results);

  let reply;
  try {
    reply = await api.get('/demandOrder/list', { ...present(filters), rows: kRows, page }, { signal });
  } catch (error) {
    if (error.name !== 'AbortError') fill(results, errorNotice(error));
    return;
  }
  const rows = reply.data || [];
  fill(results,
    dataTable({
      caption: '订单列表',
      rows,
      empty: '没有符合条件的订单',
      columns: [
        { title: '订单号', cell: (o) => link(pathOf('#/orders/', o.orderId), o.orderId) },
        { title: '客户名称', cell: (o) => o.companyName },
        { title: '归属销售', cell: (o) => o.belongSaleName },
        { title: '发送类型', cell: (o) => o.smsType },
        { title: '通道类型', cell: (o) => tidyName(o.channelTypeName) },
        { title: '销售价格(元/条)', cell: (o) => o.salePrice },
        { title: '订单状态', cell: (o) => stateBadge('order', o.state, o.stateName) },
        { title: '需求状态', cell: (o) => o.demandStateName },
        { title: '创建时间', cell: (o) => o.createTime, class: 'text-nowrap' },
        { title: '操作', cell: (o) => rowActions(o) },
      ],
    }),
    pager(reply, (n) => go(filters, n), '订单分页'));
}

function rowActions(order) {
  const links = [link(pathOf('#/orders/', order.orderId), '查看', 'me-2')];
  if (can('match') && orderAllows('match', order.state)) {
    links.push(link(pathOf('#/orders/', order.orderId, '/match'), '配单'));
  }
  return links;
}
