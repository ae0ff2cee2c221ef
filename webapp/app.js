// Tasklane Status Center: sign in, submit backtests, and watch tasks by polling the JSON API.
// Every string from the API goes into the DOM as text (textContent, append, setAttribute), never as HTML.

const SESSION_KEY = 'tasklane.session';
const POLL_MS = 2000;
const SESSION_ENDED = 'Your session has ended; sign in again.';
const TOKEN_PATH = '/api/auth/token';
const FINISHED = ['completed', 'failed', 'cancelled', 'timed_out'];
const KNOWN_STATUSES = ['queued', 'running', ...FINISHED];
const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,31}$/; // the API's own symbol pattern
const SVG_NS = 'http://www.w3.org/2000/svg';

const $ = (id) => document.getElementById(id);

let session = readSession();
let pollTimer = null;
let generation = 0; // bumped whenever polling stops, so late answers of an old poll are dropped
let lastPage = null;
const expanded = new Set();

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function readSession() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

// ---- API ----------------------------------------------------------------------------------

async function api(path, { method = 'GET', body } = {}) {
  // A token known to be expired (or already dropped) would only earn 401s, so don't send it.
  if (session && Date.now() >= session.expiresAt) endSession(SESSION_ENDED);
  if (!session && path !== TOKEN_PATH) throw new ApiError(401, SESSION_ENDED);
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session) headers.Authorization = `Bearer ${session.token}`;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await readJson(response);
  if (response.ok) return data;
  if (response.status === 401 && session) endSession(SESSION_ENDED);
  throw new ApiError(response.status, data?.detail || data?.title || `Request failed (HTTP ${response.status}).`);
}

async function readJson(response) {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null; // e.g. an HTML error page from a proxy; the status code still tells the story
  }
}

// ---- Session ------------------------------------------------------------------------------

async function signIn(event) {
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
    const token = await api(TOKEN_PATH, { method: 'POST', body: { username, password } });
    const expiresAt = Date.now() + (Number(token.expires_in) || 3600) * 1000;
    session = { token: token.access_token, username, roles: token.roles || [], expiresAt };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    form.reset();
    showApp();
  } catch (error) {
    say($('signin-message'), error.message, 'error');
  } finally {
    button.disabled = false;
  }
}

function endSession(message, kind = 'warn') {
  session = null;
  sessionStorage.removeItem(SESSION_KEY);
  showSignIn(message, kind);
}

function showSignIn(message, kind = 'warn') {
  stopPolling();
  lastPage = null;
  expanded.clear();
  $('task-rows').replaceChildren();
  $('app-view').hidden = true;
  $('user-box').hidden = true;
  $('signin-view').hidden = false;
  say($('signin-message'), message || '', kind);
  $('username').focus();
}

function showApp() {
  $('signin-view').hidden = true;
  $('app-view').hidden = false;
  $('user-box').hidden = false;
  $('user-name').textContent = session.username;
  $('user-roles').textContent = session.roles.length ? `(${session.roles.join(', ')})` : '';
  say($('backtest-message'), '');
  say($('tasks-message'), '');
  startPolling();
}

function isAdmin() {
  return Boolean(session?.roles?.includes('admin'));
}

// ---- Polling ------------------------------------------------------------------------------

function startPolling() {
  stopPolling();
  if (session && !document.hidden) poll();
}

function stopPolling() {
  clearTimeout(pollTimer);
  pollTimer = null;
  generation += 1;
}

async function poll() {
  const current = generation;
  await refresh(current);
  if (current === generation && session && !document.hidden) pollTimer = setTimeout(poll, POLL_MS);
}

