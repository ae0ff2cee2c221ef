// Tasklane Status Center: signs in, submits tasks of every type, and shows the caller's tasks (an
// admin: everyone's, plus the machine's figures) live from the server's event stream.

import { api, currentSession, endSession, isAdmin, signIn, whenSessionEnds } from './api.js';
import { $, el, say } from './dom.js';
import { fillForm, taskRequest } from './forms.js';
import { fixed, shortId } from './format.js';
import { LiveFeed } from './live.js';
import { timePlot } from './plots.js';
import { parseRoute, taskHref } from './routes.js';
import { FINISHED, TaskStore } from './store.js';
import { limits, renderCounts, renderNodes, renderResources, renderTasks, tickTimes } from './views.js';
import { leaveWorkbench, onTaskEvent, onWorkEvent, setWorkbenchHooks, showPage } from './workbench.js';
import { setResearchHooks } from './research.js';

const CHART_WINDOW_MS = 10 * 60 * 1000;
const CLEARED_KEY = 'tasklane.clearedBefore.';

const store = new TaskStore();
const expanded = new Set();
let samples = []; // {t, cpu, ram}: usage % from the admin's events, newest last
let figures = null; // the admin's resources block of GET /api/system/resources (with thresholds)
let latestResources = null; // the newest figures an event carried
let nodes = null;
let renderQueued = false;
let timesTimer = null;
let usagePlot = null; // the status centre's CPU and RAM chart, updated in place
let usageEnd = 0; // epoch seconds of its newest sample: the right edge, on the server's clock

const live = new LiveFeed({
  token: () => currentSession()?.token,
  onEvent,
  onPoll: () => resync(),
  apiAnswers: async () => {
    try {
      await api('/api/system/queue');
      return true;
    } catch (error) {
      return error.status !== 0 && error.status < 500;
    }
  },
  onState: (state, text) => {
    const box = $('live-status');
    box.dataset.state = state;
    box.hidden = state === 'off';
    $('live-text').textContent = text;
  },
});

// ---- Session ----------------------------------------------------------------------------------

async function onSignIn(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const username = form.elements.username.value.trim();
  const password = form.elements.password.value;
  if (!username || !password) {
    say($('signin-message'), 'Enter your username and password.', 'error');
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    await signIn(username, password);
    form.reset();
    showApp();
  } catch (error) {
    say($('signin-message'), error.message, 'error');
  } finally {
    button.disabled = false;
  }
}

function showSignIn(message = '', kind = 'warn') {
  live.stop();
  clearInterval(timesTimer);
  store.reset();
  expanded.clear();
  samples = [];
  figures = latestResources = nodes = null;
  usagePlot?.destroy();
  usagePlot = null;
  leaveWorkbench();
  $('nav').hidden = true;
  // Nothing of the previous session stays in the page, above all not an admin's figures.
  for (const id of ['running-list', 'queued-list', 'finished-list', 'node-list', 'resource-bars', 'usage-chart']) $(id).replaceChildren();
  $('resources-meta').textContent = '';
  $('app-view').hidden = true;
  $('user-box').hidden = true;
  $('signin-view').hidden = false;
  say($('signin-message'), message, kind);
  $('username').focus();
}

function showApp() {
  const session = currentSession();
  $('signin-view').hidden = true;
  $('app-view').hidden = false;
  $('user-box').hidden = false;
  $('nav').hidden = false;
  $('user-name').textContent = session.username;
  $('user-roles').textContent = session.roles.length ? `(${session.roles.join(', ')})` : '';
  $('resources-card').hidden = !isAdmin();
  document.body.dataset.view = isAdmin() ? 'admin' : 'user';
  store.clearedBefore = Number(localStorage.getItem(CLEARED_KEY + session.username)) || 0;
  say($('submit-message'), '');
  say($('tasks-message'), '');
  render();
  live.start();
  resync();
  loadChoices();
  clearInterval(timesTimer);
  timesTimer = setInterval(() => tickTimes(), 1000);
  if (isAdmin()) loadUsageHistory();
  showPage(parseRoute(location.hash));
}

/** The server's recent readings, so the chart is full after a reload rather than empty. */
async function loadUsageHistory() {
  try {
    const history = await api('/api/system/resources/history');
    const cutoff = Date.now() - CHART_WINDOW_MS;
    const earlier = history.points.map((p) => ({ t: Date.parse(p.at), cpu: p.cpu_percent, ram: p.ram_percent }))
      .filter((p) => p.t >= cutoff && (!samples.length || p.t < samples[0].t));
    samples = [...earlier, ...samples];
    scheduleRender();
  } catch {
    // The chart fills from live readings anyway.
  }
}

