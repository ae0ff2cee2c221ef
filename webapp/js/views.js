// Rendering: summary counts, the resources and nodes cards, and the three task lists. Lists are
// keyed by task id and a node is only rebuilt when what it shows changed, so spinners keep turning,
// focus stays put, and a half-typed priority is not wiped by a progress update.

import { $, el, say } from './dom.js';
import { equityChart } from './charts.js';
import { ago, duration, fixed, localTime, percent, resources, shortId, since, typeName } from './format.js';

export function renderCounts(counts, admin) {
  $('counts-title').textContent = admin ? 'All tasks' : 'My tasks';
  for (const node of document.querySelectorAll('[data-count]')) {
    const value = counts[node.dataset.count];
    node.textContent = Number.isFinite(value) ? String(value) : '–';
  }
}

// ---- Resources (admin) ------------------------------------------------------------------------

/** Usage (%) above which the scheduler keeps its minimum free: 100 − min/total. */
export function limits(figures) {
  if (!figures) return {};
  const cpu = figures.cpu, ram = figures.ram;
  return {
    cpu: cpu?.total_cores ? 100 * (1 - cpu.min_threshold_cores / cpu.total_cores) : undefined,
    ram: ram?.total_gb ? 100 * (1 - ram.min_threshold_gb / ram.total_gb) : undefined,
  };
}

/** The bars and figures; the usage chart over time is drawn by the caller (see app.js). */
export function renderResources(figures, latest) {
  const card = $('resources-card');
  card.hidden = false;
  const cpu = { ...figures?.cpu, ...latest?.cpu };
  const ram = { ...figures?.ram, ...latest?.ram };
  const limit = limits(figures);
  $('resource-bars').replaceChildren(
    usageBar('CPU', cpu.usage_percent, limit.cpu,
      `${fixed(cpu.available_cores, 1)} of ${cpu.total_cores ?? '?'} cores free · keeps ${fixed(cpu.min_threshold_cores, 1)} free`),
    usageBar('RAM', ram.usage_percent, limit.ram,
      `${fixed(ram.available_gb, 1)} of ${fixed(ram.total_gb, 1)} GB free · keeps ${fixed(ram.min_threshold_gb, 1)} GB free`));
  const meta = [];
  if (figures) {
    meta.push(`buffer ${fixed(figures.buffer_percent, 0)} %`);
    meta.push(`consumption factor ${fixed(figures.consumption_factor, 1)}`);
    if (figures.dev_mode) meta.push('dev mode');
  }
  const sampled = latest?.sampled_at || figures?.sampled_at;
  if (sampled) meta.push(`sampled ${new Date(sampled).toLocaleTimeString()}`);
  $('resources-meta').textContent = meta.join(' · ');
}

function usageBar(label, usage, limit, text) {
  const value = Number.isFinite(usage) ? usage : 0;
  const over = Number.isFinite(limit) && value > limit;
  return el('div', { className: 'usage-row', dataset: { resource: label.toLowerCase() } },
    el('div', { className: 'usage-label' }, el('strong', {}, label), el('span', { className: 'usage-value' }, `${fixed(value, 1)} %`)),
    el('div', {
      className: `bar${over ? ' over' : ''}`,
      attrs: { role: 'meter', 'aria-label': `${label} usage`, 'aria-valuemin': '0', 'aria-valuemax': '100',
        'aria-valuenow': value.toFixed(1), 'aria-valuetext': `${value.toFixed(1)} % used; ${text}` },
    },
    styled(el('span', { className: 'fill' }), 'width', Math.min(100, value)),
    Number.isFinite(limit) ? styled(el('span', { className: 'marker', title: `admission limit ${limit.toFixed(0)} %` }), 'left', Math.min(100, limit)) : null),
    el('div', { className: 'muted small' }, text));
}

// Through the CSSOM, not a style attribute: the Content-Security-Policy (style-src 'self') blocks
// inline style attributes but not properties set from the page's own script.
function styled(node, property, percent) {
  node.style[property] = `${percent}%`;
  return node;
}