async function refresh(current) {
  try {
    // The list goes first and alone: if the token was rejected, the other calls are never sent.
    const page = await api('/api/tasks?size=50');
    const [queue, ...totals] = await Promise.all([
      api('/api/system/queue'),
      ...FINISHED.map((status) => api(`/api/tasks?status=${status}&size=1`)),
    ]);
    if (current !== generation) return;
    const counts = { queued: queue.queued_count, running: queue.running_count };
    FINISHED.forEach((status, i) => { counts[status] = totals[i].total; });
    renderCounts(counts);
    lastPage = page;
    renderTasks();
    $('poll-status').textContent = `Refreshing every 2 s · updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    if (current !== generation || error.status === 401) return;
    $('poll-status').textContent = `Refreshing every 2 s · last refresh failed: ${error.message}`;
  }
}

// ---- Backtest form ------------------------------------------------------------------------

async function submitBacktest(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const problems = checkBacktest(form.elements);
  if (problems.length) {
    say($('backtest-message'), problems.join(' '), 'error');
    form.querySelector('[aria-invalid=true]')?.focus();
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const answer = await api('/api/tasks', { method: 'POST', body: backtestRequest(form.elements) });
    const position = answer.queue_position == null ? '' : ` Queue position #${answer.queue_position}.`;
    say($('backtest-message'), `${answer.message}${position}`, 'ok');
    startPolling(); // refresh now rather than at the next tick
  } catch (error) {
    if (error.status !== 401) say($('backtest-message'), error.message, 'error');
  } finally {
    button.disabled = false;
  }
}

function backtestRequest(f) {
  const priority = f.priority.value.trim();
  return {
    task_type: 'backtest',
    ...(priority === '' ? {} : { priority: Number(priority) }),
    parameters: {
      symbol: f.symbol.value.trim().toUpperCase(),
      start_date: f.start_date.value,
      end_date: f.end_date.value,
      timeframe: f.timeframe.value,
      initial_capital: Number(f.initial_capital.value),
      params: { fast_period: Number(f.fast_period.value), slow_period: Number(f.slow_period.value) },
    },
  };
}

// Mirrors the API's checks so most mistakes are caught before a round trip; the API stays the judge.
function checkBacktest(f) {
  const problems = [];
  const flag = (input, text) => {
    input.setAttribute('aria-invalid', 'true');
    problems.push(text);
  };
  for (const input of [f.symbol, f.start_date, f.end_date, f.initial_capital, f.fast_period, f.slow_period, f.priority]) {
    input.removeAttribute('aria-invalid');
  }
  const symbol = f.symbol.value.trim();
  if (!symbol) flag(f.symbol, 'Symbol is required.');
  else if (!SYMBOL.test(symbol)) flag(f.symbol, 'Symbol must look like BTC_USDT (letters, digits, _ . / -).');
  if (!f.start_date.value) flag(f.start_date, 'Start date is required.');
  if (!f.end_date.value) flag(f.end_date, 'End date is required.');
  else if (f.start_date.value && f.end_date.value < f.start_date.value) {
    flag(f.end_date, 'End date must not be before the start date.');
  }
  const positive = (input, label, integer) => {
    const text = input.value.trim();
    const value = Number(text);
    if (text === '') flag(input, `${label} is required.`);
    else if (!(value > 0) || !Number.isFinite(value)) flag(input, `${label} must be greater than 0.`);
    else if (integer && !Number.isInteger(value)) flag(input, `${label} must be a whole number.`);
    else return value;
    return null;
  };
  positive(f.initial_capital, 'Initial capital', false);
  const fast = positive(f.fast_period, 'Fast period', true);
  const slow = positive(f.slow_period, 'Slow period', true);
  if (fast !== null && slow !== null && fast >= slow) flag(f.fast_period, 'Fast period must be less than the slow period.');
  const priority = f.priority.value.trim();
  if (priority !== '' && !(Number.isInteger(Number(priority)) && Math.abs(Number(priority)) <= 1000)) {
    flag(f.priority, 'Priority must be a whole number from -1000 to 1000.');
  }
  return problems;
}

// ---- Rendering ----------------------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const { dataset, attrs, ...rest } = props;
  const node = Object.assign(document.createElement(tag), rest);
  Object.assign(node.dataset, dataset);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  node.append(...children.filter((child) => child != null && child !== ''));
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

function say(node, text, kind = 'info') {
  node.textContent = text;
  node.dataset.kind = kind;
  node.hidden = !text;
}

