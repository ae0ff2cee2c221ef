// Unit tests of the dashboard's form checks (webapp/js/forms.js) on stand-in form elements: the
// page must refuse what the API refuses, and build the body the API expects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { taskRequest } from '../../../webapp/js/forms.js';
import { ago, duration } from '../../../webapp/js/format.js';

function form(type, values) {
  const fields = Object.entries(values).map(([name, value]) => {
    const attributes = {};
    return { name, value, attributes, setAttribute: (k, v) => { attributes[k] = v; }, removeAttribute: (k) => { delete attributes[k]; } };
  });
  const elements = Object.assign([...fields], Object.fromEntries(fields.map((f) => [f.name, f])));
  return { dataset: { type }, elements };
}

const backtest = (overrides = {}) => form('backtest', {
  strategy: 'sma_crossover', symbol: 'btc_usdt', start_date: '2024-01-01', end_date: '2024-06-30', timeframe: '1d',
  initial_capital: '10000', fast_period: '10', slow_period: '30', priority: '0', timeout_seconds: '', ...overrides,
});

test('a valid backtest becomes the API body, symbol upper-cased', () => {
  const { problems, request } = taskRequest(backtest());
  assert.deepEqual(problems, []);
  assert.deepEqual(request, {
    task_type: 'backtest',
    priority: 0,
    parameters: { strategy: 'sma_crossover', symbol: 'BTC_USDT', timeframe: '1d', start_date: '2024-01-01', end_date: '2024-06-30',
      initial_capital: 10000, params: { fast_period: 10, slow_period: 30 } },
  });
});

test('generated bars are asked for by name, stored ones by default', () => {
  assert.equal(taskRequest(backtest({ data: 'stored' })).request.parameters.data, undefined);
  assert.equal(taskRequest(backtest({ data: 'synthetic' })).request.parameters.data, 'synthetic');
});

test('a fast period not below the slow one is refused and flagged', () => {
  const f = backtest({ fast_period: '30' });
  const { problems } = taskRequest(f);
  assert.deepEqual(problems, ['Fast period must be less than the slow period.']);
  assert.equal(f.elements.fast_period.attributes['aria-invalid'], 'true');
});

test('an end before the start, a bad symbol and an out-of-range priority are each named', () => {
  const { problems } = taskRequest(backtest({ end_date: '2023-01-01', symbol: '$$', priority: '1001' }));
  assert.equal(problems.length, 3, problems.join(' | '));
});

test('a cloud backtest reads name=value lines into numbers and strings', () => {
  const { problems, request } = taskRequest(form('qc_backtest', {
    project_id: '4242', backtest_name: '', parameters: 'fast=10\nmode = aggressive\n', priority: '', timeout_seconds: '600',
  }));
  assert.deepEqual(problems, []);
  assert.deepEqual(request, { task_type: 'qc_backtest', timeout_seconds: 600, parameters: { project_id: 4242, parameters: { fast: 10, mode: 'aggressive' } } });
});

test('a cloud backtest needs a positive project id and well-formed parameter names', () => {
  const { problems } = taskRequest(form('qc_backtest', { project_id: '0', backtest_name: '', parameters: '=1', priority: '', timeout_seconds: '' }));
  assert.equal(problems.length, 2, problems.join(' | '));
});

test('a prediction without a model is refused before sending', () => {
  const { problems } = taskRequest(form('prediction', { model_id: '', symbol: 'SPY', start_date: '2024-01-01', end_date: '2024-02-01', timeframe: '1d', priority: '0' }));
  assert.deepEqual(problems, ['Choose a trained model (train one first).']);
});

test('relative times read like the seed: just now, seconds, minutes, hours', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  assert.equal(ago('2026-01-01T11:59:58Z', now), 'just now');
  assert.equal(ago('2026-01-01T11:59:18Z', now), '42s ago');
  assert.equal(ago('2026-01-01T11:55:00Z', now), '5m ago');
  assert.equal(ago('2026-01-01T10:00:00Z', now), '2h ago');
  assert.equal(duration(185), '3m 05s');
});