// ---- Keeping in step with the server ------------------------------------------------------------

function onEvent(type, event) {
  if (event.resources) addSample(event.resources);
  if (type === 'initial_state') {
    // The stream (re)opened: take its snapshot, then fill in what it does not carry.
    store.applyQueue(event.data || {});
    scheduleResync(0);
  } else if (type.startsWith('sweep_') || type.startsWith('pipeline_')) {
    // Not task events: a pipeline_step names its step's task, which the task events cover.
    onWorkEvent(type, event.data || {});
    return;
  } else if (type === 'heartbeat') {
    // Queue positions and wait reasons move without events of their own.
    if (store.queued().length || nodes?.active_count) scheduleResync(0);
  } else {
    const task = store.applyEvent(type, event.data || {});
    if (task) onTaskEvent(task.task_id);
    if (task?.task_type === 'qc_backtest' || type === 'task_completed' || type === 'task_running') scheduleResync(400);
  }
  scheduleRender();
}

function addSample(resources) {
  latestResources = resources;
  const t = Date.parse(resources.sampled_at) || Date.now();
  if (samples.length && samples.at(-1).t >= t) return;
  samples.push({ t, cpu: resources.cpu?.usage_percent ?? 0, ram: resources.ram?.usage_percent ?? 0 });
  const cutoff = Date.now() - CHART_WINDOW_MS;
  while (samples.length && samples[0].t < cutoff) samples.shift();
}

let resyncTimer = null;
let resyncing = null;
let resyncAgain = false;

function scheduleResync(delay) {
  if (resyncTimer) return;
  resyncTimer = setTimeout(() => {
    resyncTimer = null;
    resync();
  }, delay);
}

/** One REST snapshot of everything on the page. Never two at once; a request meanwhile runs after. */
async function resync() {
  if (resyncing) {
    resyncAgain = true;
    return resyncing;
  }
  resyncing = (async () => {
    const takenAt = Date.now();
    try {
      const [queue, page, nodeStatus, system, ...totals] = await Promise.all([
        api('/api/system/queue'),
        api('/api/tasks?size=50'),
        api('/api/system/nodes'),
        isAdmin() ? api('/api/system/resources') : null,
        ...FINISHED.map((status) => api(`/api/tasks?status=${status}&size=1`)),
      ]);
      store.applyQueue(queue, takenAt);
      store.applyList(page, takenAt);
      FINISHED.forEach((status, i) => { store.counts[status] = totals[i].total; });
      // Tasks that finished while we were not looking and are too old for the list: ask each.
      const stale = [...store.tasks.values()].filter((t) => t.stale).slice(0, 10);
      for (const task of await Promise.all(stale.map((t) => api(`/api/tasks/${t.task_id}`).catch(() => null)))) {
        if (task) store.put(task, takenAt);
      }
      nodes = nodeStatus;
      if (system?.resources) {
        figures = system.resources;
        if (!latestResources) addSample({ cpu: figures.cpu, ram: figures.ram, sampled_at: figures.sampled_at });
      }
      say($('tasks-message'), '');
      scheduleRender();
    } catch (error) {
      if (error.status !== 401 && currentSession()) say($('tasks-message'), `Could not refresh: ${error.message}`, 'error');
    }
  })();
  await resyncing;
  resyncing = null;
  if (resyncAgain && currentSession()) {
    resyncAgain = false;
    scheduleResync(0);
  }
}

function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

function render() {
  if (!currentSession()) return;
  const admin = isAdmin();
  renderCounts(store.counts, admin);
  if (admin) {
    renderResources(figures, latestResources);
    drawUsage();
  }
  renderNodes(nodes);
  renderTasks({ running: store.running(), queued: store.queued(), finished: store.finished() }, {
    admin,
    expanded,
    actions: { cancel, priority: changePriority, toggleChart },
  });
  $('show-cleared').hidden = !store.clearedBefore;
  $('cleared-note').hidden = !store.clearedBefore;
  $('cleared-note').textContent = store.clearedBefore
    ? `Completed tasks that finished before ${new Date(store.clearedBefore).toLocaleTimeString()} are hidden here; failed, timed-out and cancelled ones stay.`
    : '';
}