function renderCounts(counts) {
  for (const node of document.querySelectorAll('[data-count]')) {
    const value = counts[node.dataset.count];
    node.textContent = Number.isFinite(value) ? String(value) : '–';
  }
}

function renderTasks() {
  const body = $('task-rows');
  const { items, total } = lastPage;
  // Rows are rebuilt on every poll; put keyboard focus back on the same control afterwards.
  const focusKey = document.activeElement?.dataset?.focusKey;
  body.replaceChildren(...items.flatMap(taskRows));
  if (focusKey) body.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  $('tasks-empty').hidden = items.length > 0;
  $('tasks-caption').textContent = total > items.length ? `Newest ${items.length} of ${total} tasks` : '';
}

function taskRows(task) {
  const chartable = hasChart(task);
  const open = chartable && expanded.has(task.task_id);
  const row = el('tr', { className: `task${chartable ? ' expandable' : ''}` },
    el('td', { dataset: { label: 'Type' } }, typeCell(task)),
    el('td', { dataset: { label: 'ID' } }, el('code', { title: task.task_id }, shortId(task.task_id))),
    el('td', { dataset: { label: 'Status' } }, statusBadge(task.status)),
    el('td', { dataset: { label: 'Details' }, className: 'details' }, el('div', {}, ...detailParts(task))),
    el('td', { className: 'actions' }, ...actionButtons(task, chartable, open)));
  if (chartable) {
    row.addEventListener('click', (event) => {
      if (!event.target.closest('button')) toggleChart(task.task_id);
    });
  }
  if (!open) return [row];
  return [row, el('tr', { className: 'chart-row' }, el('td', { colSpan: 5 }, equityChart(task.result)))];
}

function typeCell(task) {
  const p = task.parameters || {};
  const bits = task.task_type === 'backtest' && p.symbol
    ? [p.symbol, p.timeframe, `${p.start_date} → ${p.end_date}`]
    : [];
  if (task.priority) bits.push(`priority ${task.priority}`);
  if (isAdmin() && task.user_id) bits.push(`by ${task.user_id}`);
  const summary = bits.flatMap((bit, i) => [i ? ' · ' : '', el('span', { className: 'nowrap' }, String(bit))]);
  return el('div', {}, el('strong', {}, task.task_type), bits.length ? el('div', { className: 'muted small' }, ...summary) : null);
}

function statusBadge(status) {
  const known = KNOWN_STATUSES.includes(status) ? status : 'unknown';
  return el('span', { className: `badge status-${known}` }, String(status).replace('_', ' '));
}

function detailParts(task) {
  if (task.status === 'running') {
    const percent = Number.isFinite(task.progress) ? task.progress : null;
    const bar = el('progress', { max: 100, attrs: { 'aria-label': 'Progress' } });
    if (percent !== null) bar.value = percent; // no value keeps the bar indeterminate
    return [el('div', {}, task.description || 'Running…'),
      el('div', { className: 'progress-line' }, bar, percent === null ? '' : `${percent}%`)];
  }
  if (task.status === 'queued') {
    return [task.queue_position == null ? null : el('span', { className: 'badge position' }, `#${task.queue_position}`),
      task.blocked_reason ? el('span', { className: 'muted' }, ` ${task.blocked_reason}`) : ' Waiting for a worker'];
  }
  const parts = [el('time', { dateTime: task.finished_at || '', title: localTime(task.finished_at), className: 'muted' }, ago(task.finished_at))];
  if (hasChart(task)) parts.push(metrics(task.result));
  if ((task.status === 'failed' || task.status === 'timed_out') && task.error) {
    parts.push(el('div', { className: 'error-text' }, task.error));
  }
  return parts;
}

function metrics(result) {
  const item = (label, value, tone) => el('span', { className: `metric ${tone || ''}` }, el('span', { className: 'muted' }, `${label} `), value);
  const tone = result.total_return > 0 ? 'up' : result.total_return < 0 ? 'down' : '';
  return el('div', { className: 'metrics' },
    item('Return', percent(result.total_return, true), tone),
    item('Sharpe', fixed(result.sharpe_ratio)),
    item('Max DD', percent(result.max_drawdown)));
}

