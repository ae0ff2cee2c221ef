// Sweeps: the caller's list, one sweep's progress, its leaderboard and, for a two-parameter grid,
// a heatmap whose cells open their combination.

import { el, svg } from '../dom.js';
import { ago, duration, fixed, localTime, money, percent, shortId } from '../format.js';
import { METRICS, scoreColour, SWEEPABLE, WALK_FORWARD_METRICS } from '../sweep-grid.js';
import { routeHref } from '../routes.js';

const PERCENT = new Set(['total_return', 'cagr', 'annualised_volatility', 'max_drawdown', 'win_rate', 'exposure']);

export function metricName(metric) {
  return metric.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());
}

export function metricValue(metric, value) {
  if (value === null || value === undefined) return '–';
  if (metric === 'trade_count') return String(value);
  if (metric === 'final_equity' || metric === 'total_costs') return money(value);
  if (PERCENT.has(metric)) return percent(value);
  return fixed(value, 3);
}

/** The editor's rows for one strategy: values as a list, or from/to/step. */
export function renderGridRows(strategy) {
  return (SWEEPABLE[strategy] || []).map((name) => el('fieldset', { className: 'grid-axis', dataset: { param: name } },
    el('legend', {}, name),
    el('div', { className: 'field wide' }, el('label', { htmlFor: `sw-${name}-values` }, 'Values ', el('span', { className: 'muted' }, 'a list, e.g. 5, 10, 20')),
      el('input', { id: `sw-${name}-values`, name: `${name}.values`, spellcheck: false, autocomplete: 'off' })),
    ...['from', 'to', 'step'].map((part) => el('div', { className: 'field' },
      el('label', { htmlFor: `sw-${name}-${part}` }, part === 'from' ? 'or from' : part),
      el('input', { id: `sw-${name}-${part}`, name: `${name}.${part}`, type: 'number', step: 'any', inputMode: 'decimal' })))));
}

/** @param {object} page a page of GET /api/sweeps */
export function renderSweepList(page, admin) {
  if (!page.items.length) return el('p', { className: 'muted' }, 'No sweeps yet: start one with the editor.');
  const heads = ['Sweep', 'Strategy', 'Series', 'Status', 'Progress', 'Ranked by', admin ? 'User' : null, 'Started'].filter(Boolean);
  return el('div', { className: 'table-scroll' }, el('table', { className: 'data', id: 'sweep-table' },
    el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...page.items.map((s) => el('tr', { dataset: { sweepId: s.sweep_id, status: s.status } },
      el('td', {}, el('a', { href: routeHref('sweep', { id: s.sweep_id }), title: s.sweep_id }, el('code', {}, shortId(s.sweep_id)))),
      el('td', {}, s.strategy),
      el('td', {}, seriesText(s.definition)),
      el('td', {}, badge(s.status)),
      el('td', {}, progressLine(s)),
      el('td', {}, metricName(s.ranked_by || s.rank_by || '')),
      admin ? el('td', {}, s.user_id) : null,
      el('td', { title: localTime(s.created_at) }, ago(s.created_at)))))));
}

function seriesText(definition) {
  if (!definition) return '';
  return `${(definition.symbols || []).join(', ')} · ${(definition.timeframes || []).join(', ')} · ${definition.start_date} → ${definition.end_date}`;
}

function badge(status) {
  return el('span', { className: `badge status-${status}` }, status.replace('_', ' '));
}

export function progressLine(sweep) {
  const value = Number(sweep.progress) || 0;
  return el('div', { className: 'progress-line' },
    el('progress', { max: 100, value, attrs: { 'aria-label': `Sweep ${shortId(sweep.sweep_id)} progress` } }),
    el('span', { dataset: { done: String(sweep.done) } }, `${sweep.done} / ${sweep.combinations}`));
}