// ---- Actions ----------------------------------------------------------------------------------

async function submitTask(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const message = $('submit-message');
  const { problems, request } = taskRequest(form);
  if (problems.length) {
    say(message, problems.join(' '), 'error');
    form.querySelector('[aria-invalid=true]')?.focus();
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  const takenAt = Date.now();
  try {
    const answer = await api('/api/tasks', { method: 'POST', body: request });
    const position = answer.queue_position == null ? '' : ` Queue position #${answer.queue_position}.`;
    say(message, `${answer.message}${position} `, 'ok');
    message.append(el('a', { href: taskHref(answer.task_id), id: 'submitted-link' }, `Open task ${shortId(answer.task_id)} →`));
    window.__lastSubmitted = answer.task_id; // for scripts and browser tests driving the page
    store.put({ task_id: answer.task_id, status: answer.status, task_type: request.task_type, parameters: request.parameters,
      priority: request.priority ?? 0, user_id: currentSession().username, queue_position: answer.queue_position ?? null,
      queued_at: new Date(takenAt).toISOString() }, takenAt);
    scheduleRender();
    scheduleResync(0);
  } catch (error) {
    if (error.status !== 401) say(message, error.message, 'error');
  } finally {
    button.disabled = false;
  }
}

/** Running work is asked about first: it stops half-way, and a cloud backtest is deleted. */
function confirmCancel(task) {
  if (task?.status !== 'running') return true;
  const what = task.task_type === 'qc_backtest'
    ? 'This QuantConnect backtest is running: cancelling deletes it on QuantConnect and its results are lost.'
    : 'This task is running: cancelling stops it and keeps no result.';
  return window.confirm(`${what} Cancel task ${shortId(task.task_id)}?`);
}

async function cancel(id, button) {
  if (!confirmCancel(store.tasks.get(id))) return;
  button.disabled = true;
  try {
    store.put(await api(`/api/tasks/${encodeURIComponent(id)}/cancel`, { method: 'POST' }), Date.now());
    say($('tasks-message'), '');
  } catch (error) {
    button.disabled = false;
    if (error.status !== 401) say($('tasks-message'), error.message, 'error');
  }
  scheduleRender();
  scheduleResync(0);
}

async function changePriority(id, value, button) {
  const priority = Number(value);
  if (value.trim() === '' || !Number.isInteger(priority) || Math.abs(priority) > 1000) {
    say($('tasks-message'), 'Priority must be a whole number from -1000 to 1000.', 'error');
    return;
  }
  button.disabled = true;
  try {
    store.put(await api(`/api/tasks/${encodeURIComponent(id)}`, { method: 'PATCH', body: { priority } }), Date.now());
    say($('tasks-message'), '');
    document.activeElement?.blur();
  } catch (error) {
    if (error.status !== 401) say($('tasks-message'), error.message, 'error');
  } finally {
    button.disabled = false;
  }
  scheduleRender();
  scheduleResync(0);
}

async function toggleChart(id) {
  if (expanded.delete(id)) {
    render();
    return;
  }
  expanded.add(id);
  render();
  const task = store.tasks.get(id);
  if (!task?.result?.equity_curve) {
    try {
      store.put(await api(`/api/tasks/${encodeURIComponent(id)}`), Date.now());
    } catch (error) {
      if (error.status !== 401) say($('tasks-message'), error.message, 'error');
    }
    render();
  }
}

/** Hides completed tasks from this dashboard (they stay in the history): remembered per user. */
function clearFinished() {
  const newest = store.finished(1)[0];
  store.clearedBefore = Math.max(Date.now(), Date.parse(newest?.finished_at) || 0);
  localStorage.setItem(CLEARED_KEY + currentSession().username, String(store.clearedBefore));
  render();
}

function showCleared() {
  store.clearedBefore = 0;
  localStorage.removeItem(CLEARED_KEY + currentSession().username);
  render();
}

/** The symbol suggestions and the trained models the forms offer. */
async function loadChoices() {
  try {
    const [series, models] = await Promise.all([api('/api/market-data'), api('/api/models')]);
    const symbols = [...new Set(series.series.map((s) => s.symbol))].sort();
    $('symbols').replaceChildren(...symbols.map((symbol) => Object.assign(document.createElement('option'), { value: symbol })));
    for (const select of document.querySelectorAll('.model-select')) {
      const chosen = select.value || select.dataset.wanted;
      const options = models.models.map((m) => Object.assign(document.createElement('option'), {
        value: m.id, textContent: `${m.name} v${m.version} (${m.symbol} ${m.timeframe})`,
      }));
      const none = Object.assign(document.createElement('option'), { value: '',
        textContent: options.length ? 'Choose a model…' : 'No trained models yet' });
      select.replaceChildren(none, ...options);
      if (chosen) select.value = chosen;
    }
  } catch {
    // Suggestions only; the forms work without them.
  }
}

/** "Run again with changes": the task's form, filled in with what it asked for. */
function runAgain(task) {
  location.hash = '#/';
  const tab = $(`tab-${task.task_type}`);
  if (!tab) return;
  selectTab(tab);
  const form = $(`form-${task.task_type}`);
  const left = fillForm(form, task);
  showStrategy();
  const note = left.length ? ` ${left.join(', ')} ${left.length === 1 ? 'is' : 'are'} not on the form and will take the default.` : '';
  say($('submit-message'), `The form holds the parameters of ${task.label || `task ${shortId(task.task_id)}`}: change what you like and submit.${note}`, 'info');
  form.scrollIntoView({ block: 'start' });
  form.querySelector('input, select')?.focus({ preventScroll: true });
}

/** CPU and RAM over the last minutes, the admission limits dashed; the right edge is the newest sample. */
function drawUsage() {
  if (!samples.length) return;
  usageEnd = samples.at(-1).t / 1000;
  const limit = limits(figures);
  const flat = (value) => samples.map(() => (Number.isFinite(value) ? value : null));
  const data = [samples.map((s) => s.t / 1000), samples.map((s) => s.cpu), samples.map((s) => s.ram), flat(limit.cpu), flat(limit.ram)];
  if (usagePlot) {
    usagePlot.setData(data);
    return;
  }
  const figure = timePlot({
    title: 'CPU and RAM usage over the last ten minutes, with the admission limits', keep: true, height: 150, caption: false,
    data, range: [0, 100], xRange: () => [usageEnd - CHART_WINDOW_MS / 1000, usageEnd], format: (v) => `${fixed(v, 0)}%`,
    series: [{ label: 'CPU', stroke: '#2359c4' }, { label: 'RAM', stroke: '#8a3ffc' },
      { label: 'CPU limit', stroke: '#2359c4', dash: [5, 4] }, { label: 'RAM limit', stroke: '#8a3ffc', dash: [5, 4] }],
  });
  usagePlot = figure.plot;
  $('usage-chart').replaceChildren(figure);
}

// ---- Form furniture ---------------------------------------------------------------------------

function selectTab(tab, focus = false) {
  for (const other of document.querySelectorAll('[role=tab]')) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute('aria-controls')).hidden = !selected;
  }
  say($('submit-message'), '');
  if (focus) tab.focus();
  if (tab.dataset.type === 'prediction' || tab.dataset.type === 'backtest') loadChoices();
}

