// One task: what was asked, every figure of its result, its charts, trades and months, its life so
// far, the raw JSON, the full series as CSV, and "run again with changes".

import { el } from '../dom.js';
import { colour, timePlot } from '../plots.js';
import { duration, fixed, localTime, money, percent, shortId, typeName } from '../format.js';
import { routeHref } from '../routes.js';

// Result fields shown as percentages; everything else numeric is shown as a number.
const PERCENT_FIELDS = new Set(['total_return', 'cagr', 'annualised_volatility', 'max_drawdown', 'win_rate', 'exposure',
  'excess_return', 'alpha', 'depth', 'accuracy', 'precision', 'recall', 'majority_baseline', 'realised_accuracy', 'return']);
const SKIPPED = new Set(['equity_curve', 'equity_preview', 'benchmark_preview', 'drawdown_preview', 'trades', 'monthly_returns', 'notes']);

/**
 * @param {object} task a TaskView
 * @param {object} ui {admin, log: boolean, actions: {cancel, runAgain, downloadCsv, toggleLog, compare}}
 */
export function renderTaskPage(task, ui) {
  const r = task.result || {};
  const head = el('div', { className: 'page-head' },
    el('h2', { id: 'task-title' }, `${typeName(task.task_type)} `, el('code', { title: task.task_id }, shortId(task.task_id))),
    el('span', { className: `badge status-${task.status}`, dataset: { status: task.status } }, String(task.status).replace('_', ' ')),
    ui.admin ? el('span', { className: 'muted small' }, `by ${task.user_id}`) : null,
    el('div', { className: 'page-actions' }, ...taskButtons(task, ui)));
  const sections = [head];
  if (task.error) sections.push(el('p', { className: 'message', dataset: { kind: 'error' } }, task.error));
  const top = el('div', { className: 'task-grid' },
    card('Parameters', keyValues(flatten(task.parameters || {}), 'parameters')),
    card('Timeline', timeline(task)));
  sections.push(top);
  if (task.task_type === 'backtest' && task.status === 'completed' && task.result) {
    sections.push(card('Data', el('p', { className: 'data-line' }, dataLine(r))));
    sections.push(card('Equity and buy and hold', equityPlots(r, ui)));
  }
  if (task.result) {
    if (task.task_type === 'model_training') sections.push(card('Model', modelCard(r)));
    sections.push(card('Every figure of the result', keyValues(flatten(r, '', SKIPPED), 'metrics')));
    if (Array.isArray(r.notes) && r.notes.length) sections.push(card('Notes', el('ul', {}, ...r.notes.map((n) => el('li', {}, n)))));
    if (Array.isArray(r.monthly_returns) && r.monthly_returns.length) sections.push(card('Monthly returns', monthlyTable(r.monthly_returns)));
    if (Array.isArray(r.trades)) sections.push(card(`Trades (${r.trades.length}${r.trades_total > r.trades.length ? ` most recent of ${r.trades_total}` : ''})`, tradeTable(r.trades)));
  }
  sections.push(el('details', { className: 'card raw' }, el('summary', {}, 'Raw JSON'),
    el('pre', { id: 'task-raw' }, JSON.stringify(task, null, 2))));
  return sections;
}

function taskButtons(task, ui) {
  const buttons = [];
  const button = (text, cls, action, key) => {
    const b = el('button', { type: 'button', className: cls, dataset: { action: key } }, text);
    b.addEventListener('click', () => action(b));
    return b;
  };
  if (task.status === 'queued' || task.status === 'running') buttons.push(button('Cancel', 'danger', (b) => ui.actions.cancel(task, b), 'cancel'));
  buttons.push(button('Run again with changes', 'secondary', () => ui.actions.runAgain(task), 'run-again'));
  if (task.task_type === 'backtest' && task.status === 'completed') {
    buttons.push(button('Download CSV (every bar)', 'secondary', (b) => ui.actions.downloadCsv(task, b), 'csv'));
    buttons.push(el('a', { className: 'button-link secondary', href: routeHref('history', { params: { task_type: 'backtest', status: 'completed', symbol: task.parameters?.symbol } }) }, 'Compare with…'));
  }
  return buttons;
}

