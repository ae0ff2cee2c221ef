// Comparing backtests: their equity curves on one time axis, and their metrics side by side.

/**
 * Merges each backtest's equity preview ([[iso, equity], ...]) into uPlot's columns: one sorted
 * time axis (epoch seconds) with a value for each run where it has a bar, null where it has none.
 * Values are growth of 1 (equity / initial capital) so runs with different capital compare.
 */
export function mergeEquity(runs) {
  const times = new Set();
  const byRun = runs.map((run) => {
    const capital = Number(run.initial_capital) || Number(run.equity_preview?.[0]?.[1]) || 1;
    const points = new Map();
    for (const [iso, equity] of run.equity_preview || []) {
      const t = Math.floor(Date.parse(iso) / 1000);
      if (!Number.isFinite(t) || !Number.isFinite(equity)) continue;
      times.add(t);
      points.set(t, equity / capital);
    }
    return points;
  });
  const axis = [...times].sort((a, b) => a - b);
  return [axis, ...byRun.map((points) => axis.map((t) => (points.has(t) ? points.get(t) : null)))];
}

/** The rows of the side-by-side table: [label, key, format], in this order. */
export const COMPARED = [
  ['Strategy', 'strategy', 'text'],
  ['Parameters', 'params', 'params'],
  ['Symbol', 'symbol', 'text'],
  ['Timeframe', 'timeframe', 'text'],
  ['Range', 'range', 'text'],
  ['Data', 'data_source', 'text'],
  ['Total return', 'total_return', 'percent'],
  ['CAGR', 'cagr', 'percent'],
  ['Volatility', 'annualised_volatility', 'percent'],
  ['Sharpe', 'sharpe_ratio', 'number'],
  ['Sortino', 'sortino_ratio', 'number'],
  ['Max drawdown', 'max_drawdown', 'percent'],
  ['Win rate', 'win_rate', 'percent'],
  ['Exposure', 'exposure', 'percent'],
  ['Trades', 'trade_count', 'integer'],
  ['Turnover', 'turnover', 'number'],
  ['Costs', 'total_costs', 'number'],
  ['Buy and hold return', 'benchmark.total_return', 'percent'],
  ['Excess return', 'benchmark.excess_return', 'percent'],
  ['Beta', 'benchmark.beta', 'number'],
];

/** A metric of a result by dotted key; 'range' and 'params' are made of several fields. */
export function metricOf(result, key) {
  if (!result) return undefined;
  if (key === 'range') return result.first_bar ? `${result.first_bar.slice(0, 10)} → ${String(result.last_bar).slice(0, 10)}` : undefined;
  if (key === 'params') return Object.entries(result.params || {}).map(([k, v]) => `${k}=${v}`).join(', ');
  return key.split('.').reduce((value, part) => (value == null ? undefined : value[part]), result);
}

/** For a numeric metric row, which run is best (highest; lowest for drawdown, volatility, costs); -1 for none or a tie. */
export function bestOf(results, key) {
  const lower = ['max_drawdown', 'annualised_volatility', 'total_costs'].includes(key);
  let best = -1;
  results.forEach((result, i) => {
    const value = metricOf(result, key);
    if (!Number.isFinite(value)) return;
    const current = best < 0 ? undefined : metricOf(results[best], key);
    if (best < 0 || (lower ? value < current : value > current)) best = i;
  });
  // A tie between all is no best.
  const values = results.map((result) => metricOf(result, key)).filter(Number.isFinite);
  return values.length > 1 && values.every((v) => v === values[0]) ? -1 : best;
}