function onTabKey(event) {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  const at = tabs.indexOf(event.currentTarget);
  const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  selectTab(tabs[(next + tabs.length) % tabs.length], true);
}

function showStrategy() {
  const strategy = $('bt-strategy').value;
  for (const fieldset of document.querySelectorAll('.strategy-params')) fieldset.hidden = fieldset.dataset.strategy !== strategy;
}

// ---- Start ------------------------------------------------------------------------------------

whenSessionEnds((message, kind) => showSignIn(message, kind));
$('signin-form').addEventListener('submit', onSignIn);
$('sign-out').addEventListener('click', () => {
  endSession('You have signed out.', 'ok');
});
for (const form of document.querySelectorAll('.task-form')) form.addEventListener('submit', submitTask);
for (const tab of document.querySelectorAll('[role=tab]')) {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', onTabKey);
}
$('bt-strategy').addEventListener('change', showStrategy);
$('clear-finished').addEventListener('click', clearFinished);
$('show-cleared').addEventListener('click', showCleared);

setWorkbenchHooks({ runAgain, confirmCancel });
setResearchHooks({ runAgain });
window.addEventListener('hashchange', () => {
  // In-page anchors (the skip link) are not routes.
  if (currentSession() && (location.hash === '' || location.hash.startsWith('#/'))) showPage(parseRoute(location.hash));
});

if (currentSession()) showApp();
else showSignIn();
