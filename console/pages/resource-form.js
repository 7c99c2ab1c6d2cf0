// 新建资源 (#/resources/new) and 编辑资源 (#/resources/{id}/edit). A new resource without 接入时间 is
// 已接入, with one it is 待接入 (the server decides). INVALID_PARAM msgs are shown beside the
// buttons and mark the field they name.

import { api, pathOf } from '../lib/api.js';
import { kChannelTypes, kDirectConnect, kInvoiceTypes, kPayTypeSuggestions, kProtocolTypes, kSignTypes } from '../lib/codes.js';
import { h, fill } from '../lib/dom.js';
import { buildFields, withoutEmpty } from '../lib/forms.js';
import { staffList, staffOptions } from '../lib/staff.js';
import { errorNotice, loading, messageArea, pageTitle, whileBusy } from '../lib/ui.js';

const kSpecs = [
  { name: 'channelId', label: '通道号', kind: 'text' },
  { name: 'supplier', label: '供应商', kind: 'text' },
  { name: 'contact', label: '联系人', kind: 'text' },
  { name: 'mobile', label: '手机', kind: 'text' },
  { name: 'channelType', label: '通道类型', kind: 'checks', options: kChannelTypes },
  { name: 'smsType', label: '发送类型', kind: 'text', suggestions: ['纯验证码', '验证码+行业通知', '普通会员营销', '商超'] },
  { name: 'contentProp', label: '发送内容属性', kind: 'text' },
  { name: 'belongBusiness', label: '归属商务', kind: 'select', options: [] },
  { name: 'directConnect', label: '是否直连', kind: 'radios', options: kDirectConnect },
  { name: 'extendSize', label: '支持扩展位数', kind: 'number', help: '0 为不支持' },
  { name: 'signType', label: '签名', kind: 'checks', options: kSignTypes },
  { name: 'purchasePrice', label: '采购价格(元/条)', kind: 'text', placeholder: '统一价:0.028' },
  { name: 'rate', label: '速率（tps）', kind: 'text' },
  { name: 'minimumGuarantee', label: '保底数量(万条/月)', kind: 'number', help: '0 为不承诺保底' },
  { name: 'isCredit', label: '授信额度(万条/月)', kind: 'number', help: '0 为不授信' },
  { name: 'payType', label: '结算方式', kind: 'text', suggestions: kPayTypeSuggestions },
  { name: 'invoiceType', label: '发票', kind: 'select', options: kInvoiceTypes },
  { name: 'mtIp', label: '接入IP', kind: 'text', placeholder: '10.0.3.21:7890' },
  { name: 'protocolType', label: '接入协议', kind: 'select', options: kProtocolTypes },
  { name: 'onlineDate', label: '接入时间', kind: 'date', help: '不填为已接入；填写为待接入' },
  { name: 'remark', label: '备注', kind: 'textarea', wide: true },
];

export async function render(view) {
  const { main, mode, signal } = view;
  const editing = mode === 'edit';
  const resourceId = editing ? view.ids[0] : null;
  const body = h('div', null, loading());
  main.append(pageTitle(editing ? `编辑资源 ${resourceId}` : '新建资源'), body);
  let resource = null;
  if (editing) {
    try {
      resource = (await api.get(pathOf('/order/resource/', resourceId), null, { signal })).data;
    } catch (error) {
      if (error.name !== 'AbortError') fill(body, errorNotice(error));
      return;
    }
  }

  const fields = buildFields(kSpecs, resource);
  const message = messageArea();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, editing ? '保存' : '提交');
  const cancel = h('a', { class: 'btn btn-outline-secondary', href: editing ? pathOf('#/resources/', resourceId) : '#/resources' }, '取消');
  const form = h('form', { class: 'record-form', novalidate: true, 'aria-label': editing ? '编辑资源' : '新建资源' },
    h('div', { class: 'row g-3' }, fields.nodes),
    h('div', { class: 'form-footer' }, h('div', { class: 'form-buttons' }, submit, cancel), message.el));
  staffList().then((staff) => fields.setOptions('belongBusiness', staffOptions(staff), resource ? String(resource.belongBusiness ?? '') : ''),
    (error) => message.problem(`员工名单读取失败：${error.message}`));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    whileBusy(submit, async () => {
      message.clear();
      fields.clearInvalid();
      const values = fields.collect();
      try {
        if (editing) {
          const reply = await api.post('/order/resource/edit/save', { ...values, resourceId });
          view.navigate(pathOf('#/resources/', resourceId), reply.msg);
        } else {
          const reply = await api.post('/order/resource/add/save', withoutEmpty(values));
          view.navigate(pathOf('#/resources/', reply.data), `${reply.msg} 资源编号 ${reply.data}`);
        }
      } catch (error) {
        if (error.name === 'AbortError') return;
        message.error(error);
        if (!fields.markInvalid(error.message)) message.el.scrollIntoView({ block: 'nearest' });
      }
    });
  });
  fill(body, form);
}
