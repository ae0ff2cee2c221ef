// The pure logic of the sweeps pages: the grid editor's fields as a POST /api/sweeps body, and the
// results of a two-parameter grid as a heatmap's matrix. No DOM here, so Node's test runner reads it.

/** The parameters each strategy can sweep, as the backtest form names them. */
export const SWEEPABLE = {
  sma_crossover: ['fast_period', 'slow_period'],
  rsi_mean_reversion: ['period', 'oversold', 'overbought'],
  momentum: ['lookback', 'threshold'],
};

/** The figures a sweep can rank by and the leaderboard can sort by (the API's metric names). */
export const METRICS = ['total_return', 'cagr', 'annualised_volatility', 'sharpe_ratio', 'sortino_ratio', 'max_drawdown',
  'win_rate', 'exposure', 'trade_count', 'final_equity', 'total_costs'];
export const WALK_FORWARD_METRICS = ['oos_score', 'is_score', 'score_gap'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function numberOf(text) {
  const value = Number(String(text).trim());
  return String(text).trim() !== '' && Number.isFinite(value) ? value : null;
}

/**
 * One parameter's values from the editor: a list ("5, 10, 15") wins over from/to/step; neither
 * leaves the parameter at its default (null). {@code problem} says what is wrong, if anything.
 */
export function axisOf(name, { values = '', from = '', to = '', step = '' } = {}) {
  if (String(values).trim()) {
    const parts = String(values).split(/[\s,;]+/).filter(Boolean);
    const numbers = parts.map(numberOf);
    const bad = parts.find((_, i) => numbers[i] === null);
    if (bad !== undefined) return { problem: `${name}: "${bad}" is not a number.` };
    return { axis: [...new Set(numbers)] };
  }
  const given = [from, to, step].filter((v) => String(v).trim() !== '').length;
  if (given === 0) return { axis: null };
  if (given < 3) return { problem: `${name}: give from, to and step, or a list of values.` };
  const [f, t, s] = [from, to, step].map(numberOf);
  if (f === null || t === null || s === null) return { problem: `${name}: from, to and step must be numbers.` };
  if (s <= 0) return { problem: `${name}: step must be more than 0.` };
  if (t < f) return { problem: `${name}: "to" must not be below "from".` };
  return { axis: { from: f, to: t, step: s } };
}

/** How many values an axis has (a range counted as the API counts it, ends included). */
export function axisSize(axis) {
  if (Array.isArray(axis)) return axis.length;
  return Math.floor((axis.to - axis.from) / axis.step + 1e-9) + 1;
}

/**
 * The editor's fields as the body of POST /api/sweeps, or the problems to show first.
 * @param {object} fields {strategy, symbols, timeframe, start_date, end_date, data, initial_capital,
 *   grid: {name: {values, from, to, step}}, constraints (one per line), rank_by, folds}
 */
export function sweepRequest(fields) {
  const problems = [];
  const strategy = fields.strategy;
  if (!SWEEPABLE[strategy]) problems.push('Choose a strategy that can be swept.');
  const symbols = [...new Set(String(fields.symbols || '').split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter(Boolean))];
  if (!symbols.length) problems.push('Name at least one symbol.');
  const bad = symbols.find((s) => !/^[A-Z0-9][A-Z0-9_./-]{0,31}$/.test(s));
  if (bad) problems.push(`Symbol "${bad}" must look like BTC_USDT.`);
  for (const key of ['start_date', 'end_date']) {
    if (!DATE.test(fields[key] || '')) problems.push(`${key === 'start_date' ? 'Start' : 'End'} date is required.`);
  }
  if (DATE.test(fields.start_date || '') && DATE.test(fields.end_date || '') && fields.end_date < fields.start_date) {
    problems.push('The end date must not be before the start date.');
  }
  const grid = {};
  let combinations = 1;
  for (const name of SWEEPABLE[strategy] || []) {
    const { axis, problem } = axisOf(name, fields.grid?.[name]);
    if (problem) problems.push(problem);
    else if (axis) {
      grid[name] = axis;
      combinations *= axisSize(axis);
    }
  }
  if (SWEEPABLE[strategy] && !Object.keys(grid).length && !problems.length) problems.push('Give the values of at least one parameter.');
  const request = { strategy, symbols, timeframes: [fields.timeframe || '1d'], start_date: fields.start_date, end_date: fields.end_date, grid };
  if (fields.data === 'synthetic') request.data = 'synthetic';
  const capital = numberOf(fields.initial_capital ?? '');
  if (String(fields.initial_capital ?? '').trim() !== '') {
    if (capital === null || capital <= 0) problems.push('Initial capital must be a positive number.');
    else request.initial_capital = capital;
  }
  const constraints = String(fields.constraints || '').split(/\n|;/).map((c) => c.trim()).filter(Boolean);
  if (constraints.length) request.constraints = constraints;
  if (fields.rank_by) request.rank_by = fields.rank_by;
  if (String(fields.folds ?? '').trim() !== '') {
    const folds = numberOf(fields.folds);
    if (!Number.isInteger(folds) || folds < 2) problems.push('Walk-forward folds must be a whole number of 2 or more.');
    else request.walk_forward = { folds };
  }
  return { problems, request, combinations: combinations * symbols.length };
}

/** The parameters whose values differ between rows, in the order the rows name them. */
export function varyingParams(rows) {
  const seen = new Map();
  for (const row of rows) {
    for (const [name, value] of Object.entries(row.params || {})) {
      if (!seen.has(name)) seen.set(name, new Set());
      seen.get(name).add(value);
    }
  }
  return [...seen].filter(([, values]) => values.size > 1).map(([name]) => name);
}

/**
 * A heatmap of a two-parameter grid: the first varying parameter across (x), the second down (y),
 * each cell the row of that combination (null where a constraint left it out) and its
 * {@code metric}. {@code rows} come best first (the API's ranking order), which tells whether
 * higher is better; {@code score} of a cell is 0 (worst) to 1 (best). Only the first series'
 * rows are used when a sweep ran on several. Null when the grid is not two-dimensional.
 */
export function heatmapMatrix(rows, metric) {
  if (!rows.length) return null;
  const series = `${rows[0].symbol}/${rows[0].timeframe}`;
  const mine = rows.filter((r) => `${r.symbol}/${r.timeframe}` === series);
  const names = varyingParams(mine);
  if (names.length !== 2) return null;
  const [xName, yName] = names;
  const distinct = (name) => [...new Set(mine.map((r) => r.params[name]))].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
  const xs = distinct(xName);
  const ys = distinct(yName);
  const values = mine.map((r) => r[metric]).filter((v) => typeof v === 'number' && Number.isFinite(v));
  const min = values.length ? Math.min(...values) : 0;
  const max = values.length ? Math.max(...values) : 0;
  const firstValue = mine.find((r) => Number.isFinite(r[metric]))?.[metric];
  const lastValue = [...mine].reverse().find((r) => Number.isFinite(r[metric]))?.[metric];
  const higherIsBetter = firstValue === undefined || firstValue >= lastValue;
  const cells = ys.map((y) => xs.map((x) => {
    const row = mine.find((r) => r.params[xName] === x && r.params[yName] === y) || null;
    const value = row && Number.isFinite(row[metric]) ? row[metric] : null;
    let score = null;
    if (value !== null) {
      const t = max === min ? 1 : (value - min) / (max - min);
      score = higherIsBetter ? t : 1 - t;
    }
    return { x, y, row, value, score };
  }));
  return { series, x: { name: xName, values: xs }, y: { name: yName, values: ys }, metric, min, max, higherIsBetter, cells };
}

/** A score of 0 (worst) to 1 (best) as a colour from red through yellow to green. */
export function scoreColour(score) {
  if (score === null || score === undefined) return '#eceff3';
  const hue = Math.round(score * 130);
  return `hsl(${hue}, 62%, ${Math.round(72 - score * 22)}%)`;
}

/** A backtest task's parameters for one row of a sweep, from the sweep's stored definition. */
export function backtestOf(definition, row) {
  const d = definition || {};
  const parameters = { strategy: d.strategy, symbol: row.symbol, timeframe: row.timeframe, start_date: d.start_date, end_date: d.end_date };
  for (const key of ['data', 'initial_capital', 'commission', 'slippage', 'periods_per_year', 'allow_partial']) {
    if (d[key] !== undefined && d[key] !== null) parameters[key] = d[key];
  }
  parameters.params = { ...(row.params || {}) };
  return parameters;
}
