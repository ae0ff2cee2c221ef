// Two small SVG charts: a backtest's equity curve, and the machine's CPU and RAM over time.
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

/**
 * CPU and RAM usage (0–100 %) over the last {@code windowMs}, with each one's admission limit as a
 * dashed line: above it, the scheduler admits no new local task.
 */
export function usageChart(samples, limits, windowMs, now = Date.now()) {
  const width = 600, height = 140;
  const x = (t) => ((t - (now - windowMs)) / windowMs) * width;
  const y = (p) => height - (Math.max(0, Math.min(100, p)) / 100) * height;
  const line = (key, cls) => svg('polyline', { class: `usage ${cls}`,
    points: samples.map((s) => `${x(s.t).toFixed(1)},${y(s[key]).toFixed(1)}`).join(' ') });
  const limit = (value, cls) => (Number.isFinite(value)
    ? svg('line', { x1: 0, x2: width, y1: y(value), y2: y(value), class: `limit ${cls}` }) : null);
  const last = samples.at(-1);
  const label = last
    ? `CPU ${last.cpu.toFixed(0)}% and RAM ${last.ram.toFixed(0)}% now, over the last ${windowMs / 60000} minutes`
    : 'No samples yet';
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', class: 'chart usage-chart',
    role: 'img', 'aria-label': label },
  ...[25, 50, 75].map((p) => svg('line', { x1: 0, x2: width, y1: y(p), y2: y(p), class: 'grid' })),
  ...[limit(limits.cpu, 'cpu'), limit(limits.ram, 'ram')].filter(Boolean),
  line('cpu', 'cpu'), line('ram', 'ram'));
  return el('figure', { className: 'chart-box' }, chart,
    el('figcaption', { className: 'legend small muted' },
      el('span', { className: 'key cpu' }, 'CPU'), el('span', { className: 'key ram' }, 'RAM'),
      el('span', { className: 'key limit' }, 'admission limit'),
      el('span', {}, `last ${windowMs / 60000} min · 0–100 %`)));
}
