// 概览 (#/): orders and resources per state, open demands, orders added and matched per day over
// the last 30 days, and the median hours from 提交 to 匹配成功 — all from one GET /stats/overview.

import { api } from '../lib/api.js';
import { loadChart } from '../lib/chart.js';
import { kOrderStates, kResourceStates } from '../lib/codes.js';
import { h, fill } from '../lib/dom.js';
import { errorNotice, loading, notice, pageTitle } from '../lib/ui.js';

const kBlue = '#0d6efd';
const kGreen = '#198754';
const kBarColors = ['#0d6efd', '#6f42c1', '#fd7e14', '#dc3545', '#6c757d', '#198754', '#0dcaf0', '#ffc107'];

// [[label, count]] for every state, the audit states 7 and 8 (both 待审核) counted together.
function stateCounts(byState, states) {
  const counts = new Map();
  for (const [code, name] of states) counts.set(name, (counts.get(name) || 0) + Number(byState?.[code] || 0));
  return [...counts.entries()];
}

function total(pairs) {
  return pairs.reduce((sum, [, n]) => sum + n, 0);
}

function figure(title, description, figuresText) {
  const canvas = h('canvas', { role: 'img', 'aria-label': `${title}：${description}` });
  const el = h('figure', { class: 'chart-card' },
    h('figcaption', { class: 'h6' }, title),
    h('div', { class: 'chart-box' }, canvas),
    h('p', { class: 'chart-figures small text-muted' }, figuresText));
  return { el, canvas };
}

function card(label, value, note) {
  return h('div', { class: 'col-6 col-lg-3' },
    h('div', { class: 'stat-card' },
      h('div', { class: 'stat-label' }, label),
      h('div', { class: 'stat-value' }, value),
      note ? h('div', { class: 'stat-note small text-muted' }, note) : null));
}

export async function render(view) {
  const { main, signal } = view;
  const body = h('div', null, loading());
  main.append(pageTitle('概览'), body);
  const chartLibrary = loadChart(); // fetched while the figures are asked for
  chartLibrary.catch(() => {}); // its failure is reported below, once the figures are in

  let stats;
  try {
    stats = (await api.get('/stats/overview', null, { signal })).data;
  } catch (error) {
    if (error.name === 'AbortError') return;
    fill(body, error.kind === 'missing'
      ? notice('warning', '这台服务器还不提供概览数据（GET /stats/overview），其他页面照常使用。')
      : errorNotice(error));
    return;
  }

  const orders = stateCounts(stats.orders?.byState, kOrderStates);
  const resources = stateCounts(stats.resources?.byState, kResourceStates);
  const daily = Array.isArray(stats.daily) ? stats.daily : [];
  const median = stats.medianHoursToMatch;
  const added = daily.reduce((sum, day) => sum + Number(day.added || 0), 0);
  const matched = daily.reduce((sum, day) => sum + Number(day.matched || 0), 0);

  const cards = h('div', { class: 'row g-2 mb-3' },
    card('订单', String(total(orders)), '全部状态'),
    card('资源', String(total(resources)), '全部状态'),
    card('未结需求', String(stats.openDemands ?? 0), '寻资源中'),
    card('匹配中位耗时', median === null || median === undefined ? '—' : `${Number(median).toFixed(1)} 小时`,
      median === null || median === undefined ? '暂无匹配成功的订单' : '从提交到匹配成功'));

  const listText = (pairs) => pairs.map(([name, n]) => `${name} ${n}`).join(' · ');
  const orderFigure = figure('订单（按状态）', listText(orders), listText(orders));
  const resourceFigure = figure('资源（按状态）', listText(resources), listText(resources));
  const dailyText = `近30天新增 ${added}，匹配成功 ${matched}`;
  const dailyFigure = figure('近30天 新增与匹配成功', dailyText, dailyText);
  fill(body, cards,
    h('div', { class: 'row g-3' },
      h('div', { class: 'col-lg-6' }, orderFigure.el),
      h('div', { class: 'col-lg-6' }, resourceFigure.el),
      h('div', { class: 'col-12' }, dailyFigure.el)));

  let Chart;
  try {
    Chart = await chartLibrary;
  } catch (error) {
    body.prepend(notice('warning', `${error.message}：图表无法显示，数字见各图下方。`));
    return;
  }
  if (signal.aborted) return;
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
  };
  const bars = (canvas, pairs) => new Chart(canvas, {
    type: 'bar',
    data: {
      labels: pairs.map(([name]) => name),
      datasets: [{ label: '数量', data: pairs.map(([, n]) => n), backgroundColor: kBarColors }],
    },
    options: { ...common, plugins: { legend: { display: false } } },
  });
  const charts = [
    bars(orderFigure.canvas, orders),
    bars(resourceFigure.canvas, resources),
    new Chart(dailyFigure.canvas, {
      type: 'line',
      data: {
        labels: daily.map((day) => String(day.date).slice(5)),
        datasets: [
          { label: '新增', data: daily.map((day) => Number(day.added || 0)), borderColor: kBlue, backgroundColor: kBlue, tension: 0.2 },
          { label: '匹配成功', data: daily.map((day) => Number(day.matched || 0)), borderColor: kGreen, backgroundColor: kGreen, tension: 0.2 },
        ],
      },
      options: common,
    }),
  ];
  signal.addEventListener('abort', () => charts.forEach((chart) => chart.destroy()));
}
