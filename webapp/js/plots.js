// Time-axis charts drawn by uPlot (vendored in js/vendor/uplot, MIT): real date ticks, drag to
// zoom (double-click to reset), the values under the cursor in the legend, and a log scale, at a
// few milliseconds for 500 points. Every plot on a page is remembered so a page change frees it.

import uPlot from './vendor/uplot/uPlot.esm.js';
import { el } from './dom.js';

const live = new Set();
const COLOURS = ['#2359c4', '#1d7a46', '#b42323', '#8a3ffc', '#9a5b00'];

export function colour(i) {
  return COLOURS[i % COLOURS.length];
}

/** Frees every plot (on a page change): uPlot keeps listeners on the window. */
export function destroyPlots() {
  for (const plot of live) plot.destroy();
  live.clear();
}

/**
 * A plot over time in a new <figure>.
 * @param {object} spec {title, data: [epochSeconds[], ...values[]], series: [{label, stroke, fill,
 *   dash, format}], height, log, range: [min, max] or null, format: y-axis labels, xRange: [from, to]
 *   in epoch seconds or a function returning it, keep: not freed on a page change}
 */
export function timePlot(spec) {
  const figure = el('figure', { className: 'plot', attrs: { role: 'img', 'aria-label': spec.title } });
  const format = spec.format || ((v) => String(v));
  const options = {
    width: 600,
    height: spec.height || 240,
    scales: {
      x: { time: true, ...(spec.xRange ? { range: typeof spec.xRange === 'function' ? spec.xRange : () => spec.xRange } : {}) },
      y: spec.log ? { distr: 3 } : spec.range ? { range: () => spec.range } : {},
    },
    axes: [
      { stroke: '#5b6574', grid: { stroke: '#eef1f6' } },
      { stroke: '#5b6574', grid: { stroke: '#eef1f6' }, size: 64, values: (u, values) => values.map((v) => format(v)) },
    ],
    series: [{ label: 'Time', value: (u, t) => (t == null ? '–' : new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ')) },
      ...spec.series.map((s) => ({
        label: s.label,
        stroke: s.stroke,
        fill: s.fill,
        dash: s.dash,
        width: 1.5,
        spanGaps: true,
        points: { show: false },
        value: (u, v) => (v == null ? '–' : (s.format || format)(v)),
      }))],
    cursor: { drag: { x: true, y: false } },
    legend: { live: true },
  };
  if (spec.caption !== false) figure.append(el('figcaption', { className: 'muted small' }, spec.title));
  const plot = new uPlot(options, spec.data, figure);
  if (!spec.keep) live.add(plot); // a kept plot (the status centre's usage chart) lives with its page
  figure.plot = plot;
  // Sized to its box once in the page, and again whenever the box changes.
  const fit = () => {
    const width = Math.floor(figure.clientWidth);
    if (width > 0 && width !== plot.width) plot.setSize({ width, height: options.height });
  };
  new ResizeObserver(fit).observe(figure);
  requestAnimationFrame(fit);
  return figure;
}
