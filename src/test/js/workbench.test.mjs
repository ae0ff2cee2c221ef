import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareIds, parseRoute, routeHref } from '../../../webapp/js/routes.js';
import { historyApiQuery, historyRouteParams, historyState, pageCount, sortBy, taskIdOf, withFilter } from '../../../webapp/js/history-query.js';
import { bestOf, mergeEquity, metricOf } from '../../../webapp/js/compare.js';
import { csvPreview, problemLine } from '../../../webapp/js/csv-preview.js';

const ID = '5f0c7a53-2b8e-4d43-9a51-0c1d2e3f4a5b';

test('routes: a task page, the other pages, and anything else is the status centre', () => {
  assert.deepEqual({ ...parseRoute(`#/tasks/${ID}`), params: undefined }, { page: 'task', id: ID, params: undefined });
  assert.equal(parseRoute('#/history?status=failed').params.get('status'), 'failed');
  assert.equal(parseRoute('#/history/').page, 'history');
  assert.equal(parseRoute('#/admin').page, 'admin');
  for (const hash of ['', '#', '#/', '#/nowhere', '#/tasks', '#/tasks/a/b', '#main']) assert.equal(parseRoute(hash).page, 'home', hash);
});

test('routes: hrefs drop empty values and parse back to the same route', () => {
  const href = routeHref('history', { params: { status: 'completed', symbol: '', page: 2 } });
  assert.equal(href, '#/history?status=completed&page=2');
  const back = parseRoute(href);
  assert.equal(back.page, 'history');
  assert.equal(back.params.get('page'), '2');
  assert.equal(routeHref('task', { id: ID }), `#/tasks/${ID}`);
  assert.equal(routeHref('home'), '#/');
});

test('routes: compare ids are distinct, in order and at most five', () => {
  const params = new URLSearchParams('ids=a,b,,a,c,d,e,f');
  assert.deepEqual(compareIds(params), ['a', 'b', 'c', 'd', 'e']);
});

test('history: defaults, and out-of-range values from a hand-edited link are dropped', () => {
  const state = historyState(new URLSearchParams('page=-3&size=7&sort=parameters_json&order=sideways&status=failed'));
  assert.deepEqual(state, { page: 0, size: 20, sort: 'queued_at', order: 'desc', status: 'failed' });
});

test('history: the API query carries filters, sort and paging; user_id only for an admin', () => {
  const state = historyState(new URLSearchParams('symbol=SPY&user_id=bob&from=2024-01-01&sort=finished_at&order=asc&page=2&size=50'));
  assert.equal(historyApiQuery(state, true), 'symbol=SPY&user_id=bob&from=2024-01-01&sort=finished_at&order=asc&page=2&size=50');
  assert.equal(historyApiQuery(state, false), 'symbol=SPY&from=2024-01-01&sort=finished_at&order=asc&page=2&size=50');
});

test('history: sorting flips on the same column, filters restart at page 0, route params stay short', () => {
  const state = { ...historyState(new URLSearchParams()), page: 3 };
  assert.deepEqual(sortBy(state, 'queued_at'), { ...state, order: 'asc', page: 0 });
  assert.deepEqual(sortBy(state, 'status'), { ...state, sort: 'status', order: 'desc', page: 0 });
  const filtered = withFilter(state, 'status', 'failed');
  assert.equal(filtered.page, 0);
  assert.deepEqual(historyRouteParams(filtered), { status: 'failed' });
  assert.equal(withFilter(filtered, 'status', '').status, undefined);
  assert.equal(pageCount(0, 20), 1);
  assert.equal(pageCount(41, 20), 3);
});

test('history: only a whole task id is searched for', () => {
  assert.equal(taskIdOf(`  #${ID.toUpperCase()} `), ID);
  assert.equal(taskIdOf(ID.slice(0, 8)), null);
});

test('compare: curves on one sorted time axis, as growth of 1, null where a run has no bar', () => {
  const a = { initial_capital: 100, equity_preview: [['2024-01-01T00:00:00Z', 100], ['2024-01-03T00:00:00Z', 110]] };
  const b = { initial_capital: 1000, equity_preview: [['2024-01-02T00:00:00Z', 1000], ['2024-01-03T00:00:00Z', 900]] };
  const [times, first, second] = mergeEquity([a, b]);
  assert.deepEqual(times, [1704067200, 1704153600, 1704240000]);
  assert.deepEqual(first, [1, null, 1.1]);
  assert.deepEqual(second, [null, 1, 0.9]);
});

test('compare: metrics by dotted key, and the best run per row (lowest drawdown wins)', () => {
  const runs = [{ total_return: 0.1, max_drawdown: 0.3, benchmark: { beta: 0.5 } }, { total_return: 0.2, max_drawdown: 0.1 }];
  assert.equal(metricOf(runs[0], 'benchmark.beta'), 0.5);
  assert.equal(metricOf(runs[1], 'benchmark.beta'), undefined);
  assert.equal(bestOf(runs, 'total_return'), 1);
  assert.equal(bestOf(runs, 'max_drawdown'), 1);
  assert.equal(bestOf(runs, 'sharpe_ratio'), -1);
  assert.equal(bestOf([{ exposure: 0.5 }, { exposure: 0.5 }], 'exposure'), -1, 'a tie marks none');
});

test('csv preview: header, first rows with their file line numbers, blank lines skipped', () => {
  const text = '\uFEFFtimestamp,open,high,low,close,volume\r\n2024-01-01,1,2,0.5,1.5,10\n\n2024-01-02,1,2,0.5,oops,10\n2024-01-03,1,2,0.5,1.5,10\n';
  const preview = csvPreview(text, 2);
  assert.deepEqual(preview.header, ['timestamp', 'open', 'high', 'low', 'close', 'volume']);
  assert.deepEqual(preview.rows.map((r) => r.line), [2, 4]);
  assert.equal(preview.rows[1].fields[4], 'oops');
  assert.equal(preview.dataLines, 3);
  assert.equal(csvPreview('1704067200000,1,2,0.5,1.5,10').header, null, 'a headerless kline file');
});

test('csv preview: the line a refusal names', () => {
  assert.equal(problemLine('line 4: close must be a number, got \'oops\''), 4);
  assert.equal(problemLine('The file is empty.'), null);
});
