import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisOf, axisSize, backtestOf, heatmapMatrix, scoreColour, sweepRequest, varyingParams } from '../../../webapp/js/sweep-grid.js';
import { depths, gateShort, gateText, graphLayout, pipelineEnded, templateRequest, BOX } from '../../../webapp/js/pipeline-graph.js';
import { parseRoute, routeHref } from '../../../webapp/js/routes.js';

const FIELDS = {
  strategy: 'sma_crossover', symbols: 'btc_usdt, ETH_USDT', timeframe: '1d', start_date: '2023-01-01', end_date: '2023-12-31',
  data: 'synthetic', initial_capital: '', rank_by: 'total_return', folds: '',
  grid: { fast_period: { values: '5, 10, 20' }, slow_period: { from: '30', to: '50', step: '10' } },
  constraints: 'fast_period < slow_period\n',
};

test('grid editor: a list and a range become the request the API takes', () => {
  const { problems, request, combinations } = sweepRequest(FIELDS);
  assert.deepEqual(problems, []);
  assert.deepEqual(request, {
    strategy: 'sma_crossover', symbols: ['BTC_USDT', 'ETH_USDT'], timeframes: ['1d'], start_date: '2023-01-01', end_date: '2023-12-31',
    grid: { fast_period: [5, 10, 20], slow_period: { from: 30, to: 50, step: 10 } }, data: 'synthetic',
    constraints: ['fast_period < slow_period'], rank_by: 'total_return',
  });
  assert.equal(combinations, 3 * 3 * 2, 'values times series');
});

test('grid editor: walk-forward folds, capital, and parameters left empty keep their defaults', () => {
  const { problems, request } = sweepRequest({ ...FIELDS, folds: '4', initial_capital: '5000', grid: { fast_period: { values: '5 10' } }, data: 'stored' });
  assert.deepEqual(problems, []);
  assert.deepEqual(request.walk_forward, { folds: 4 });
  assert.equal(request.initial_capital, 5000);
  assert.deepEqual(Object.keys(request.grid), ['fast_period']);
  assert.equal(request.data, undefined, 'stored bars are the default');
});

test('grid editor: bad input is named before anything is sent', () => {
  const { problems } = sweepRequest({ ...FIELDS, symbols: '', end_date: '2022-01-01', folds: '1',
    grid: { fast_period: { values: '5, x' }, slow_period: { from: '30', to: '50' } } });
  assert.ok(problems.includes('Name at least one symbol.'));
  assert.ok(problems.includes('The end date must not be before the start date.'));
  assert.ok(problems.includes('fast_period: "x" is not a number.'));
  assert.ok(problems.includes('slow_period: give from, to and step, or a list of values.'));
  assert.ok(problems.some((p) => p.startsWith('Walk-forward folds')));
  assert.deepEqual(sweepRequest({ ...FIELDS, grid: {} }).problems, ['Give the values of at least one parameter.']);
  assert.equal(axisOf('p', { from: '5', to: '1', step: '1' }).problem, 'p: "to" must not be below "from".');
  assert.equal(axisOf('p', { from: '1', to: '5', step: '0' }).problem, 'p: step must be more than 0.');
  assert.equal(axisSize({ from: 0.1, to: 0.5, step: 0.1 }), 5, 'ends included despite floating point');
});

function row(combination, fast, slow, sharpe, symbol = 'BTC_USDT') {
  return { combination, symbol, timeframe: '1d', params: { fast_period: fast, slow_period: slow, other: 1 }, sharpe_ratio: sharpe };
}

test('heatmap: two varying parameters make a matrix, best green, a constrained-out cell empty', () => {
  // Best first, as the API ranks them; fast=20/slow=20 was left out by a constraint.
  const rows = [row(4, 10, 30, 1.5), row(0, 5, 20, 1.0), row(1, 10, 20, 0.5), row(3, 5, 30, -0.5), row(5, 20, 30, -1.0)];
  assert.deepEqual(varyingParams(rows), ['fast_period', 'slow_period']);
  const m = heatmapMatrix(rows, 'sharpe_ratio');
  assert.deepEqual(m.x, { name: 'fast_period', values: [5, 10, 20] });
  assert.deepEqual(m.y, { name: 'slow_period', values: [20, 30] });
  assert.equal(m.higherIsBetter, true);
  assert.deepEqual([m.min, m.max], [-1, 1.5]);
  assert.equal(m.cells[1][1].row.combination, 4);
  assert.equal(m.cells[1][1].score, 1);
  assert.equal(m.cells[1][2].score, 0);
  assert.equal(m.cells[0][2].row, null, 'fast 20, slow 20 did not run');
  assert.equal(m.cells[0][2].score, null);
  assert.equal(scoreColour(null), '#eceff3');
  assert.notEqual(scoreColour(0), scoreColour(1));
});

