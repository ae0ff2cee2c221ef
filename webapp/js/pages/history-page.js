// Every task, a compact table: filters, sorting and paging by the server, search by id, bulk cancel,
// and a pick of backtests to compare.

import { el } from '../dom.js';
import { ago, duration, fixed, localTime, percent, shortId, typeName } from '../format.js';
import { pageCount, SORTABLE } from '../history-query.js';
import { taskHref } from '../routes.js';

const COLUMNS = [
  ['', null], ['Task', null], ['Type', 'task_type'], ['Status', 'status'], ['What', null], ['User', 'user_id'],
  ['Queued', 'queued_at'], ['Finished', 'finished_at'], ['Ran', null], ['Result', null],
];

/**
 * @param {object} page a page of GET /api/tasks
 * @param {object} state the history state (see history-query.js)
 * @param {object} ui {admin, selected: Set, actions: {sort(column), select(id, on), page(n)}}
 */
export function renderHistoryTable(page, state, ui) {
  const columns = COLUMNS.filter(([label]) => label !== 'User' || ui.admin);
  const head = el('tr', {}, ...columns.map(([label, column]) => {
    if (!column || !SORTABLE.includes(column)) return el('th', { scope: 'col' }, label);
    const sorted = state.sort === column;
    const button = el('button', { type: 'button', className: 'link sort', dataset: { sort: column } },
      label, sorted ? (state.order === 'desc' ? ' ↓' : ' ↑') : '');
    button.addEventListener('click', () => ui.actions.sort(column));
    return el('th', { scope: 'col', attrs: { 'aria-sort': sorted ? (state.order === 'desc' ? 'descending' : 'ascending') : 'none' } }, button);
  }));
  const rows = page.items.map((task) => {
    const check = el('input', { type: 'checkbox', checked: ui.selected.has(task.task_id),
      attrs: { 'aria-label': `Select ${shortId(task.task_id)}` } });
    check.addEventListener('change', () => ui.actions.select(task, check.checked));
    const cells = [
      el('td', {}, check),
      el('td', {}, el('a', { href: taskHref(task.task_id), title: task.task_id }, el('code', {}, shortId(task.task_id)))),
      el('td', {}, typeName(task.task_type)),
      el('td', {}, el('span', { className: `badge status-${task.status}` }, task.status.replace('_', ' '))),
      el('td', { className: 'what' }, what(task)),
      ui.admin ? el('td', {}, task.user_id) : null,
      el('td', { title: localTime(task.queued_at) }, shortTime(task.queued_at)),
      el('td', { title: localTime(task.finished_at) }, task.finished_at ? ago(task.finished_at) : ''),
      el('td', {}, task.started_at && task.finished_at ? duration((Date.parse(task.finished_at) - Date.parse(task.started_at)) / 1000) : ''),
      el('td', {}, outcome(task)),
    ];
    return el('tr', { dataset: { taskId: task.task_id, status: task.status } }, ...cells);
  });
  const table = el('div', { className: 'table-scroll' }, el('table', { className: 'data history', id: 'history-table' },
    el('thead', {}, head), el('tbody', {}, ...rows)));
  const pages = pageCount(page.total, page.size);
  const pager = el('nav', { className: 'pager', attrs: { 'aria-label': 'Pages' } },
    pagerButton('← Newer', state.page > 0, () => ui.actions.page(state.page - 1), 'prev'),
    el('span', { id: 'history-position' }, `Page ${page.page + 1} of ${pages} · ${page.total} task${page.total === 1 ? '' : 's'}`),
    pagerButton('Older →', state.page + 1 < pages, () => ui.actions.page(state.page + 1), 'next'));
  return [page.items.length ? table : el('p', { className: 'muted' }, 'No task matches these filters.'), pager];
}

function pagerButton(text, enabled, action, key) {
  const button = el('button', { type: 'button', className: 'secondary', disabled: !enabled, dataset: { page: key } }, text);
  button.addEventListener('click', action);
  return button;
}

function shortTime(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '';
}

function what(task) {
  const p = task.parameters || {};
  const params = p.params ? Object.entries(p.params).map(([k, v]) => `${k}=${v}`).join(' ') : '';
  if (task.task_type === 'backtest') return [p.strategy, p.symbol, p.timeframe, params].filter(Boolean).join(' · ');
  if (task.task_type === 'qc_backtest') return [`project ${p.project_id}`, p.backtest_name].filter(Boolean).join(' · ');
  return [p.symbol, p.timeframe, p.name].filter(Boolean).join(' · ');
}

function outcome(task) {
  const r = task.result;
  if (task.error) return el('span', { className: 'error-text', title: task.error }, task.error.length > 40 ? `${task.error.slice(0, 40)}…` : task.error);
  if (!r) return '';
  if (task.task_type === 'backtest') return `${percent(r.total_return, true)} · Sharpe ${fixed(r.sharpe_ratio)}`;
  if (task.task_type === 'model_training') return `accuracy ${percent(r.metrics?.test?.accuracy)}`;
  if (task.task_type === 'prediction') return `${r.predictions ?? '–'} predictions`;
  return r.statistics?.['Net Profit'] ?? '';
}
