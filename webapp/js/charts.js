// A small SVG chart of a backtest's equity curve, for a row of the status centre's lists (the task
// page has the full charts, see plots.js).
// Lines live in a stretched viewBox; text stays outside the SVG so it is never distorted.

import { el, svg } from './dom.js';
import { money } from './format.js';

export function equityChart(result) {
  const values = (result.equity_curve || []).filter(Number.isFinite);
  if (values.length < 2) return el('p', { className: 'muted' }, 'This result has no equity curve.');
  const width = 600, height = 160, pad = 6;
  const start = Number.isFinite(result.initial_capital) ? result.initial_capital : values[0];
  const low = Math.min(start, ...values), high = Math.max(start, ...values);
  const y = (v) => pad + (1 - (v - low) / (high - low || 1)) * (height - 2 * pad);
  const points = values.map((v, i) => `${((i / (values.length - 1)) * width).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', class: 'chart',
    role: 'img', 'aria-label': `Equity curve from ${money(values[0])} to ${money(values.at(-1))}` },
  svg('line', { x1: 0, x2: width, y1: y(start), y2: y(start), class: 'baseline' }),
  svg('polyline', { points, class: values.at(-1) >= start ? 'line up' : 'line down' }));
  const caption = `${result.symbol ?? ''} ${result.timeframe ?? ''} ${result.start_date ?? ''} → ${result.end_date ?? ''}: `
    + `${money(values[0])} → ${money(result.final_equity ?? values.at(-1))} · low ${money(low)} · high ${money(high)} · `
    + `${result.trade_count ?? '?'} trades`;
  return el('figure', { className: 'chart-box' }, chart, el('figcaption', { className: 'muted small' }, caption));
}