function actionButtons(task, chartable, open) {
  const buttons = [];
  if (chartable) {
    const toggle = el('button', { type: 'button', className: 'secondary', dataset: { focusKey: `chart:${task.task_id}` },
      attrs: { 'aria-expanded': String(open) } }, open ? 'Hide chart' : 'Chart');
    toggle.addEventListener('click', () => toggleChart(task.task_id));
    buttons.push(toggle);
  }
  if (task.status === 'queued' || task.status === 'running') {
    const cancel = el('button', { type: 'button', className: 'danger', dataset: { focusKey: `cancel:${task.task_id}` },
      attrs: { 'aria-label': `Cancel task ${shortId(task.task_id)}` } }, 'Cancel');
    cancel.addEventListener('click', () => cancelTask(task.task_id, cancel));
    buttons.push(cancel);
  }
  return buttons;
}

async function cancelTask(id, button) {
  button.disabled = true;
  try {
    await api(`/api/tasks/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
    say($('tasks-message'), '');
  } catch (error) {
    if (error.status !== 401) say($('tasks-message'), error.message, 'error');
  }
  if (session) startPolling();
}

function toggleChart(id) {
  if (!expanded.delete(id)) expanded.add(id);
  renderTasks();
}

function hasChart(task) {
  return task.status === 'completed' && task.task_type === 'backtest' && task.result != null;
}

// A plain polyline in a stretched viewBox; text stays outside the SVG so it is not distorted.
function equityChart(result) {
  const values = (result.equity_curve || []).filter(Number.isFinite);
  if (values.length < 2) return el('p', { className: 'muted' }, 'This result has no equity curve.');
  const width = 600, height = 160, pad = 6;
  const start = Number.isFinite(result.initial_capital) ? result.initial_capital : values[0];
  const low = Math.min(start, ...values), high = Math.max(start, ...values);
  const y = (v) => pad + (1 - (v - low) / (high - low || 1)) * (height - 2 * pad);
  const points = values.map((v, i) => `${((i / (values.length - 1)) * width).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', class: 'chart',
    role: 'img', 'aria-label': `Equity curve from ${money(values[0])} to ${money(values.at(-1))}` });
  chart.append(svg('line', { x1: 0, x2: width, y1: y(start), y2: y(start), class: 'baseline' }),
    svg('polyline', { points, class: values.at(-1) >= start ? 'line up' : 'line down' }));
  const caption = `${result.symbol} ${result.timeframe}, ${result.start_date} → ${result.end_date}: `
    + `${money(values[0])} → ${money(result.final_equity ?? values.at(-1))} · low ${money(low)} · high ${money(high)} · `
    + `${result.trade_count ?? '?'} trades, ${result.winning_trades ?? '?'} winning`;
  return el('figure', { className: 'chart-box' }, chart, el('figcaption', { className: 'muted small' }, caption));
}

// ---- Formatting ---------------------------------------------------------------------------

function shortId(id) {
  return String(id ?? '').slice(0, 8);
}

function percent(fraction, signed = false) {
  if (!Number.isFinite(fraction)) return '–';
  const text = `${(fraction * 100).toFixed(2)}%`;
  return signed && fraction > 0 ? `+${text}` : text;
}

function fixed(value) {
  return Number.isFinite(value) ? value.toFixed(2) : '–';
}

function money(value) {
  return Number.isFinite(value) ? value.toLocaleString(undefined, { maximumFractionDigits: 2 }) : '–';
}

function localTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function ago(iso) {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return '';
  const seconds = Math.max(0, Math.round((Date.now() - time) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

// ---- Start --------------------------------------------------------------------------------

$('signin-form').addEventListener('submit', signIn);
$('backtest-form').addEventListener('submit', submitBacktest);
$('sign-out').addEventListener('click', () => endSession('You have signed out.', 'ok'));
document.addEventListener('visibilitychange', () => (document.hidden ? stopPolling() : startPolling()));

if (session?.token) showApp();
else showSignIn();
