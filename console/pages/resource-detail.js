// 资源详情 (#/resources/{id}): every field by its name; 编辑, 上线 (待接入 or 待审批 → 已接入) and
// 撤销 (with a confirmation) for those who run the resource desk.

import { api, pathOf } from '../lib/api.js';
import { smsTypeText, tidyName } from '../lib/codes.js';
import { h, fill } from '../lib/dom.js';
import { can } from '../lib/session.js';
import { actionButton, confirmDialog, errorNotice, fieldList, link, loading, messageArea, pageTitle, stateBadge } from '../lib/ui.js';

export async function render(view) {
  const { main, signal } = view;
  const resourceId = view.ids[0];
  const body = h('div', null, loading());
  main.append(body);
  let resource;
  try {
    resource = (await api.get(pathOf('/order/resource/', resourceId), null, { signal })).data;
  } catch (error) {
    if (error.name !== 'AbortError') fill(body, pageTitle(`资源详情 ${resourceId}`), errorNotice(error));
    return;
  }
  const message = messageArea();
  if (view.flash) message.success(view.flash);
  const here = pathOf('#/resources/', resourceId);
  const post = async (path, params) => {
    try {
      const reply = await api.post(path, params);
      view.navigate(here, reply.msg);
    } catch (error) {
      if (error.name !== 'AbortError') message.error(error);
    }
  };

  const buttons = [];
  if (can('resources.write')) {
    if (resource.state !== '3') buttons.push(link(pathOf('#/resources/', resourceId, '/edit'), '编辑', 'btn btn-outline-primary'));
    if (resource.state === '0' || resource.state === '2') {
      buttons.push(actionButton('上线', 'success', () => post('/order/resource/online', { resourceId })));
    }
    if (resource.state !== '3') {
      buttons.push(actionButton('撤销', 'outline-danger', async () => {
        const answer = await confirmDialog({
          title: '撤销资源', message: `确定要撤销资源 ${resourceId} 吗？已匹配它的订单保留关联。`, confirmLabel: '确定撤销', kind: 'danger',
        });
        if (answer) await post('/order/resource/repeal', { resourceId });
      }));
    }
  }

  fill(body,
    pageTitle(`资源详情 ${resourceId}`, ...buttons),
    message.el,
    h('p', { class: 'state-line' }, '资源状态：', stateBadge('resource', resource.state, resource.stateName)),
    h('section', { class: 'detail-section', 'aria-label': '资源信息' }, fieldList([
      ['资源编号', resource.resourceId],
      ['通道号', resource.channelId],
      ['供应商', resource.supplier],
      ['联系人', resource.contact],
      ['手机', resource.mobile],
      ['通道类型', tidyName(resource.channelTypeName)],
      ['发送类型', smsTypeText(resource.smsType)],
      ['发送内容属性', resource.contentProp],
      ['归属商务', resource.belongBusinessName ?? resource.belongBusiness],
      ['是否直连', resource.directConnectName],
      ['是否扩展', resource.extendSizeName],
      ['签名', tidyName(resource.signTypeName)],
      ['采购价格(元/条)', resource.purchasePrice],
      ['速率', resource.rate],
      ['是否保底', resource.minimumGuaranteeName],
      ['是否授信', resource.isCreditName],
      ['结算方式', resource.payType],
      ['发票', resource.invoiceTypeName],
      ['接入IP', resource.mtIp],
      ['接入协议', resource.protocolTypeName],
      ['接入时间', resource.onlineDate],
      ['备注', resource.remark],
      ['操作人', resource.operatorId],
      ['审核人', resource.auditorId],
      ['创建时间', resource.createTime],
      ['更新时间', resource.updateTime],
    ])));
}