function card(title, ...content) {
  return el('section', { className: 'card' }, el('h3', {}, title), ...content);
}

/** [key, value] pairs of an object, nested objects as dotted keys, arrays and skipped keys left out. */
export function flatten(object, prefix = '', skip = new Set()) {
  const out = [];
  for (const [key, value] of Object.entries(object || {})) {
    if (skip.has(key)) continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) out.push(...flatten(value, name));
    else if (!Array.isArray(value)) out.push([name, value]);
  }
  return out;
}

function keyValues(pairs, id) {
  return el('dl', { className: 'kv', id: `task-${id}` }, ...pairs.flatMap(([key, value]) => [
    el('dt', {}, key.replaceAll('_', ' ')),
    el('dd', { dataset: { key } }, show(key, value)),
  ]));
}

function show(key, value) {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') {
    const last = key.split('.').at(-1);
    if (PERCENT_FIELDS.has(last) || last.endsWith('_return')) return percent(value, last.includes('return'));
    return Number.isInteger(value) ? String(value) : fixed(value, Math.abs(value) >= 100 ? 2 : 4);
  }
  return String(value);
}

function dataLine(r) {
  const bits = [r.data_source === 'synthetic' ? 'Synthetic (generated) bars' : 'Stored bars',
    `${r.symbol} ${r.timeframe}`, r.first_bar ? `${r.first_bar} → ${r.last_bar}` : '', `${r.bars} bars`];
  if (r.partial_range) bits.push('only part of the asked range');
  return bits.filter(Boolean).join(' · ');
}

function timeline(task) {
  const rows = [['Queued', localTime(task.queued_at)]];
  if (task.status === 'queued') {
    rows.push(['Waiting', task.blocked_reason || (task.queue_position > 1 ? `#${task.queue_position} in its lane` : 'about to start')]);
  } else if (task.blocked_reason) {
    rows.push(['Last wait', task.blocked_reason]);
  }
  if (task.started_at) rows.push(['Started', `${localTime(task.started_at)} (waited ${duration((Date.parse(task.started_at) - Date.parse(task.queued_at)) / 1000)})`]);
  rows.push(['Attempts', `${task.attempts} of at most ${task.max_attempts}`]);
  if (task.status === 'running') rows.push(['Now', `${task.description || 'running'}${Number.isFinite(task.progress) ? ` · ${task.progress}%` : ''}`]);
  if (task.finished_at) {
    rows.push([labelOfEnd(task.status), `${localTime(task.finished_at)}${task.started_at ? ` (ran ${duration((Date.parse(task.finished_at) - Date.parse(task.started_at)) / 1000)})` : ''}`]);
  }
  rows.push(['Priority', String(task.priority)], ['Timeout', `${task.timeout_seconds} s`], ['Estimate', `${fixed(task.estimated_cpu_cores, 1)} cores · ${fixed(task.estimated_ram_gb, 1)} GB`]);
  return el('ol', { className: 'timeline', id: 'task-timeline' }, ...rows.map(([what, when]) => el('li', {}, el('strong', {}, what), ' ', el('span', {}, when))));
}