/** The head of one sweep: what it runs, its status and progress, and its actions. */
export function renderSweepHead(sweep, actions) {
  const running = sweep.status === 'running';
  const d = sweep.definition || {};
  const grid = Object.entries(d.grid || {}).map(([name, axis]) => `${name} ${Array.isArray(axis) ? axis.join(', ') : `${axis.from}…${axis.to} step ${axis.step}`}`).join(' × ');
  const cancel = el('button', { type: 'button', className: 'danger small-button', id: 'sweep-cancel', hidden: !running }, 'Cancel sweep');
  cancel.addEventListener('click', () => actions.cancel(sweep, cancel));
  const csv = el('button', { type: 'button', className: 'secondary small-button', id: 'sweep-csv' }, 'Export CSV');
  csv.addEventListener('click', () => actions.csv(sweep, csv));
  return el('section', { className: 'card', id: 'sweep-head', dataset: { status: sweep.status } },
    el('div', { className: 'card-head' },
      el('h3', {}, `${sweep.strategy} sweep `, el('code', { title: sweep.sweep_id }, shortId(sweep.sweep_id)), ' ', badge(sweep.status)),
      el('div', { className: 'buttons' }, csv, cancel)),
    el('p', { className: 'small' }, seriesText(d)),
    grid ? el('p', { className: 'small' }, `Grid: ${grid}`, d.constraints?.length ? ` · where ${d.constraints.join(', ')}` : '') : null,
    progressLine(sweep),
    el('p', { className: 'muted small', id: 'sweep-figures' },
      `${sweep.combinations} combinations · ${sweep.failed ? `${sweep.failed} failed · ` : ''}${duration(sweep.elapsed_seconds)} · `
      + `${sweep.throughput_per_second}/s · ranked by ${metricName(sweep.ranked_by)}${sweep.walk_forward ? ' (walk-forward, out of sample)' : ''}`));
}

/**
 * The leaderboard: one row per combination; a metric header sorts on the server.
 * @param {object} page a page of GET /api/sweeps/{id}/results
 * @param {object} ui {walkForward, selected (combination), actions: {sort(metric), page(n), open(row)}}
 */
export function renderLeaderboard(page, ui) {
  const params = [...new Set(page.items.flatMap((r) => Object.keys(r.params || {})))];
  const metrics = ui.walkForward ? [...WALK_FORWARD_METRICS, ...METRICS] : METRICS;
  const head = el('tr', {}, el('th', { scope: 'col' }, '#'), el('th', { scope: 'col' }, 'Series'),
    ...params.map((p) => el('th', { scope: 'col' }, p)),
    ...metrics.map((m) => {
      const sorted = page.sort === m;
      const button = el('button', { type: 'button', className: 'link sort', dataset: { sort: m } }, metricName(m), sorted ? (page.order === 'desc' ? ' ↓' : ' ↑') : '');
      button.addEventListener('click', () => ui.actions.sort(m));
      return el('th', { scope: 'col', attrs: { 'aria-sort': sorted ? (page.order === 'desc' ? 'descending' : 'ascending') : 'none' } }, button);
    }));
  const rows = page.items.map((row, i) => {
    const open = el('button', { type: 'button', className: 'link', title: 'Show this combination' }, String(page.page * page.size + i + 1));
    open.addEventListener('click', () => ui.actions.open(row));
    return el('tr', { className: row.combination === ui.selected ? 'selected' : '', dataset: { combination: String(row.combination) } },
      el('td', {}, open), el('td', {}, `${row.symbol} ${row.timeframe}`),
      ...params.map((p) => el('td', {}, String(row.params?.[p] ?? ''))),
      ...metrics.map((m) => el('td', { className: 'num' }, metricValue(m, row[m]))));
  });
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  const prev = el('button', { type: 'button', className: 'secondary', disabled: page.page === 0, dataset: { page: 'prev' } }, '← Better');
  prev.addEventListener('click', () => ui.actions.page(page.page - 1));
  const next = el('button', { type: 'button', className: 'secondary', disabled: page.page + 1 >= pages, dataset: { page: 'next' } }, 'Worse →');
  next.addEventListener('click', () => ui.actions.page(page.page + 1));
  return [
    page.items.length
      ? el('div', { className: 'table-scroll' }, el('table', { className: 'data leaderboard', id: 'leaderboard' }, el('thead', {}, head), el('tbody', {}, ...rows)))
      : el('p', { className: 'muted' }, 'No results yet.'),
    el('nav', { className: 'pager', attrs: { 'aria-label': 'Leaderboard pages' } }, prev,
      el('span', { id: 'leaderboard-position' }, `Page ${page.page + 1} of ${pages} · ${page.total} result${page.total === 1 ? '' : 's'} · sorted by ${metricName(page.sort)} ${page.order}`), next),
  ];
}