// ---- QuantConnect nodes -----------------------------------------------------------------------

export function renderNodes(status) {
  if (!status) return;
  const meta = [`${fixed(status.utilization_percent, 0)} % used`, `${status.queue_length} waiting`];
  if (status.mode === 'sandbox') meta.push('built-in sandbox');
  $('nodes-meta').textContent = meta.join(' · ');
  const active = [...(status.active_backtests || [])].sort((a, b) => a.node - b.node);
  const items = [];
  for (let i = 0; i < Math.max(status.max_nodes, active.length); i++) {
    const backtest = active[i];
    if (!backtest) {
      items.push(el('li', { className: 'node free' }, el('span', { className: 'node-name' }, `Node ${i + 1}`), el('span', { className: 'muted' }, 'free')));
      continue;
    }
    const what = backtest.task_id
      ? [el('code', { title: backtest.task_id }, shortId(backtest.task_id)), backtest.user_id ? ` by ${backtest.user_id}` : '',
        backtest.project_id ? ` · project ${backtest.project_id}` : '']
      : [el('span', { className: 'muted' }, 'another user’s backtest')];
    items.push(el('li', { className: 'node busy' },
      el('span', { className: 'node-name' }, `Node ${i + 1}`),
      el('span', {}, ...what),
      el('span', { className: 'muted nowrap', dataset: { since: backtest.started_at || '' } }, since(backtest.started_at))));
  }
  $('node-list').replaceChildren(...items);
}

// ---- Task lists -------------------------------------------------------------------------------

/**
 * @param {object} lists {running, queued, finished}: tasks to show, in order
 * @param {object} ui {admin, username, expanded: Set, actions: {cancel, priority, toggleChart}}
 */
export function renderTasks(lists, ui) {
  for (const [name, tasks] of Object.entries(lists)) {
    reconcile($(`${name}-list`), tasks, (task) => taskItem(task, ui),
      (task) => JSON.stringify(task) + ui.expanded.has(task.task_id));
    document.querySelector(`[data-empty="${name}"]`).hidden = tasks.length > 0;
    const count = document.querySelector(`[data-list-count="${name}"]`);
    if (count) count.textContent = tasks.length ? `(${tasks.length})` : '';
  }
}

function reconcile(list, tasks, build, signatureOf) {
  const existing = new Map([...list.children].map((node) => [node.dataset.taskId, node]));
  const active = document.activeElement;
  let previous = null;
  for (const task of tasks) {
    const signature = signatureOf(task);
    let node = existing.get(task.task_id);
    existing.delete(task.task_id);
    const editing = node && node.contains(active) && active.matches('input');
    if (!node || (node.dataset.signature !== signature && !editing)) {
      const fresh = build(task);
      fresh.dataset.signature = signature;
      const focusKey = node && node.contains(active) ? active.dataset.focusKey : null;
      if (node) node.replaceWith(fresh);
      node = fresh;
      if (focusKey) node.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
    }
    const expected = previous ? previous.nextSibling : list.firstChild;
    if (node !== expected) list.insertBefore(node, expected);
    previous = node;
  }
  for (const gone of existing.values()) gone.remove();
}

function taskItem(task, ui) {
  const head = el('div', { className: 'task-head' },
    el('strong', {}, typeName(task.task_type)),
    el('a', { href: `#/tasks/${encodeURIComponent(task.task_id)}`, className: 'task-link', title: `Open task ${task.task_id}` },
      el('code', {}, shortId(task.task_id))),
    statusBadge(task.status),
    ui.admin && task.user_id ? el('span', { className: 'owner muted small' }, `by ${task.user_id}`) : null,
    task.priority ? el('span', { className: 'muted small' }, `priority ${task.priority}`) : null);
  const body = task.status === 'running' ? runningBody(task)
    : task.status === 'queued' ? queuedBody(task, ui) : finishedBody(task, ui);
  return el('li', { className: `task status-${task.status}`, dataset: { taskId: task.task_id, status: task.status } },
    head, summaryLine(task), ...body, actions(task, ui));
}

