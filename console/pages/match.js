// 配单 (#/orders/{id}/match): the order's requirements; 推荐资源 from the matching assistant with
// score, reasons and gaps; every resource in a searchable, paged table; checkboxes shared by both
// tables; 备注; the four actions 待匹配, 匹配成功, 回退, 发起需求 (POST /peidan/…).
//
// After an accepted action the page says the server's msg and the order's new state (read back
// from the server). A refusal shows the server's msg verbatim and leaves everything as it was:
// the ticked resources, the 备注 and the state shown.

import { api, pathOf } from '../lib/api.js';
import { orderAllows } from '../lib/codes.js';
import { h, fill, show } from '../lib/dom.js';
import { ResourceSelection, resourceBrowser } from '../lib/resource-picker.js';
import { dataTable, errorNotice, fieldList, link, loading, messageArea, notice, pageTitle, stateBadge } from '../lib/ui.js';
import { orderFields } from './order-detail.js';

const kRows = 10;
const kCandidateLimit = 20;

const kActions = [
  // [action word, button label, needs resourceIds, button kind]
  ['daipipei', '待匹配', true, 'outline-primary'],
  ['pipeichenggong', '匹配成功', true, 'success'],
  ['huitui', '回退', false, 'outline-danger'],
  ['faqixuqiu', '发起需求', false, 'outline-warning'],
];

