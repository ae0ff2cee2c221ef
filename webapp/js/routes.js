// Hash routes, so the back button, reloads and shared links all work without a server route:
// #/ (the status centre), #/tasks/<id>, #/history?status=…, #/compare?ids=a,b, #/data, #/admin,
// #/sweeps, #/sweeps/<id>, #/pipelines, #/pipelines/<id>.

export const PAGES = ['home', 'task', 'history', 'compare', 'data', 'admin', 'sweeps', 'sweep', 'pipelines', 'pipeline'];

/** The pages of one thing, by their list's path: #/sweeps/<id> is page 'sweep'. */
const ONE = { tasks: 'task', sweeps: 'sweep', pipelines: 'pipeline' };

/** {page, id?, params: URLSearchParams} of a location hash; an unknown one is the status centre. */
export function parseRoute(hash) {
  const text = String(hash || '').replace(/^#/, '');
  const at = text.indexOf('?');
  const path = (at < 0 ? text : text.slice(0, at)).replace(/^\/+|\/+$/g, '');
  const params = new URLSearchParams(at < 0 ? '' : text.slice(at + 1));
  const [first, second, ...rest] = path.split('/').map((part) => decodeURIComponent(part));
  if (ONE[first] && second && rest.length === 0) return { page: ONE[first], id: second, params };
  if (['history', 'compare', 'data', 'admin', 'sweeps', 'pipelines'].includes(first) && !second) return { page: first, params };
  return { page: 'home', params };
}

/** The hash of a page; {@code params} (an object or URLSearchParams) drops empty values. */
export function routeHref(page, { id, params } = {}) {
  const one = Object.entries(ONE).find(([, name]) => name === page)?.[0];
  const base = page === 'home' ? '#/' : one ? `#/${one}/${encodeURIComponent(id)}` : `#/${page}`;
  const query = new URLSearchParams();
  for (const [key, value] of params instanceof URLSearchParams ? params.entries() : Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${base}?${text}` : base;
}

export function taskHref(id) {
  return routeHref('task', { id });
}

/** The ids of #/compare?ids=a,b: distinct, in order, at most {@code max}. */
export function compareIds(params, max = 5) {
  const ids = String(params.get('ids') || '').split(',').map((id) => id.trim()).filter(Boolean);
  return [...new Set(ids)].slice(0, max);
}