function summaryLine(task) {
  const p = task.parameters || {};
  let bits = [];
  // The strategy's own parameters too: two SMA runs with different periods must not look alike.
  const params = p.params && typeof p.params === 'object' ? Object.entries(p.params).map(([k, v]) => `${k}=${v}`).join(' ') : '';
  if (task.task_type === 'backtest') bits = [p.strategy, params, p.symbol, p.timeframe, p.start_date && `${p.start_date} → ${p.end_date}`];
  else if (task.task_type === 'model_training') bits = [p.symbol, p.timeframe, p.start_date && `${p.start_date} → ${p.end_date}`, p.name];
  else if (task.task_type === 'prediction') bits = [p.symbol, p.timeframe, p.model_id && `model ${shortId(p.model_id)}`];
  else if (task.task_type === 'qc_backtest') bits = [p.project_id && `project ${p.project_id}`, p.backtest_name];
  if (['backtest', 'model_training', 'prediction'].includes(task.task_type)) bits.push(dataSource(task));
  bits = bits.filter(Boolean);
  const estimate = task.status !== 'completed' ? resources(task) : '';
  if (estimate) bits.push(estimate);
  return bits.length ? el('div', { className: 'muted small task-params' }, bits.join(' · ')) : null;
}

/** Which bars a local task ran on: stored (with the first and last bar used) or synthetic. */
function dataSource(task) {
  const r = task.result || {};
  const source = r.data_source || ((task.parameters || {}).data === 'synthetic' ? 'synthetic' : 'stored');
  if (source === 'synthetic') return 'synthetic data';
  const used = r.first_bar && r.last_bar ? ` ${r.first_bar.slice(0, 10)} → ${r.last_bar.slice(0, 10)}` : '';
  return `stored data${used}${r.partial_range ? ' (part of the range)' : ''}`;
}

function statusBadge(status) {
  return el('span', { className: `badge status-${status}` }, String(status ?? 'unknown').replace('_', ' '));
}

function runningBody(task) {
  const known = Number.isFinite(task.progress);
  const bar = el('progress', { max: 100, attrs: { 'aria-label': `Progress of ${shortId(task.task_id)}` } });
  if (known) bar.value = task.progress; // no value keeps the bar indeterminate
  return [
    el('div', { className: 'live-line' }, el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'description' }, task.description || 'Starting…')),
    el('div', { className: 'progress-line' }, bar, el('span', { className: 'small' }, known ? `${task.progress}%` : ''),
      el('span', { className: 'muted small', dataset: { since: task.started_at || '' } }, since(task.started_at))),
  ];
}

function queuedBody(task, ui) {
  const position = task.queue_position;
  return [el('div', { className: 'wait-line' },
    position == null ? null : el('span', { className: 'badge position', title: 'Position in its lane' }, `#${position} in queue`),
    el('span', { className: 'blocked-reason' }, task.blocked_reason || (position > 1 ? 'Waiting for the tasks ahead' : 'About to start')),
    el('span', { className: 'muted small', dataset: { ago: task.queued_at || '' } }, ago(task.queued_at)))];
}

function finishedBody(task, ui) {
  const parts = [el('div', { className: 'finish-line' },
    el('time', { dateTime: task.finished_at || '', title: localTime(task.finished_at), className: 'muted small', dataset: { ago: task.finished_at || '' } }, ago(task.finished_at)),
    task.started_at && task.finished_at ? el('span', { className: 'muted small' }, `ran ${duration((Date.parse(task.finished_at) - Date.parse(task.started_at)) / 1000)}`) : null,
    task.attempts > 1 ? el('span', { className: 'muted small' }, `${task.attempts} attempts`) : null)];
  if (task.status === 'completed' && task.result) parts.push(resultSummary(task));
  if (task.error) parts.push(el('div', { className: 'error-text' }, task.error));
  if (ui.expanded.has(task.task_id)) {
    parts.push(task.result?.equity_curve ? equityChart(task.result) : el('p', { className: 'muted small' }, 'Loading the equity curve…'));
  }
  return parts;
}

