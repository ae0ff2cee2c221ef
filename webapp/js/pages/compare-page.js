// Two to five backtests: equity curves overlaid on one time axis, metrics side by side.

import { el } from '../dom.js';
import { fixed, percent, shortId } from '../format.js';
import { bestOf, COMPARED, mergeEquity, metricOf } from '../compare.js';
import { colour, timePlot } from '../plots.js';
import { taskHref } from '../routes.js';

export function renderComparison(tasks) {
  const results = tasks.map((t) => t.result || {});
  const label = (task) => `${shortId(task.task_id)} ${task.result?.strategy ?? ''}`;
  const plot = timePlot({
    title: `Equity of ${tasks.length} backtests, as growth of 1`,
    data: mergeEquity(results),
    series: tasks.map((task, i) => ({ label: label(task), stroke: colour(i) })),
    format: (v) => `${fixed(v, 2)}×`,
  });
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Metric'), ...tasks.map((task, i) => el('th', { scope: 'col' },
    el('span', { className: 'swatch', dataset: { colour: String(i) } }), el('a', { href: taskHref(task.task_id) }, el('code', {}, shortId(task.task_id))))));
  const rows = COMPARED.map(([name, key, format]) => {
    const best = format === 'text' || format === 'params' ? -1 : bestOf(results, key);
    return el('tr', { dataset: { metric: key } }, el('th', { scope: 'row' }, name),
      ...results.map((r, i) => el('td', { className: i === best ? 'best' : '' }, shown(metricOf(r, key), format))));
  });
  return [el('section', { className: 'card' }, el('h3', {}, 'Equity, overlaid'),
    el('p', { className: 'muted small' }, 'Each curve is equity divided by its initial capital. Drag to zoom, double-click to reset.'), plot),
  el('section', { className: 'card' }, el('h3', {}, 'Side by side'), el('div', { className: 'table-scroll' },
    el('table', { className: 'data compare', id: 'compare-table' }, el('thead', {}, head), el('tbody', {}, ...rows))))];
}

function shown(value, format) {
  if (value === undefined || value === null || value === '') return '–';
  if (format === 'percent') return percent(value);
  if (format === 'number') return fixed(value, 3);
  if (format === 'integer') return String(value);
  return String(value);
}