export async function render(view) {
  const { main, signal } = view;
  const orderId = view.ids[0];
  const body = h('div', null, loading());
  main.append(body);

  let order;
  let links;
  try {
    // The order and the resources it is already linked to (ticked from the start).
    [order, links] = await Promise.all([
      api.get(pathOf('/demandOrder/', orderId), null, { signal }).then((reply) => reply.data),
      api.get('/order/resource/query', { orderId, rows: 1000 }, { signal }).then((reply) => reply.data || []),
    ]);
  } catch (error) {
    if (error.name !== 'AbortError') fill(body, pageTitle(`配单 ${orderId}`), errorNotice(error));
    return;
  }

  const chosenSection = h('section', { class: 'chosen-section', 'aria-label': '已选资源' });
  const drawChosen = () => fill(chosenSection, h('h2', { class: 'h6' }, `已选资源（${selection.size}）`), selection.list());
  const selection = new ResourceSelection(links, drawChosen);
  const message = messageArea();
  const stateLine = h('p', { class: 'state-line', 'aria-live': 'polite' });
  const remark = h('textarea', { id: 'match-remark', class: 'form-control', rows: 2, maxlength: 500 });
  const actionButtons = new Map();
  let busy = false;

  function drawState() {
    fill(stateLine, '订单状态：', stateBadge('order', order.state, order.stateName), '　需求状态：', show(order.demandStateName));
    for (const [action, button] of actionButtons) {
      button.disabled = busy || !orderAllows(action, order.state);
    }
  }

  async function act(action, label, withResources) {
    if (busy) return;
    busy = true;
    drawState();
    message.info(`正在提交“${label}”…`);
    try {
      const params = { orderId, remark: remark.value.trim() || undefined };
      if (withResources) params.resourceIds = selection.ids;
      const reply = await api.post(`/peidan/${action}`, params, { signal });
      let stateText;
      try {
        order = (await api.get(pathOf('/demandOrder/', orderId), null, { signal })).data;
        stateText = `订单状态：${order.stateName}`;
      } catch (error) {
        if (error.name === 'AbortError') throw error;
        stateText = `读取最新状态失败：${error.message}`;
      }
      remark.value = '';
      message.success(`${reply.msg} ${stateText}`);
    } catch (error) {
      if (error.name === 'AbortError') return;
      message.error(error); // the server's msg; nothing else on the page changes
    } finally {
      busy = false;
      if (!signal.aborted) drawState();
    }
  }

  for (const [action, label, withResources, kind] of kActions) {
    const button = h('button', { type: 'button', class: `btn btn-${kind}` }, label);
    button.addEventListener('click', () => act(action, label, withResources));
    actionButtons.set(action, button);
  }

  // ---- 推荐资源 ----
  const includeNotReady = h('input', { type: 'checkbox', class: 'form-check-input', id: 'include-not-ready' });
  const candidateBody = h('div', null, loading());
  const candidateSection = h('section', { class: 'match-section', 'aria-label': '推荐资源' },
    h('div', { class: 'section-head' }, h('h2', { class: 'h6' }, '推荐资源'),
      h('div', { class: 'form-check form-switch' }, includeNotReady,
        h('label', { class: 'form-check-label', for: includeNotReady.id }, '包括待接入、待审批的资源'))),
    candidateBody);
  let candidateRequest = 0;
  async function loadCandidates() {
    const mine = ++candidateRequest;
    fill(candidateBody, loading());
    let reply;
    try {
      reply = await api.get(pathOf('/demandOrder/', orderId, '/candidates'),
        { limit: kCandidateLimit, includeNotReady: includeNotReady.checked ? 1 : 0 }, { signal });
    } catch (error) {
      if (error.name === 'AbortError' || mine !== candidateRequest) return;
      fill(candidateBody, error.kind === 'missing'
        ? notice('warning', '这台服务器还不提供推荐资源（/demandOrder/{id}/candidates），请在下方全部资源中挑选。')
        : errorNotice(error));
      return;
    }
    if (mine !== candidateRequest) return;
    const data = reply.data || {};
    const candidates = data.candidates || [];
    fill(candidateBody,
      h('p', { class: 'small text-muted' }, `共看了 ${show(data.considered)} 条资源，${show(data.eligible)} 条符合硬性条件，按得分列出前 ${candidates.length} 条。`),
      dataTable({
        caption: '推荐资源',
        rows: candidates,
        empty: '没有符合条件的资源',
        rowLabel: (c) => `推荐 ${c.resourceId}`,
        columns: [
          { title: '选择', cell: (c) => selection.checkbox(c.resource) },
          { title: '资源编号', cell: (c) => link(pathOf('#/resources/', c.resourceId), c.resourceId) },
          { title: '供应商', cell: (c) => c.resource?.supplier },
          { title: '得分', cell: (c) => h('span', { class: 'score' }, show(c.score)), class: 'text-end' },
          { title: '毛利率', cell: (c) => (c.marginRate === null ? null : `${(Number(c.marginRate) * 100).toFixed(2)}%`), class: 'text-end' },
          { title: '符合', cell: (c) => tags(c.reasons, 'reason'), class: 'cell-wrap' },
          { title: '不足', cell: (c) => tags(c.gaps, 'gap'), class: 'cell-wrap' },
          { title: '状态', cell: (c) => stateBadge('resource', c.resource?.state, c.resource?.stateName) },
        ],
      }));
  }
  includeNotReady.addEventListener('change', loadCandidates);

  // ---- 全部资源 ----
  const browser = resourceBrowser(selection, { signal, rows: kRows });

  fill(body,
    pageTitle(`配单 ${orderId}`, link(pathOf('#/orders/', orderId), '订单详情', 'btn btn-outline-secondary')),
    stateLine,
    h('div', { class: 'match-layout' },
      h('section', { class: 'match-section match-info', 'aria-label': '订单信息' },
        h('h2', { class: 'h6' }, '订单信息'), fieldList(orderFields(order))),
      h('div', { class: 'match-tables' },
        candidateSection,
        h('section', { class: 'match-section', 'aria-label': '全部资源' },
          h('h2', { class: 'h6' }, '全部资源'), browser.el)),
      h('div', { class: 'match-actions' },
        chosenSection,
        h('div', { class: 'mb-2' }, h('label', { for: remark.id, class: 'form-label' }, '备注'), remark),
        h('div', { class: 'action-buttons' }, [...actionButtons.values()]),
        message.el)));
  drawChosen();
  drawState();
  await Promise.all([loadCandidates(), browser.load()]);
}

function tags(list, kind) {
  if (!Array.isArray(list) || list.length === 0) return '—';
  return h('ul', { class: `tag-list tag-${kind}` }, list.map((text) => h('li', null, String(text))));
}
