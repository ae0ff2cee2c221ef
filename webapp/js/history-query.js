// The history page's state lives in the URL (#/history?…) and becomes the query of GET /api/tasks.

export const HISTORY_FILTERS = ['task_type', 'status', 'symbol', 'strategy', 'user_id', 'from', 'to'];
export const SORTABLE = ['queued_at', 'started_at', 'finished_at', 'priority', 'status', 'task_type', 'user_id'];
export const PAGE_SIZES = [10, 20, 50, 100];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The page's state from the route's parameters, with defaults and out-of-range values dropped. */
export function historyState(params) {
  const state = { page: 0, size: 20, sort: 'queued_at', order: 'desc' };
  for (const key of HISTORY_FILTERS) {
    const value = (params.get(key) || '').trim();
    if (value) state[key] = value;
  }
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 0) state.page = page;
  const size = Number(params.get('size'));
  if (PAGE_SIZES.includes(size)) state.size = size;
  if (SORTABLE.includes(params.get('sort'))) state.sort = params.get('sort');
  if (params.get('order') === 'asc') state.order = 'asc';
  return state;
}

/** The query string of GET /api/tasks for a state; user_id only for an admin. */
export function historyApiQuery(state, admin) {
  const query = new URLSearchParams();
  for (const key of HISTORY_FILTERS) {
    if (key === 'user_id' && !admin) continue;
    if (state[key]) query.set(key, state[key]);
  }
  query.set('sort', state.sort);
  query.set('order', state.order);
  query.set('page', String(state.page));
  query.set('size', String(state.size));
  return query.toString();
}

/** The route parameters of a state: only what differs from the defaults, so links stay short. */
export function historyRouteParams(state) {
  const defaults = historyState(new URLSearchParams());
  const out = {};
  for (const [key, value] of Object.entries(state)) {
    if (value !== undefined && value !== '' && value !== defaults[key]) out[key] = value;
  }
  return out;
}

/** Clicking a column: the same column flips its order, another sorts by it, newest/largest first. */
export function sortBy(state, column) {
  const order = state.sort === column && state.order === 'desc' ? 'asc' : 'desc';
  return { ...state, sort: column, order, page: 0 };
}

/** A filter change starts again at the first page. */
export function withFilter(state, key, value) {
  const next = { ...state, page: 0 };
  if (value) next[key] = value;
  else delete next[key];
  return next;
}

export function pageCount(total, size) {
  return Math.max(1, Math.ceil(total / size));
}

/** A whole task id, as pasted from anywhere (spaces and a leading '#' are forgiven); else null. */
export function taskIdOf(text) {
  const id = String(text || '').trim().replace(/^#/, '');
  return UUID.test(id) ? id.toLowerCase() : null;
}