test('heatmap: lower-is-better metrics flip, other series are left out, one or three parameters give none', () => {
  const rows = [row(0, 5, 20, -0.1), row(1, 10, 20, -0.2), row(2, 5, 30, -0.3), row(9, 7, 7, 9, 'ETH_USDT')].map((r) => ({ ...r, max_drawdown: -r.sharpe_ratio }));
  const m = heatmapMatrix(rows, 'max_drawdown');
  assert.equal(m.series, 'BTC_USDT/1d');
  assert.deepEqual(m.x.values, [5, 10]);
  assert.equal(m.higherIsBetter, false);
  assert.equal(m.cells[0][0].score, 1, 'the smallest drawdown is best');
  assert.equal(heatmapMatrix([row(0, 5, 20, 1), row(1, 10, 20, 2)], 'sharpe_ratio'), null);
  assert.equal(heatmapMatrix([], 'sharpe_ratio'), null);
  const three = [{ ...row(0, 5, 20, 1), params: { a: 1, b: 1, c: 1 } }, { ...row(1, 5, 20, 1), params: { a: 2, b: 2, c: 2 } }];
  assert.equal(heatmapMatrix(three, 'sharpe_ratio'), null);
});

test('a combination becomes a backtest with the sweep\'s dates, data and the row\'s parameters', () => {
  const definition = { strategy: 'sma_crossover', start_date: '2023-01-01', end_date: '2023-12-31', data: 'synthetic', symbols: ['X'], grid: {} };
  assert.deepEqual(backtestOf(definition, row(3, 5, 30, 1)), {
    strategy: 'sma_crossover', symbol: 'BTC_USDT', timeframe: '1d', start_date: '2023-01-01', end_date: '2023-12-31', data: 'synthetic',
    params: { fast_period: 5, slow_period: 30, other: 1 },
  });
});

const TEMPLATE = [
  { id: 'train', task_type: 'model_training', depends_on: [] },
  { id: 'gate', gate: { step: 'train', metric: 'metrics.test.accuracy', op: '>=', value: 'majority_baseline + 0.01' }, depends_on: ['train'] },
  { id: 'predict', task_type: 'prediction', depends_on: ['train', 'gate'] },
  { id: 'backtest', task_type: 'backtest', depends_on: ['train', 'predict'] },
  { id: 'side', task_type: 'backtest', depends_on: [] },
];

test('pipeline graph: a step sits one column right of its deepest dependency', () => {
  assert.deepEqual(Object.fromEntries(depths(TEMPLATE)), { train: 0, gate: 1, predict: 2, backtest: 3, side: 0 });
  const layout = graphLayout(TEMPLATE);
  const at = Object.fromEntries(layout.boxes.map((b) => [b.id, b]));
  assert.equal(at.train.x, at.side.x, 'two roots share the first column');
  assert.equal(at.side.y, at.train.y + BOX.height + BOX.gapY, 'one below the other');
  assert.ok(at.gate.x > at.train.x && at.predict.x > at.gate.x && at.backtest.x > at.predict.x);
  assert.equal(layout.edges.length, 5);
  const edge = layout.edges.find((e) => e.from === 'gate' && e.to === 'predict');
  assert.deepEqual(edge.points, [at.gate.x + BOX.width, at.gate.y + BOX.height / 2, at.predict.x, at.predict.y + BOX.height / 2]);
  assert.equal(layout.width, BOX.pad * 2 + 4 * BOX.width + 3 * BOX.gapX);
  assert.equal(layout.height, BOX.pad * 2 + 2 * BOX.height + BOX.gapY);
});

test('pipeline graph: unknown dependencies and cycles still draw, gates read as comparisons', () => {
  const layout = graphLayout([{ id: 'a', depends_on: ['b', 'ghost'] }, { id: 'b', depends_on: ['a'] }]);
  assert.equal(layout.boxes.length, 2);
  assert.equal(layout.edges.length, 2, 'no edge from a step that does not exist');
  assert.equal(gateText(TEMPLATE[1].gate), 'train.metrics.test.accuracy >= majority_baseline + 0.01');
  assert.equal(gateShort(TEMPLATE[1].gate), 'accuracy >= majority_baseline + 0.01');
  assert.equal(pipelineEnded('stopped_at_gate'), true);
  assert.equal(pipelineEnded('running'), false);
});

test('pipeline template: empty optional fields are left out, numbers are numbers', () => {
  assert.deepEqual(templateRequest({ symbol: 'eth_usdt', data: '', train_start_date: '2018-01-01', min_edge: '0.02', qc_project_id: '' }),
    { template: 'train_gate_predict_backtest', symbol: 'ETH_USDT', train_start_date: '2018-01-01', min_edge: 0.02 });
});

test('routes: sweeps and pipelines, lists and one of each', () => {
  assert.equal(parseRoute('#/sweeps').page, 'sweeps');
  assert.deepEqual({ ...parseRoute('#/sweeps/abc'), params: undefined }, { page: 'sweep', id: 'abc', params: undefined });
  assert.equal(parseRoute('#/pipelines/').page, 'pipelines');
  assert.equal(parseRoute('#/pipelines/p1').page, 'pipeline');
  assert.equal(routeHref('sweep', { id: 's1' }), '#/sweeps/s1');
  assert.equal(routeHref('pipeline', { id: 'p 1' }), '#/pipelines/p%201');
  assert.equal(parseRoute(routeHref('pipeline', { id: 'p 1' })).id, 'p 1');
});