function labelOfEnd(status) {
  return { completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled', timed_out: 'Timed out' }[status] || 'Ended';
}

function equityPlots(r, ui) {
  const preview = r.equity_preview || [];
  if (preview.length < 2) return el('p', { className: 'muted' }, 'This result has no equity curve.');
  const times = preview.map(([iso]) => Math.floor(Date.parse(iso) / 1000));
  const equity = preview.map(([, v]) => v);
  const benchmark = Array.isArray(r.benchmark_preview) && r.benchmark_preview.length === preview.length ? r.benchmark_preview : null;
  const drawdown = Array.isArray(r.drawdown_preview) && r.drawdown_preview.length === preview.length
    ? r.drawdown_preview : drawdownOf(equity);
  const log = el('label', { className: 'inline-check' },
    el('input', { type: 'checkbox', id: 'log-scale', checked: ui.log }), ' Log scale');
  log.querySelector('input').addEventListener('change', (event) => ui.actions.toggleLog(event.target.checked));
  const series = [{ label: 'Strategy', stroke: colour(0) }];
  const data = [times, equity];
  if (benchmark) {
    series.push({ label: 'Buy and hold', stroke: '#9aa3b1', dash: [6, 4] });
    data.push(benchmark);
  }
  return [
    el('div', { className: 'plot-tools muted small' }, log, el('span', {}, 'Drag across a chart to zoom, double-click to reset; the legend shows the values under the cursor.')),
    timePlot({ title: `Equity of ${r.symbol} from ${money(equity[0])} to ${money(equity.at(-1))}`, data, series, log: ui.log, format: money }),
    timePlot({ title: `Drawdown, deepest ${percent(r.max_drawdown)}`, height: 140, data: [times, drawdown.map((d) => -100 * d)],
      series: [{ label: 'Drawdown', stroke: '#b42323', fill: 'rgba(180, 35, 35, 0.12)' }], format: (v) => `${fixed(v, 1)}%` }),
  ];
}

/** The fall from the running peak at each point, for results stored before the server sent one. */
export function drawdownOf(equity) {
  let peak = -Infinity;
  return equity.map((v) => {
    peak = Math.max(peak, v);
    return peak > 0 ? (peak - v) / peak : 0;
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function monthlyTable(months) {
  const years = new Map();
  for (const { month, return: value } of months) {
    const [year, m] = month.split('-');
    if (!years.has(year)) years.set(year, new Array(12).fill(null));
    years.get(year)[Number(m) - 1] = value;
  }
  const cell = (value) => el('td', { className: value == null ? 'muted' : value > 0 ? 'up' : value < 0 ? 'down' : '' },
    value == null ? '' : percent(value, true));
  return el('div', { className: 'table-scroll' }, el('table', { className: 'data monthly', id: 'monthly-returns' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Year'), ...MONTHS.map((m) => el('th', {}, m)), el('th', {}, 'Year'))),
    el('tbody', {}, ...[...years].map(([year, values]) => el('tr', {}, el('th', {}, year), ...values.map(cell),
      cell(values.some((v) => v != null) ? values.reduce((acc, v) => acc * (1 + (v ?? 0)), 1) - 1 : null))))));
}

function tradeTable(trades) {
  if (!trades.length) return el('p', { className: 'muted' }, 'No closed trades.');
  const newestFirst = [...trades].reverse();
  return el('div', { className: 'table-scroll tall' }, el('table', { className: 'data', id: 'trade-list' },
    el('thead', {}, el('tr', {}, ...['Entry', 'Entry price', 'Exit', 'Exit price', 'Quantity', 'P&L', 'Return', 'Bars', 'Costs'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...newestFirst.map((t) => el('tr', {},
      el('td', {}, t.entry_time.slice(0, 16).replace('T', ' ')), el('td', {}, money(t.entry_price)),
      el('td', {}, t.exit_time.slice(0, 16).replace('T', ' ')), el('td', {}, money(t.exit_price)),
      el('td', {}, fixed(t.quantity, 4)), el('td', { className: t.pnl > 0 ? 'up' : t.pnl < 0 ? 'down' : '' }, money(t.pnl)),
      el('td', {}, percent(t.return, true)), el('td', {}, String(t.bars_held)), el('td', {}, money(t.costs)))))));
}

function modelCard(r) {
  const test = r.metrics?.test || {};
  const baseline = test.majority_baseline ?? r.metrics?.majority_baseline;
  return el('p', {}, `Test accuracy ${percent(test.accuracy)}`,
    Number.isFinite(baseline) ? ` against a majority baseline of ${percent(baseline)} (always guessing the commoner direction)` : '',
    Number.isFinite(test.auc) ? ` · AUC ${fixed(test.auc, 3)}` : '');
}
