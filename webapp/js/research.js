// The research pages: sweeps (an editor, the list, one sweep's progress, leaderboard and heatmap)
// and pipelines (the list, the template's form, one pipeline's graph). Live events move them; while
// a sweep or pipeline runs they are also polled every few seconds, in case the stream is down.

import { api, currentSession, isAdmin } from './api.js';
import { $, el, say } from './dom.js';
import { shortId } from './format.js';
import { routeHref } from './routes.js';
import { backtestOf, heatmapMatrix, METRICS, sweepRequest, SWEEPABLE } from './sweep-grid.js';
import { pipelineEnded, templateRequest } from './pipeline-graph.js';
import { progressLine, renderCombination, renderGridRows, renderHeatmap, renderLeaderboard, renderSweepHead, renderSweepList } from './pages/sweeps-page.js';
import { renderPipeline, renderPipelineList } from './pages/pipelines-page.js';

const POLL_MS = 3000;
const HEATMAP_ROWS = 1000; // a two-parameter grid larger than this is left to the leaderboard

let generation = 0;
let pollTimer = null;
let reloadTimer = null;
let sweepView = null; // {id, sweep, board: {sort, order, page}, page, all, selected}
let pipelineView = null; // {id, pipeline}
let hooks = { runAgain: () => {} };

export function setResearchHooks(given) {
  hooks = { ...hooks, ...given };
}

/** Stops the timers of the page being left; its late answers are dropped. */
export function leaveResearch() {
  generation++;
  clearTimeout(pollTimer);
  clearTimeout(reloadTimer);
  sweepView = null;
  pipelineView = null;
}

export function showResearch(route) {
  if (route.page === 'sweeps') loadSweeps();
  else if (route.page === 'sweep') openSweep(route.id);
  else if (route.page === 'pipelines') loadPipelines();
  else if (route.page === 'pipeline') openPipeline(route.id);
}

/** A live event of a sweep or a pipeline (or of a task a pipeline step runs). */
export function onResearchEvent(type, data) {
  if (sweepView && data?.sweep_id === sweepView.id) {
    if (type === 'sweep_progress' && sweepView.sweep) {
      Object.assign(sweepView.sweep, { done: data.done, progress: data.progress, combinations: data.combinations });
      const line = document.querySelector('#sweep-head .progress-line');
      line?.replaceWith(progressLine(sweepView.sweep));
      // The leaderboard fills as chunks store their rows: refreshed now and then, not per event.
      reloadSoon(() => reloadSweep(false), 1500);
    } else if (type === 'sweep_completed') {
      reloadSoon(() => reloadSweep(true), 100);
    }
  }
  if (pipelineView) {
    const mine = data?.pipeline_id === pipelineView.id
      || (data?.task_id && pipelineView.pipeline?.steps.some((s) => s.task_id === data.task_id));
    if (mine) reloadSoon(() => reloadPipeline(), 250);
  }
}

function reloadSoon(action, delay) {
  if (reloadTimer) return;
  reloadTimer = setTimeout(() => {
    reloadTimer = null;
    action();
  }, delay);
}

function stillShowing(mine) {
  return mine === generation && currentSession();
}

function report(node, error) {
  if (error.status !== 401) say(node, error.message, 'error');
}

function pollWhile(running, action) {
  clearTimeout(pollTimer);
  if (running) pollTimer = setTimeout(action, POLL_MS);
}

// ---- Sweeps -----------------------------------------------------------------------------------

async function loadSweeps() {
  const mine = generation;
  if (!$('sw-grid').children.length) drawGridRows();
  try {
    const page = await api('/api/sweeps?size=50');
    if (!stillShowing(mine)) return;
    $('sweeps-body').replaceChildren(renderSweepList(page, isAdmin()));
    // Progress in the list moves by polling: list events would need every sweep's id.
    pollWhile(page.items.some((s) => s.status === 'running'), () => stillShowing(mine) && loadSweeps());
  } catch (error) {
    if (stillShowing(mine)) report($('sweeps-message'), error);
  }
}

function drawGridRows() {
  $('sw-grid').replaceChildren(...renderGridRows($('sw-strategy').value));
}

function editorFields() {
  const form = $('sweep-form');
  const value = (name) => form.elements[name]?.value ?? '';
  const grid = {};
  for (const name of SWEEPABLE[value('strategy')] || []) {
    grid[name] = Object.fromEntries(['values', 'from', 'to', 'step'].map((part) => [part, value(`${name}.${part}`)]));
  }
  return {
    strategy: value('strategy'), symbols: value('symbols'), timeframe: value('timeframe'), start_date: value('start_date'),
    end_date: value('end_date'), data: value('data'), initial_capital: value('initial_capital'), grid,
    constraints: value('constraints'), rank_by: value('rank_by'), folds: form.elements.walk_forward.checked ? value('folds') : '',
  };
}

