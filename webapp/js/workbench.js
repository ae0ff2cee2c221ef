// The pages beyond the status centre: one task, the history, a comparison, market data and the
// admin's page. Each is loaded when its route is shown and thrown away when another is.

import { api, currentSession, isAdmin } from './api.js';
import { $, el, say } from './dom.js';
import { shortId } from './format.js';
import { compareIds, routeHref, taskHref } from './routes.js';
import { historyApiQuery, historyRouteParams, historyState, sortBy, taskIdOf } from './history-query.js';
import { problemLine } from './csv-preview.js';
import { destroyPlots } from './plots.js';
import { renderTaskPage } from './pages/task-page.js';
import { renderHistoryTable } from './pages/history-page.js';
import { renderComparison } from './pages/compare-page.js';
import { renderPreview, renderSeriesTable } from './pages/data-page.js';
import { nodePlot, renderUsers, resourcePlot } from './pages/admin-page.js';
import { leaveResearch, onResearchEvent, showResearch } from './research.js';

const ADMIN_REFRESH_MS = 10000;

let current = { page: 'home' };
let generation = 0; // a page's late answers are dropped once another page is shown
let taskView = { task: null, log: false, reloadTimer: null };
let history = { state: null, page: null, selected: new Map() };
let upload = { text: null, name: null };
let adminTimer = null;
let hooks = { runAgain: () => {}, confirmCancel: () => true };

export function setWorkbenchHooks(given) {
  hooks = { ...hooks, ...given };
}

