// 新建订单 (#/orders/new) and 编辑订单 (#/orders/{id}/edit). The server checks every field: its
// INVALID_PARAM msg is shown beside the buttons and the field it names is marked. An edit sends
// the updateTime it was read with; when someone changed the order meanwhile the server answers
// STALE_UPDATE (该订单已经更新…), which is shown while the form reloads with the current order.

import { api, pathOf } from '../lib/api.js';
import {
  kChannelTypes, kDirectConnect, kExpectSuggestions, kIndustrySuggestions, kInvoiceTypes, kPayTypeSuggestions,
  kSignTypes, kSmsTypeSuggestions, orderAllows,
} from '../lib/codes.js';
import { h, fill } from '../lib/dom.js';
import { buildFields, withoutEmpty } from '../lib/forms.js';
import { isSales, session } from '../lib/session.js';
import { staffList, staffOptions } from '../lib/staff.js';
import { errorNotice, loading, messageArea, notice, pageTitle, whileBusy, link } from '../lib/ui.js';

function orderSpecs() {
  return [
    { name: 'companyName', label: '公司名称', kind: 'text', required: true },
    { name: 'industryType', label: '所属行业', kind: 'text', suggestions: kIndustrySuggestions },
    isSales() ? null : { name: 'belongSale', label: '归属销售', kind: 'select', options: [], required: true },
    { name: 'smsType', label: '发送类型', kind: 'text', required: true, suggestions: kSmsTypeSuggestions },
    { name: 'expectNumber', label: '预计量(条/月)', kind: 'text', suggestions: kExpectSuggestions },
    { name: 'minimumGuarantee', label: '保底数量(万条/月)', kind: 'number', help: '0 为不承诺保底' },
    { name: 'channelType', label: '通道类型', kind: 'checks', options: kChannelTypes, required: true },
    { name: 'directConnect', label: '是否直连', kind: 'radios', options: kDirectConnect },
    { name: 'extendSize', label: '扩展位数', kind: 'number', help: '0 为无特殊要求' },
    { name: 'rate', label: '速率（tps）', kind: 'text' },
    { name: 'signType', label: '签名', kind: 'checks', options: kSignTypes },
    { name: 'payType', label: '结算方式', kind: 'text', suggestions: kPayTypeSuggestions },
    { name: 'salePrice', label: '销售价格(元/条)', kind: 'text', required: true, placeholder: '统一价:0.035' },
    { name: 'invoiceType', label: '发票', kind: 'select', options: kInvoiceTypes },
    { name: 'onlineDate', label: '要求上线时间', kind: 'date' },
    { name: 'contentTemplate', label: '发送内容模板', kind: 'textarea', wide: true },
  ].filter(Boolean);
}

export async function render(view) {
  const { main, mode } = view;
  const editing = mode === 'edit';
  const orderId = editing ? view.ids[0] : null;
  const body = h('div', null, loading());
  main.append(pageTitle(editing ? `编辑订单 ${orderId}` : '新建订单'), body);
  if (!editing) {
    showForm(view, body, null, null);
    return;
  }
  await loadAndShow(view, body, orderId, null);
}

async function loadAndShow(view, body, orderId, carriedMessage) {
  let order;
  try {
    order = (await api.get(pathOf('/demandOrder/', orderId), null, { signal: view.signal })).data;
  } catch (error) {
    if (error.name !== 'AbortError') fill(body, carriedMessage, errorNotice(error));
    return;
  }
  if (!orderAllows('edit', order.state)) {
    fill(body, carriedMessage,
      notice('warning', `只有退单的订单可以编辑，这个订单现在是“${order.stateName}”。`),
      link(pathOf('#/orders/', orderId), '查看订单'));
    return;
  }
  showForm(view, body, order, carriedMessage);
}

function showForm(view, body, order, carriedMessage) {
  const editing = order !== null;
  const fields = buildFields(orderSpecs(), order);
  const remark = h('textarea', { id: 'order-remark', class: 'form-control', rows: 2, maxlength: 500 });
  const message = messageArea();
  if (carriedMessage) message.el.append(carriedMessage);
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, editing ? '保存' : '提交');
  const cancel = h('a', { class: 'btn btn-outline-secondary', href: editing ? pathOf('#/orders/', order.orderId) : '#/orders' }, '取消');
  const form = h('form', { class: 'record-form', novalidate: true, 'aria-label': editing ? '编辑订单' : '新建订单' },
    h('div', { class: 'row g-3' }, fields.nodes,
      h('div', { class: 'col-12' },
        h('label', { for: remark.id, class: 'form-label' }, editing ? '修改说明（记入进度）' : '备注（记入进度）'), remark)),
    h('div', { class: 'form-footer' }, h('div', { class: 'form-buttons' }, submit, cancel), message.el));

  if (!isSales()) {
    staffList().then((staff) => fields.setOptions('belongSale', staffOptions(staff), order ? String(order.belongSale ?? '') : ''),
      (error) => message.problem(`员工名单读取失败：${error.message}`));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    whileBusy(submit, async () => {
      message.clear();
      fields.clearInvalid();
      const values = fields.collect();
      if (isSales() && !editing) values.belongSale = String(session.me.id); // a sales member owns what they add
      try {
        if (editing) {
          const reply = await api.post('/demandOrder/edit', {
            ...values, orderId: order.orderId, updateTime: order.updateTime, remark: remark.value.trim() || undefined,
          });
          view.navigate(pathOf('#/orders/', order.orderId), reply.msg);
        } else {
          const reply = await api.post('/demandOrder/add', { ...withoutEmpty(values), remark: remark.value.trim() || undefined });
          view.navigate(pathOf('#/orders/', reply.data), `${reply.msg} 订单号 ${reply.data}`);
        }
      } catch (error) {
        if (error.name === 'AbortError') return;
        if (editing && error.code === 'STALE_UPDATE') {
          // Someone changed the order: say so, and show it as it is now.
          const said = h('div', null, errorNotice(error), notice('info', '已重新载入订单的最新内容，请核对后再保存。'));
          fill(body, loading());
          await loadAndShow(view, body, order.orderId, said);
          return;
        }
        message.error(error);
        if (!fields.markInvalid(error.message)) message.el.scrollIntoView({ block: 'nearest' });
      }
    });
  });
  fill(body, form);
}