function showEstimate() {
  const { problems, combinations } = sweepRequest(editorFields());
  $('sw-estimate').textContent = problems.length ? '' : `${combinations} combination${combinations === 1 ? '' : 's'} before constraints.`;
}

async function submitSweep(event) {
  event.preventDefault();
  const message = $('sweep-form-message');
  const { problems, request } = sweepRequest(editorFields());
  if (problems.length) {
    say(message, problems.join(' '), 'error');
    return;
  }
  const button = $('sweep-form').querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const answer = await api('/api/sweeps', { method: 'POST', body: request });
    say(message, `${answer.message.split(' Follow')[0]} ${answer.combinations} combinations. `, 'ok');
    message.append(el('a', { href: routeHref('sweep', { id: answer.sweep_id }), id: 'sweep-link' }, `Open sweep ${shortId(answer.sweep_id)} →`));
    window.__lastSweep = answer.sweep_id; // for scripts and browser tests driving the page
    loadSweeps();
  } catch (error) {
    report(message, error); // a 400 shows the API's own detail
  } finally {
    button.disabled = false;
  }
}

function openSweep(id) {
  sweepView = { id, sweep: null, board: { sort: '', order: '', page: 0 }, page: null, all: null, selected: null };
  say($('sweep-message'), '');
  for (const node of ['sweep-head-box', 'heatmap-box', 'combination-box', 'leaderboard-box']) $(node).replaceChildren();
  $('sweep-head-box').append(el('p', { className: 'muted' }, 'Loading…'));
  reloadSweep(true);
}

/** The sweep, a page of its leaderboard and (with {@code full}) every row for the heatmap. */
async function reloadSweep(full) {
  const mine = generation;
  const view = sweepView;
  if (!view) return;
  try {
    const sweep = await api(`/api/sweeps/${encodeURIComponent(view.id)}`);
    if (!stillShowing(mine)) return;
    view.sweep = sweep;
    const query = new URLSearchParams({ page: String(view.board.page), size: '20' });
    if (view.board.sort) query.set('sort', view.board.sort);
    if (view.board.order) query.set('order', view.board.order);
    const wantAll = (full || sweep.status !== 'running' || !view.all) && Object.keys(sweep.definition?.grid || {}).length === 2;
    const [page, all] = await Promise.all([
      api(`/api/sweeps/${encodeURIComponent(view.id)}/results?${query}`),
      wantAll ? api(`/api/sweeps/${encodeURIComponent(view.id)}/results?size=${HEATMAP_ROWS}`) : null,
    ]);
    if (!stillShowing(mine)) return;
    view.page = page;
    if (all) view.all = all.items;
    drawSweep();
    pollWhile(sweep.status === 'running', () => reloadSweep(false));
  } catch (error) {
    if (!stillShowing(mine)) return;
    $('sweep-head-box').replaceChildren();
    report($('sweep-message'), error.status === 400 ? { message: `"${view.id}" is not a sweep id.` } : error);
  }
}

function drawSweep() {
  const view = sweepView;
  const sweep = view.sweep;
  $('sweep-head-box').replaceChildren(renderSweepHead(sweep, { cancel: cancelSweep, csv: exportCsv }));
  const matrix = view.all ? heatmapMatrix(view.all, sweep.ranked_by) : null;
  $('heatmap-box').replaceChildren(...(matrix ? [el('h3', {}, 'Heatmap'), renderHeatmap(matrix, view.selected, openCombination)] : []));
  $('heatmap-box').hidden = !matrix;
  $('leaderboard-box').replaceChildren(el('h3', {}, 'Leaderboard'), ...renderLeaderboard(view.page, {
    walkForward: sweep.walk_forward,
    selected: view.selected,
    actions: {
      sort: (metric) => {
        const same = view.board.sort === metric || (!view.board.sort && view.page.sort === metric);
        // The first click takes the metric's better direction (the server's default); a second flips it.
        view.board = { sort: metric, order: same ? (view.page.order === 'desc' ? 'asc' : 'desc') : '', page: 0 };
        reloadSweep(false);
      },
      page: (n) => {
        view.board = { ...view.board, page: n };
        reloadSweep(false);
      },
      open: openCombination,
    },
  }));
}

function openCombination(row) {
  const view = sweepView;
  view.selected = row.combination;
  drawSweep();
  $('combination-box').replaceChildren(renderCombination(row, view.sweep, runAsBacktest));
  $('combination').scrollIntoView({ block: 'nearest' });
}

function runAsBacktest(row) {
  const sweep = sweepView.sweep;
  hooks.runAgain({ task_type: 'backtest', task_id: sweep.sweep_id, label: `combination ${row.combination} of sweep ${shortId(sweep.sweep_id)}`,
    parameters: backtestOf(sweep.definition, row), priority: 0 });
}