/** Shows {@code route}'s page (hiding the others) and loads what it needs. */
export function showPage(route) {
  generation++;
  destroyPlots();
  clearInterval(adminTimer);
  leaveResearch();
  const page = route.page === 'admin' && !isAdmin() ? 'home' : route.page;
  for (const section of document.querySelectorAll('.page')) section.hidden = section.dataset.page !== page;
  for (const link of document.querySelectorAll('[data-nav]')) {
    // One sweep or pipeline belongs under its list's link.
    if (link.dataset.nav === page || link.dataset.nav === `${page}s`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  for (const node of document.querySelectorAll('[data-admin-only]')) node.hidden = !isAdmin();
  current = { ...route, page };
  document.title = `Tasklane — ${{ home: 'Status Center', task: `Task ${shortId(route.id)}`, history: 'History',
    compare: 'Compare', data: 'Market data', admin: 'Administration', sweeps: 'Sweeps', sweep: `Sweep ${shortId(route.id)}`,
    pipelines: 'Pipelines', pipeline: `Pipeline ${shortId(route.id)}` }[page]}`;
  if (page === 'task') loadTask(route.id, true);
  else if (page === 'history') loadHistory(route.params);
  else if (page === 'compare') loadComparison(route.params);
  else if (page === 'data') loadData();
  else if (page === 'admin') loadAdmin();
  else showResearch(current);
  return page;
}

/** A live event of a sweep or a pipeline: their pages follow it. */
export function onWorkEvent(type, data) {
  onResearchEvent(type, data);
}

/** A live event: the task page follows its task, the history its page, a pipeline its steps' tasks. */
export function onTaskEvent(taskId) {
  onResearchEvent('task', { task_id: taskId });
  if (current.page === 'task' && taskId === current.id) {
    clearTimeout(taskView.reloadTimer);
    taskView.reloadTimer = setTimeout(() => loadTask(current.id, false), 300);
  }
}

export function leaveWorkbench() {
  generation++;
  destroyPlots();
  clearInterval(adminTimer);
  leaveResearch();
  current = { page: 'home' };
  for (const id of ['task-body', 'history-body', 'compare-body', 'series-body', 'users-body', 'resource-history', 'node-history', 'upload-preview-box',
    'sweeps-body', 'sweep-head-box', 'heatmap-box', 'combination-box', 'leaderboard-box', 'pipelines-body', 'pipeline-body']) $(id).replaceChildren();
  history.selected.clear();
}

function stillShowing(mine) {
  return mine === generation && currentSession();
}

function report(node, error) {
  if (error.status !== 401) say(node, error.message, 'error');
}

// ---- One task ---------------------------------------------------------------------------------

async function loadTask(id, fresh) {
  const mine = generation;
  if (fresh) {
    $('task-body').replaceChildren(el('p', { className: 'muted' }, 'Loading…'));
    say($('task-message'), '');
  }
  try {
    const task = await api(`/api/tasks/${encodeURIComponent(id)}`);
    if (!stillShowing(mine)) return;
    taskView.task = task;
    drawTask();
  } catch (error) {
    if (!stillShowing(mine)) return;
    $('task-body').replaceChildren();
    report($('task-message'), error.status === 400 ? { message: `"${id}" is not a task id.` } : error);
  }
}

function drawTask() {
  destroyPlots();
  const open = $('task-body').querySelector('details.raw')?.open;
  $('task-body').replaceChildren(...renderTaskPage(taskView.task, {
    admin: isAdmin(),
    log: taskView.log,
    actions: { cancel: cancelTask, runAgain: (task) => hooks.runAgain(task), downloadCsv, toggleLog },
  }));
  if (open) $('task-body').querySelector('details.raw').open = true;
}

function toggleLog(on) {
  taskView.log = on;
  drawTask();
}

async function cancelTask(task, button) {
  if (!hooks.confirmCancel(task)) return;
  button.disabled = true;
  try {
    taskView.task = await api(`/api/tasks/${encodeURIComponent(task.task_id)}/cancel`, { method: 'POST' });
    drawTask();
  } catch (error) {
    button.disabled = false;
    report($('task-message'), error);
  }
}

async function downloadCsv(task, button) {
  button.disabled = true;
  const label = button.textContent;
  button.textContent = 'Preparing…';
  try {
    const blob = await api(`/api/tasks/${encodeURIComponent(task.task_id)}/series`, { accept: 'text/csv' });
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: `${task.parameters?.symbol || 'backtest'}-${shortId(task.task_id)}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    report($('task-message'), error);
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

// ---- History ----------------------------------------------------------------------------------

async function loadHistory(params) {
  const mine = generation;
  const state = historyState(params);
  history.state = state;
  const form = $('history-filters');
  for (const field of form.elements) if (field.name) field.value = field.name === 'size' ? String(state.size) : state[field.name] || '';
  say($('history-message'), '');
  try {
    const page = await api(`/api/tasks?${historyApiQuery(state, isAdmin())}`);
    if (!stillShowing(mine)) return;
    history.page = page;
    drawHistory();
  } catch (error) {
    if (stillShowing(mine)) report($('history-message'), error);
  }
}

function drawHistory() {
  $('history-body').replaceChildren(...renderHistoryTable(history.page, history.state, {
    admin: isAdmin(),
    selected: history.selected,
    actions: {
      sort: (column) => goHistory(sortBy(history.state, column)),
      page: (n) => goHistory({ ...history.state, page: n }),
      select: (task, on) => {
        if (on) history.selected.set(task.task_id, task);
        else history.selected.delete(task.task_id);
        drawBulkBar();
      },
    },
  }));
  drawBulkBar();
}

function drawBulkBar() {
  const chosen = [...history.selected.values()];
  const active = chosen.filter((t) => t.status === 'queued' || t.status === 'running');
  const backtests = chosen.filter((t) => t.task_type === 'backtest' && t.status === 'completed');
  $('bulk-count').textContent = chosen.length
    ? `${chosen.length} selected: ${active.length} can be cancelled, ${backtests.length} completed backtest${backtests.length === 1 ? '' : 's'} to compare.`
    : 'Select tasks to cancel them or to compare backtests.';
  $('bulk-cancel').disabled = active.length === 0;
  $('bulk-compare').disabled = backtests.length < 2 || backtests.length > 5;
}

function goHistory(state) {
  location.hash = routeHref('history', { params: historyRouteParams(state) });
}

function applyHistoryFilters(event) {
  event.preventDefault();
  const state = { ...history.state, page: 0, size: Number($('hf-size').value) || 20 };
  for (const field of $('history-filters').elements) {
    if (!field.name || field.name === 'size') continue;
    const value = field.value.trim();
    if (value) state[field.name] = value;
    else delete state[field.name];
  }
  goHistory(state);
}

function searchById(event) {
  event.preventDefault();
  const id = taskIdOf($('hs-id').value);
  if (!id) {
    say($('history-message'), 'Paste a whole task id (36 characters, as on a task\'s page or in the API\'s answer).', 'error');
    return;
  }
  $('hs-id').value = '';
  location.hash = taskHref(id);
}

async function bulkCancel() {
  const active = [...history.selected.values()].filter((t) => t.status === 'queued' || t.status === 'running');
  const running = active.filter((t) => t.status === 'running');
  const cloud = running.filter((t) => t.task_type === 'qc_backtest').length;
  const question = `Cancel ${active.length} task${active.length === 1 ? '' : 's'}?`
    + (running.length ? ` ${running.length} ${running.length === 1 ? 'is' : 'are'} running and will stop.` : '')
    + (cloud ? ` ${cloud} running QuantConnect backtest${cloud === 1 ? '' : 's'} will be deleted on QuantConnect.` : '');
  if (!window.confirm(question)) return;
  $('bulk-cancel').disabled = true;
  const outcomes = await Promise.allSettled(active.map((t) => api(`/api/tasks/${encodeURIComponent(t.task_id)}/cancel`, { method: 'POST' })));
  const failed = outcomes.filter((o) => o.status === 'rejected');
  history.selected.clear();
  // Reloaded first: a reload clears the page's message.
  await loadHistory(new URLSearchParams(historyRouteParams(history.state)));
  say($('history-message'), failed.length
    ? `${active.length - failed.length} cancelled; ${failed.length} could not be: ${failed[0].reason.message}`
    : `${active.length} cancelled.`, failed.length ? 'error' : 'ok');
}

function compareSelected() {
  const ids = [...history.selected.values()].filter((t) => t.task_type === 'backtest' && t.status === 'completed').map((t) => t.task_id);
  location.hash = routeHref('compare', { params: { ids: ids.join(',') } });
}

// ---- Compare ----------------------------------------------------------------------------------

async function loadComparison(params) {
  const mine = generation;
  const ids = compareIds(params);
  $('compare-ids').value = ids.join(', ');
  $('compare-body').replaceChildren();
  say($('compare-message'), '');
  if (ids.length < 2) {
    say($('compare-message'), 'Choose two to five completed backtests: tick them in the History, or paste their ids above.', 'info');
    return;
  }
  try {
    const tasks = await Promise.all(ids.map((id) => api(`/api/tasks/${encodeURIComponent(id)}`)));
    if (!stillShowing(mine)) return;
    const unfit = tasks.filter((t) => t.task_type !== 'backtest' || t.status !== 'completed' || !t.result);
    if (unfit.length) {
      say($('compare-message'), `Only completed backtests compare; ${unfit.map((t) => `${shortId(t.task_id)} is a ${t.status} ${t.task_type}`).join(', ')}.`, 'error');
      return;
    }
    $('compare-body').replaceChildren(...renderComparison(tasks));
  } catch (error) {
    if (stillShowing(mine)) report($('compare-message'), error);
  }
}

function compareFromForm(event) {
  event.preventDefault();
  const ids = $('compare-ids').value.split(/[\s,]+/).filter(Boolean);
  location.hash = routeHref('compare', { params: { ids: ids.join(',') } });
}

// ---- Market data ------------------------------------------------------------------------------

async function loadData() {
  const mine = generation;
  say($('data-message'), '');
  try {
    const list = await api('/api/market-data');
    if (!stillShowing(mine)) return;
    $('series-body').replaceChildren(renderSeriesTable(list.series, { admin: isAdmin(), actions: { remove: removeSeries } }));
  } catch (error) {
    if (stillShowing(mine)) report($('data-message'), error);
  }
}

async function removeSeries(series, button) {
  if (!window.confirm(`Delete every ${series.timeframe} bar of ${series.symbol} (${Number(series.bar_count).toLocaleString()} bars)? Backtests that ran on them keep their results.`)) return;
  button.disabled = true;
  try {
    await api(`/api/market-data/${encodeURIComponent(series.symbol)}?timeframe=${encodeURIComponent(series.timeframe)}`, { method: 'DELETE' });
    say($('data-message'), `Deleted ${series.symbol} ${series.timeframe}.`, 'ok');
  } catch (error) {
    button.disabled = false;
    report($('data-message'), error);
  }
  loadData();
}

async function takeFile(file) {
  if (!file) return;
  say($('upload-message'), '');
  if (file.size > 200 * 1024 * 1024) {
    say($('upload-message'), 'That file is over 200 MB; import it with the API instead.', 'error');
    return;
  }
  upload = { text: await file.text(), name: file.name };
  const guess = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,31}?)(?:[-_ ](1d|1h|1m))?\.(csv|txt)$/i.exec(file.name);
  if (guess && !$('up-symbol').value) $('up-symbol').value = guess[1].toUpperCase();
  if (guess?.[2]) $('up-timeframe').value = guess[2].toLowerCase();
  $('upload-preview-box').replaceChildren(el('p', { className: 'small' }, el('strong', {}, file.name), ` · ${(file.size / 1024).toFixed(1)} KB`), ...renderPreview(upload.text));
  $('upload-button').disabled = false;
}

async function uploadCsv(event) {
  event.preventDefault();
  const symbol = $('up-symbol').value.trim();
  if (!upload.text) {
    say($('upload-message'), 'Choose or drop a CSV file first.', 'error');
    return;
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9_./-]{0,31}$/.test(symbol)) {
    say($('upload-message'), 'Symbol must look like BTC_USDT (letters, digits, _ . / -).', 'error');
    $('up-symbol').setAttribute('aria-invalid', 'true');
    return;
  }
  $('up-symbol').removeAttribute('aria-invalid');
  const query = new URLSearchParams({ timeframe: $('up-timeframe').value });
  if ($('up-replace').checked) query.set('replace', 'true');
  if ($('up-gap').checked) query.set('allow_gap', 'true');
  $('upload-button').disabled = true;
  try {
    const summary = await api(`/api/market-data/${encodeURIComponent(symbol.toUpperCase())}?${query}`, { method: 'POST', body: upload.text, contentType: 'text/csv' });
    say($('upload-message'), `Imported ${summaryText(summary)}`, 'ok');
    $('upload-preview-box').replaceChildren(...renderPreview(upload.text));
    loadData();
  } catch (error) {
    if (error.status === 401) return;
    const line = problemLine(error.message);
    say($('upload-message'), line ? `Line ${line} of ${upload.name}: ${error.message.replace(/^line \d+:\s*/i, '')}` : error.message, 'error');
    // The refused line is marked in the preview when it is among the first rows.
    $('upload-preview-box').replaceChildren(...renderPreview(upload.text, line));
  } finally {
    $('upload-button').disabled = false;
  }
}

function summaryText(summary) {
  const parts = Object.entries(summary || {}).filter(([, v]) => typeof v !== 'object').map(([k, v]) => `${k.replaceAll('_', ' ')} ${v}`);
  return parts.join(' · ') || 'the file.';
}

// ---- Admin ------------------------------------------------------------------------------------

function loadAdmin() {
  loadUsers();
  loadMachineHistory();
  adminTimer = setInterval(loadMachineHistory, ADMIN_REFRESH_MS);
}

async function loadUsers() {
  const mine = generation;
  try {
    const users = await api('/api/admin/users');
    if (!stillShowing(mine)) return;
    $('users-body').replaceChildren(renderUsers(users, { self: currentSession().username, actions: { disable: disableUser, resetPassword } }));
  } catch (error) {
    if (stillShowing(mine)) report($('users-message'), error);
  }
}

async function loadMachineHistory() {
  const mine = generation;
  try {
    const [resources, nodes] = await Promise.all([api('/api/system/resources/history'), api('/api/system/nodes/history')]);
    if (!stillShowing(mine)) return;
    destroyPlots();
    $('resource-history').replaceChildren(resourcePlot(resources));
    $('node-history').replaceChildren(nodePlot(nodes));
  } catch (error) {
    if (stillShowing(mine)) report($('users-message'), error);
  }
}

async function createUser(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const username = form.elements.username.value.trim();
  const password = form.elements.password.value;
  if (!username || !password) {
    say($('users-message'), 'A username and a password are required.', 'error');
    return;
  }
  try {
    await api('/api/admin/users', { method: 'POST', body: { username, password, roles: [form.elements.role.value] } });
    form.reset();
    say($('users-message'), `Created ${username}.`, 'ok');
    loadUsers();
  } catch (error) {
    report($('users-message'), error);
  }
}

async function disableUser(user, button) {
  if (!window.confirm(`Disable ${user.username}? Their sessions end at once; their tasks stay.`)) return;
  button.disabled = true;
  try {
    await api(`/api/admin/users/${encodeURIComponent(user.username)}`, { method: 'DELETE' });
    say($('users-message'), `Disabled ${user.username}.`, 'ok');
    loadUsers();
  } catch (error) {
    button.disabled = false;
    report($('users-message'), error);
  }
}

async function resetPassword(user, password, button) {
  if (!password) {
    say($('users-message'), `Type the new password for ${user.username} first.`, 'error');
    return;
  }
  button.disabled = true;
  try {
    await api(`/api/admin/users/${encodeURIComponent(user.username)}/password`, { method: 'PUT', body: { password } });
    say($('users-message'), `New password set for ${user.username}; their sessions ended.`, 'ok');
    loadUsers();
  } catch (error) {
    button.disabled = false;
    report($('users-message'), error);
  }
}

// ---- Wiring -----------------------------------------------------------------------------------

$('history-filters').addEventListener('submit', applyHistoryFilters);
$('hf-reset').addEventListener('click', () => goHistory(historyState(new URLSearchParams())));
$('history-search').addEventListener('submit', searchById);
$('bulk-cancel').addEventListener('click', bulkCancel);
$('bulk-compare').addEventListener('click', compareSelected);
$('compare-form').addEventListener('submit', compareFromForm);
$('upload-form').addEventListener('submit', uploadCsv);
$('up-file').addEventListener('change', (event) => takeFile(event.target.files[0]));
const zone = $('drop-zone');
zone.addEventListener('dragover', (event) => {
  event.preventDefault();
  zone.classList.add('over');
});
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', (event) => {
  event.preventDefault();
  zone.classList.remove('over');
  takeFile(event.dataTransfer.files[0]);
});
$('user-form').addEventListener('submit', createUser);