function resultSummary(task) {
  const r = task.result;
  const item = (label, value, tone = '') => el('span', { className: `metric ${tone}` }, el('span', { className: 'muted' }, `${label} `), value);
  const tone = (v) => (v > 0 ? 'up' : v < 0 ? 'down' : '');
  let items = [];
  if (task.task_type === 'backtest') {
    items = [item('Return', percent(r.total_return, true), tone(r.total_return)), item('Sharpe', fixed(r.sharpe_ratio)),
      item('Max DD', percent(r.max_drawdown)), Number.isFinite(r.trade_count) ? item('Trades', String(r.trade_count)) : null];
  } else if (task.task_type === 'model_training') {
    const test = r.metrics?.test || {};
    items = [r.name ? item('Model', `${r.name} v${r.version ?? '?'}`) : null, item('Accuracy', percent(test.accuracy)),
      // The accuracy to beat: always guessing the commoner direction.
      Number.isFinite(test.majority_baseline) ? item('Baseline', percent(test.majority_baseline)) : null, item('AUC', fixed(test.auc, 3))];
  } else if (task.task_type === 'prediction') {
    items = [item('Predictions', String(r.predictions ?? '–')), item('P(up) mean', fixed(r.mean_probability_up, 3)),
      Number.isFinite(r.realised_accuracy) ? item('Hit rate', percent(r.realised_accuracy)) : null];
  } else if (task.task_type === 'qc_backtest') {
    const s = r.statistics || {};
    items = [item('Net profit', s['Net Profit'] ?? '–'), item('Sharpe', s['Sharpe Ratio'] ?? '–'), item('Drawdown', s.Drawdown ?? '–')];
  }
  return el('div', { className: 'metrics' }, ...items.filter(Boolean));
}

function actions(task, ui) {
  const buttons = [];
  if (task.status === 'queued') {
    const input = el('input', { type: 'number', min: -1000, max: 1000, step: 1, value: String(task.priority ?? 0), className: 'priority-input',
      dataset: { focusKey: `priority:${task.task_id}` }, attrs: { 'aria-label': `Priority of ${shortId(task.task_id)}` } });
    const save = el('button', { type: 'submit', className: 'secondary', dataset: { focusKey: `set-priority:${task.task_id}` } }, 'Set priority');
    const form = el('form', { className: 'priority-form', noValidate: true }, input, save);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      ui.actions.priority(task.task_id, input.value, save);
    });
    buttons.push(form);
  }
  if (task.status === 'queued' || task.status === 'running') {
    const cancel = el('button', { type: 'button', className: 'danger', dataset: { focusKey: `cancel:${task.task_id}` },
      attrs: { 'aria-label': `Cancel task ${shortId(task.task_id)}` } }, 'Cancel');
    cancel.addEventListener('click', () => ui.actions.cancel(task.task_id, cancel));
    buttons.push(cancel);
  }
  if (task.status === 'completed' && task.task_type === 'backtest') {
    const open = ui.expanded.has(task.task_id);
    const toggle = el('button', { type: 'button', className: 'secondary', dataset: { focusKey: `chart:${task.task_id}` },
      attrs: { 'aria-expanded': String(open) } }, open ? 'Hide chart' : 'Equity curve');
    toggle.addEventListener('click', () => ui.actions.toggleChart(task.task_id));
    buttons.push(toggle);
  }
  return buttons.length ? el('div', { className: 'task-actions' }, ...buttons) : null;
}

/** Moves every relative time on the page on, without rebuilding anything. */
export function tickTimes(now = Date.now()) {
  for (const node of document.querySelectorAll('[data-ago]')) node.textContent = ago(node.dataset.ago, now);
  for (const node of document.querySelectorAll('[data-since]')) node.textContent = since(node.dataset.since, now);
}

export { say };
