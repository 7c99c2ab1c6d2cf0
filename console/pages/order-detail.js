// 订单详情 (#/orders/{id}): every field by its name, the resources it is linked to, its demand,
// the 进度 timeline, and the buttons its state and the person's role allow: 配单, 编辑 (退单
// only), 撤单 (with a confirmation).

import { api, pathOf } from '../lib/api.js';
import { orderAllows, tidyName } from '../lib/codes.js';
import { h, fill, show } from '../lib/dom.js';
import { can } from '../lib/session.js';
import {
  actionButton, confirmDialog, dataTable, errorNotice, fieldList, link, loading, messageArea, notice, pageTitle,
  stateBadge,
} from '../lib/ui.js';

export function orderFields(order) {
  return [
    ['订单号', order.orderId],
    ['公司名称', order.companyName],
    ['所属行业', order.industryType],
    ['归属销售', order.belongSaleName ?? order.belongSale],
    ['发送类型', order.smsType],
    ['预计量(条/月)', order.expectNumber],
    ['是否保底', order.minimumGuaranteeName],
    ['通道类型', tidyName(order.channelTypeName)],
    ['是否直连', order.directConnectName],
    ['扩展位', order.extendSizeName],
    ['速率', order.rate],
    ['签名', tidyName(order.signTypeName)],
    ['发送内容模板', order.contentTemplate],
    ['结算方式', order.payType],
    ['销售价格(元/条)', order.salePrice],
    ['发票', order.invoiceTypeName],
    ['要求上线时间', order.onlineDate],
  ];
}

export async function render(view) {
  const { main, signal } = view;
  const orderId = view.ids[0];
  const detail = api.get(pathOf('/demandOrder/', orderId), null, { signal });
  const progress = api.get(pathOf('/demandOrder/', orderId, '/progress'), null, { signal });
  progress.catch(() => {}); // reported in its own section
  const body = h('div', null, loading());
  main.append(body);

  let order;
  try {
    order = (await detail).data;
  } catch (error) {
    if (error.name !== 'AbortError') fill(body, pageTitle(`订单详情 ${orderId}`), errorNotice(error));
    return;
  }
  const message = messageArea();
  if (view.flash) message.success(view.flash);

  const buttons = [];
  if (can('match') && orderAllows('match', order.state)) {
    buttons.push(link(pathOf('#/orders/', orderId, '/match'), '配单', 'btn btn-primary'));
  }
  if (can('orders.write') && orderAllows('edit', order.state)) {
    buttons.push(link(pathOf('#/orders/', orderId, '/edit'), '编辑', 'btn btn-outline-primary'));
  }
  if (can('orders.write') && orderAllows('chedan', order.state)) {
    buttons.push(actionButton('撤单', 'outline-danger', async () => {
      const answer = await confirmDialog({
        title: '撤单', message: `确定要撤单吗？订单 ${orderId}（${order.companyName ?? ''}）撤单后不能恢复。`,
        confirmLabel: '确定撤单', kind: 'danger', withRemark: true, remarkLabel: '撤单原因',
      });
      if (!answer) return;
      try {
        const reply = await api.post('/demandOrder/chedan', { orderId, remark: answer.remark.trim() || undefined });
        view.navigate(pathOf('#/orders/', orderId), reply.msg);
      } catch (error) {
        if (error.name !== 'AbortError') message.error(error);
      }
    }));
  }

  const linked = h('section', { class: 'detail-section', 'aria-label': '已选资源' });
  const demand = h('section', { class: 'detail-section', 'aria-label': '资源需求' });
  const timeline = h('section', { class: 'detail-section', 'aria-label': '进度' }, h('h2', { class: 'h5' }, '进度'), loading());
  fill(body,
    pageTitle(`订单详情 ${orderId}`, ...buttons),
    message.el,
    h('p', { class: 'state-line' }, '订单状态：', stateBadge('order', order.state, order.stateName),
      '　需求状态：', show(order.demandStateName)),
    h('div', { class: 'row' },
      h('div', { class: 'col-lg-7' },
        h('section', { class: 'detail-section', 'aria-label': '订单信息' },
          h('h2', { class: 'h5' }, '订单信息'),
          fieldList([
            ...orderFields(order),
            ['是否审核', order.isAuditName],
            ['备注', order.remark],
            ['操作人', order.operatorId],
            ['审核人', order.auditorId],
            ['创建时间', order.createTime],
            ['更新时间', order.updateTime],
          ])),
        linked, demand),
      h('div', { class: 'col-lg-5' }, timeline)));

  const tasks = [showProgress(timeline, progress)];
  if (can('resources.read')) tasks.push(showLinked(linked, orderId, signal));
  if (order.demandState !== null && order.demandState !== undefined && can('demands.read')) {
    tasks.push(showDemand(demand, orderId, signal));
  }
  await Promise.all(tasks);
}