async function cancelSweep(sweep, button) {
  const left = sweep.combinations - sweep.done;
  if (!window.confirm(`Cancel sweep ${shortId(sweep.sweep_id)}? Its ${left} unfinished combination${left === 1 ? '' : 's'} will not run; the results so far stay.`)) return;
  button.disabled = true;
  try {
    await api(`/api/sweeps/${encodeURIComponent(sweep.sweep_id)}/cancel`, { method: 'POST' });
  } catch (error) {
    button.disabled = false;
    report($('sweep-message'), error);
  }
  reloadSweep(true);
}

async function exportCsv(sweep, button) {
  button.disabled = true;
  try {
    // A plain link could not send the bearer token, so the CSV comes through fetch.
    const blob = await api(`/api/sweeps/${encodeURIComponent(sweep.sweep_id)}/results`, { accept: 'text/csv' });
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: `sweep-${shortId(sweep.sweep_id)}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    report($('sweep-message'), error);
  } finally {
    button.disabled = false;
  }
}

// ---- Pipelines --------------------------------------------------------------------------------

async function loadPipelines() {
  const mine = generation;
  try {
    const page = await api('/api/pipelines?size=50');
    if (!stillShowing(mine)) return;
    $('pipelines-body').replaceChildren(renderPipelineList(page, isAdmin()));
    pollWhile(page.items.some((p) => p.status === 'running'), () => stillShowing(mine) && loadPipelines());
  } catch (error) {
    if (stillShowing(mine)) report($('pipelines-message'), error);
  }
}

async function submitTemplate(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const message = $('template-message');
  const values = Object.fromEntries([...form.elements].filter((f) => f.name).map((f) => [f.name, f.value]));
  const request = templateRequest(values);
  const missing = ['symbol', 'train_start_date', 'train_end_date', 'start_date', 'end_date'].filter((k) => !request[k]);
  if (missing.length) {
    say(message, `Fill in ${missing.map((k) => k.replaceAll('_', ' ')).join(', ')}.`, 'error');
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const answer = await api('/api/pipelines', { method: 'POST', body: request });
    say(message, `${answer.message} `, 'ok');
    message.append(el('a', { href: routeHref('pipeline', { id: answer.pipeline_id }), id: 'pipeline-link' }, `Open pipeline ${shortId(answer.pipeline_id)} →`));
    loadPipelines();
  } catch (error) {
    report(message, error);
  } finally {
    button.disabled = false;
  }
}

function openPipeline(id) {
  pipelineView = { id, pipeline: null };
  say($('pipeline-message'), '');
  $('pipeline-body').replaceChildren(el('p', { className: 'muted' }, 'Loading…'));
  reloadPipeline();
}

async function reloadPipeline() {
  const mine = generation;
  const view = pipelineView;
  if (!view) return;
  try {
    const pipeline = await api(`/api/pipelines/${encodeURIComponent(view.id)}`);
    if (!stillShowing(mine)) return;
    view.pipeline = pipeline;
    $('pipeline-body').replaceChildren(...renderPipeline(pipeline, { cancel: cancelPipeline }));
    pollWhile(!pipelineEnded(pipeline.status), () => reloadPipeline());
  } catch (error) {
    if (!stillShowing(mine)) return;
    $('pipeline-body').replaceChildren();
    report($('pipeline-message'), error.status === 400 ? { message: `"${view.id}" is not a pipeline id.` } : error);
  }
}

async function cancelPipeline(pipeline, button) {
  const running = pipeline.steps.filter((s) => s.status === 'running').map((s) => s.id);
  if (!window.confirm(`Cancel pipeline "${pipeline.name}"? Its unfinished steps and their tasks are cancelled${running.length ? ` (${running.join(', ')} running now)` : ''}.`)) return;
  button.disabled = true;
  try {
    await api(`/api/pipelines/${encodeURIComponent(pipeline.pipeline_id)}/cancel`, { method: 'POST' });
  } catch (error) {
    button.disabled = false;
    report($('pipeline-message'), error);
  }
  reloadPipeline();
}

// ---- Wiring -----------------------------------------------------------------------------------

$('sw-rank').replaceChildren(...METRICS.map((m) => Object.assign(document.createElement('option'), {
  value: m, textContent: m.replaceAll('_', ' '), selected: m === 'sharpe_ratio' })));
/** The constraint each strategy needs to skip combinations it would refuse. */
const USUAL_CONSTRAINT = { sma_crossover: 'fast_period < slow_period', rsi_mean_reversion: 'oversold < overbought', momentum: '' };

$('sw-strategy').addEventListener('change', () => {
  drawGridRows();
  // A usual constraint of the previous strategy would name parameters this one does not have.
  const constraints = $('sw-constraints');
  if (Object.values(USUAL_CONSTRAINT).includes(constraints.value.trim())) constraints.value = USUAL_CONSTRAINT[$('sw-strategy').value] ?? '';
  showEstimate();
});
$('sweep-form').addEventListener('input', showEstimate);
$('sweep-form').addEventListener('submit', submitSweep);
$('sw-wf').addEventListener('change', () => { $('sw-folds').disabled = !$('sw-wf').checked; });
$('template-form').addEventListener('submit', submitTemplate);