/** The heatmap of a two-parameter grid as SVG: a rect per combination, axis labels, a legend. */
export function renderHeatmap(matrix, selected, open) {
  const cell = { w: 64, h: 34 };
  const left = 90;
  const top = 34;
  const width = left + matrix.x.values.length * cell.w + 10;
  const height = top + matrix.y.values.length * cell.h + 44;
  const drawing = svg('svg', { viewBox: `0 0 ${width} ${height}`, width: String(width), height: String(height), role: 'img', class: 'heatmap',
    'aria-label': `${metricName(matrix.metric)} by ${matrix.x.name} (across) and ${matrix.y.name} (down)` });
  drawing.append(svg('text', { x: String(left + (matrix.x.values.length * cell.w) / 2), y: '12', 'text-anchor': 'middle', class: 'axis-name' }, matrix.x.name));
  matrix.x.values.forEach((x, i) => drawing.append(svg('text', { x: String(left + i * cell.w + cell.w / 2), y: String(top - 6), 'text-anchor': 'middle', class: 'tick' }, String(x))));
  drawing.append(svg('text', { x: '4', y: String(top - 6), class: 'axis-name' }, `${matrix.y.name} ↓`));
  matrix.y.values.forEach((y, j) => drawing.append(svg('text', { x: String(left - 8), y: String(top + j * cell.h + cell.h / 2 + 4), 'text-anchor': 'end', class: 'tick' }, String(y))));
  matrix.cells.forEach((line, j) => line.forEach((c, i) => {
    const label = c.row ? `${matrix.x.name}=${c.x}, ${matrix.y.name}=${c.y}: ${metricName(matrix.metric)} ${metricValue(matrix.metric, c.value)}` : `${matrix.x.name}=${c.x}, ${matrix.y.name}=${c.y}: not run (a constraint)`;
    const group = svg('g', { class: `cell${c.row ? '' : ' empty'}${c.row && c.row.combination === selected ? ' selected' : ''}`,
      'data-x': String(c.x), 'data-y': String(c.y), ...(c.row ? { 'data-combination': String(c.row.combination), tabindex: '0', role: 'button' } : {}), 'aria-label': label },
    svg('title', {}, label),
    svg('rect', { x: String(left + i * cell.w + 1), y: String(top + j * cell.h + 1), width: String(cell.w - 2), height: String(cell.h - 2), rx: '3', fill: scoreColour(c.score) }),
    svg('text', { x: String(left + i * cell.w + cell.w / 2), y: String(top + j * cell.h + cell.h / 2 + 4), 'text-anchor': 'middle', class: 'value' }, c.row ? metricValue(matrix.metric, c.value) : '—'));
    if (c.row) {
      group.addEventListener('click', () => open(c.row));
      group.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open(c.row);
        }
      });
    }
    drawing.append(group);
  }));
  // The legend: worst to best, the metric's own values at either end.
  const legendY = top + matrix.y.values.length * cell.h + 16;
  const steps = 10;
  const legendWidth = Math.min(220, width - left - 10);
  for (let k = 0; k < steps; k++) {
    drawing.append(svg('rect', { x: String(left + (k * legendWidth) / steps), y: String(legendY), width: String(legendWidth / steps + 0.5), height: '10', fill: scoreColour(k / (steps - 1)) }));
  }
  const worst = matrix.higherIsBetter ? matrix.min : matrix.max;
  const best = matrix.higherIsBetter ? matrix.max : matrix.min;
  drawing.append(svg('text', { x: String(left), y: String(legendY + 24), class: 'tick', 'text-anchor': 'start' }, `worst ${metricValue(matrix.metric, worst)}`));
  drawing.append(svg('text', { x: String(left + legendWidth), y: String(legendY + 24), class: 'tick', 'text-anchor': 'end' }, `best ${metricValue(matrix.metric, best)}`));
  return el('figure', { className: 'heatmap-figure', id: 'heatmap' }, drawing,
    el('figcaption', { className: 'muted small' }, `${metricName(matrix.metric)} of each combination of ${matrix.series}; greener is better. Click a cell to open it.`));
}

/** One combination: its parameters and figures, and a backtest to run with them. */
export function renderCombination(row, sweep, runAsBacktest) {
  const metrics = sweep.walk_forward ? [...WALK_FORWARD_METRICS, ...METRICS] : METRICS;
  const run = el('button', { type: 'button', id: 'combination-run' }, 'Run as a backtest…');
  run.addEventListener('click', () => runAsBacktest(row));
  return el('section', { className: 'card', id: 'combination', dataset: { combination: String(row.combination) } },
    el('h3', {}, `Combination ${row.combination}: `, el('code', {}, Object.entries(row.params || {}).map(([k, v]) => `${k}=${v}`).join(' ')), ` on ${row.symbol} ${row.timeframe}`),
    el('dl', { className: 'metrics' }, ...metrics.filter((m) => row[m] !== undefined).map((m) => el('div', {}, el('dt', {}, metricName(m)), el('dd', {}, metricValue(m, row[m]))))),
    el('p', { className: 'small' }, run, el('span', { className: 'muted' }, ' fills the backtest form with these parameters and the sweep\'s dates and data.')));
}