async function showProgress(section, progress) {
  let entries;
  try {
    entries = (await progress).data || [];
  } catch (error) {
    if (error.name !== 'AbortError') fill(section, h('h2', { class: 'h5' }, '进度'), errorNotice(error));
    return;
  }
  fill(section, h('h2', { class: 'h5' }, '进度'),
    entries.length === 0
      ? h('p', { class: 'text-muted' }, '还没有进度记录')
      : h('ol', { class: 'timeline' }, entries.map((entry) => h('li', { class: 'timeline-item' },
        h('div', { class: 'timeline-head' },
          h('strong', null, show(entry.progress)),
          h('span', { class: 'text-muted small' }, ` ${show(entry.createTime)}`)),
        h('div', null, `${show(entry.operatorName ?? entry.operatorId)}：${show(entry.fromStateName)} → ${show(entry.toStateName)}`),
        entry.resourceIds ? h('div', { class: 'small' }, `资源：${entry.resourceIds}`) : null,
        entry.remark ? h('div', { class: 'small timeline-remark' }, `备注：${entry.remark}`) : null))));
}

async function showLinked(section, orderId, signal) {
  fill(section, h('h2', { class: 'h5' }, '已选资源'), loading());
  let reply;
  try {
    reply = await api.get('/order/resource/query', { orderId, rows: 100 }, { signal });
  } catch (error) {
    if (error.name !== 'AbortError') fill(section, h('h2', { class: 'h5' }, '已选资源'), errorNotice(error));
    return;
  }
  fill(section, h('h2', { class: 'h5' }, '已选资源'), dataTable({
    rows: reply.data || [],
    empty: '没有关联的资源',
    columns: [
      { title: '资源编号', cell: (r) => link(pathOf('#/resources/', r.resourceId), r.resourceId) },
      { title: '供应商', cell: (r) => r.supplier },
      { title: '通道类型', cell: (r) => tidyName(r.channelTypeName) },
      { title: '采购价格(元/条)', cell: (r) => r.purchasePrice },
      { title: '状态', cell: (r) => stateBadge('resource', r.state, r.stateName) },
    ],
  }));
}

async function showDemand(section, orderId, signal) {
  fill(section, h('h2', { class: 'h5' }, '资源需求'), loading());
  try {
    const demand = (await api.get(pathOf('/order/resource/demand/byorder/', orderId), null, { signal })).data;
    fill(section, h('h2', { class: 'h5' }, '资源需求'), fieldList([
      ['需求编号', demand.demandId],
      ['需求状态', demand.stateName],
      ['备注', demand.remark],
      ['发起时间', demand.createTime],
      ['处理时间', demand.updateTime],
    ]), can('demands.write') && demand.state === '0' ? link(`#/demands?orderId=${encodeURIComponent(orderId)}`, '去需求页处理') : null);
  } catch (error) {
    if (error.name === 'AbortError') return;
    fill(section, h('h2', { class: 'h5' }, '资源需求'),
      error.code === 'DEMAND_NOT_FOUND' ? notice('info', error.message) : errorNotice(error));
  }
}
