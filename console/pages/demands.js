// 需求 (#/demands): the demand list with filters 需求状态 and 订单号, paging, 导出; a demand that is
// 寻资源 is answered here: 已供应 (pick the resources that now carry it) or 无资源 (备注). Either
// way its order goes back to 待配单.

import { api, pathOf, withQuery } from '../lib/api.js';
import { kChannelTypes, kDemandStates, kDirectConnect, kSignTypes, nameOf, namesOf, smsTypeText } from '../lib/codes.js';
import { h, fill, uniqueId } from '../lib/dom.js';
import { ResourceSelection, resourceBrowser } from '../lib/resource-picker.js';
import { can } from '../lib/session.js';
import {
  actionDialog, dataTable, errorNotice, fieldList, formField, kFilterCell, link, loading, messageArea, pageTitle, pager, selectOf,
  stateBadge,
} from '../lib/ui.js';
import { pageNumber } from './orders.js';

const kRows = 20;

export async function render(view) {
  const { main, query, signal } = view;
  const filters = { state: query.get('state') || '', orderId: query.get('orderId') || '' };
  const page = pageNumber(query);
  const present = (values) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
  const here = () => {
    const params = new URLSearchParams(present(filters));
    if (page > 1) params.set('page', String(page));
    return params.toString() ? `#/demands?${params}` : '#/demands';
  };
  const go = (values, pageNo) => {
    const params = new URLSearchParams(present(values));
    if (pageNo > 1) params.set('page', String(pageNo));
    view.navigate(params.toString() ? `#/demands?${params}` : '#/demands');
  };

  const state = selectOf(kDemandStates, filters.state, { blank: '全部' });
  const orderId = h('input', { type: 'search', class: 'form-control', value: filters.orderId, maxlength: 64 });
  const form = h('form', { class: 'row g-2 align-items-end filters', role: 'search', 'aria-label': '需求筛选' },
    formField('需求状态', state, { cls: kFilterCell }), formField('订单号', orderId, { cls: kFilterCell }),
    h('div', { class: `${kFilterCell} filter-buttons` },
      h('button', { type: 'submit', class: 'btn btn-primary' }, '搜索'),
      h('a', { class: 'btn btn-outline-secondary', href: '#/demands' }, '重置')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go({ state: state.value, orderId: orderId.value.trim() }, 1);
  });
  const message = messageArea();
  if (view.flash) message.success(view.flash);
  const results = h('div', null, loading());
  main.append(
    pageTitle('需求', h('a', { class: 'btn btn-outline-secondary', href: withQuery('/order/resource/demand/list', { format: 'csv', ...present(filters) }), download: '' }, '导出')),
    form, message.el, results);

  let reply;
  try {
    reply = await api.get('/order/resource/demand/list', { ...present(filters), rows: kRows, page }, { signal });
  } catch (error) {
    if (error.name !== 'AbortError') fill(results, errorNotice(error));
    return;
  }

  const answered = (msg) => view.navigate(here(), msg);
  fill(results,
    dataTable({
      caption: '需求列表',
      rows: reply.data || [],
      empty: '没有符合条件的需求',
      columns: [
        { title: '需求编号', cell: (d) => d.demandId },
        { title: '订单号', cell: (d) => (can('orders.read') ? link(pathOf('#/orders/', d.orderId), d.orderId) : d.orderId) },
        { title: '发送类型', cell: (d) => smsTypeText(d.smsType) },
        { title: '通道类型', cell: (d) => namesOf(kChannelTypes, d.channelType) },
        { title: '销售价格(元/条)', cell: (d) => d.salePrice },
        { title: '要求上线时间', cell: (d) => d.onlineDate },
        { title: '需求状态', cell: (d) => stateBadge('demand', d.state, d.stateName) },
        { title: '备注', cell: (d) => d.remark, class: 'cell-wrap' },
        { title: '发起时间', cell: (d) => d.createTime, class: 'text-nowrap' },
        { title: '操作', cell: (d) => (can('demands.write') && d.state === '0' ? answerButtons(d, signal, answered) : null) },
      ],
    }),
    pager(reply, (n) => go(filters, n), '需求分页'));
}

function demandSummary(demand) {
  return fieldList([
    ['需求编号', demand.demandId],
    ['订单号', demand.orderId],
    ['所属行业', demand.industryType],
    ['发送类型', smsTypeText(demand.smsType)],
    ['预计量(条/月)', demand.expectNumber],
    ['通道类型', namesOf(kChannelTypes, demand.channelType)],
    ['是否直连', nameOf(kDirectConnect, demand.directConnect)],
    ['扩展位', demand.extendSize === '0' ? '无特殊要求' : demand.extendSize ? `要求${demand.extendSize}位` : null],
    ['签名', namesOf(kSignTypes, demand.signType)],
    ['销售价格(元/条)', demand.salePrice],
    ['要求上线时间', demand.onlineDate],
    ['备注', demand.remark],
  ]);
}

function remarkField(label) {
  const id = uniqueId('demand-remark');
  const textarea = h('textarea', { id, class: 'form-control', rows: 2, maxlength: 500 });
  return { textarea, el: h('div', { class: 'mb-2' }, h('label', { for: id, class: 'form-label' }, label), textarea) };
}

function answerButtons(demand, signal, answered) {
  const supplied = h('button', { type: 'button', class: 'btn btn-sm btn-success me-1' }, '已供应');
  const none = h('button', { type: 'button', class: 'btn btn-sm btn-outline-danger' }, '无资源');

  supplied.addEventListener('click', async () => {
    const chosenBox = h('div', { class: 'chosen-box', 'aria-label': '已选资源', role: 'region' });
    const selection = new ResourceSelection([], () => fill(chosenBox, h('h3', { class: 'h6' }, `已选资源（${selection.size}）`), selection.list()));
    const browser = resourceBrowser(selection, { signal, rows: 8, label: '可选资源' });
    const remark = remarkField('备注');
    fill(chosenBox, h('h3', { class: 'h6' }, '已选资源（0）'), selection.list());
    browser.load();
    const msg = await actionDialog({
      title: `已供应：${demand.demandId}`,
      confirmLabel: '确定已供应',
      kind: 'success',
      content: h('div', null, demandSummary(demand), browser.el, chosenBox, remark.el),
      onConfirm: async () => (await api.post('/order/resource/demand/hasres/save', {
        demandId: demand.demandId, resourceIds: selection.ids, remark: remark.textarea.value.trim() || undefined,
      })).msg,
    });
    if (msg) answered(`${msg} 需求 ${demand.demandId} 已供应，订单 ${demand.orderId} 回到待配单。`);
  });

  none.addEventListener('click', async () => {
    const remark = remarkField('备注（为什么没有资源）');
    const msg = await actionDialog({
      title: `无资源：${demand.demandId}`,
      confirmLabel: '确定无资源',
      kind: 'danger',
      content: h('div', null, demandSummary(demand), remark.el),
      onConfirm: async () => (await api.post('/order/resource/demand/nores', {
        demandId: demand.demandId, remark: remark.textarea.value.trim() || undefined,
      })).msg,
    });
    if (msg) answered(`${msg} 需求 ${demand.demandId} 无资源，订单 ${demand.orderId} 回到待配单。`);
  });
  return h('div', { class: 'text-nowrap' }, supplied, none);
}
