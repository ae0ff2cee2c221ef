// The JSON API and the signed-in session. Every string from the API is put into the DOM as text by
// the views, never as HTML.

const SESSION_KEY = 'tasklane.session';
export const TOKEN_PATH = '/api/auth/token';
export const SESSION_ENDED = 'Your session has ended; sign in again.';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let session = readSession();
let onSessionEnded = () => {};

function readSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY));
    return stored && stored.token && Date.now() < stored.expiresAt ? stored : null;
  } catch {
    return null;
  }
}

export function currentSession() {
  return session;
}

export function isAdmin() {
  return Boolean(session?.roles?.includes('admin'));
}

/** Called (once per ending) when the server refuses the token or it expires. */
export function whenSessionEnds(callback) {
  onSessionEnded = callback;
}

export function endSession(message, kind = 'warn') {
  const had = session !== null;
  session = null;
  sessionStorage.removeItem(SESSION_KEY);
  if (had) onSessionEnded(message, kind);
}

export async function signIn(username, password) {
  const token = await api(TOKEN_PATH, { method: 'POST', body: { username, password } });
  const expiresAt = Date.now() + (Number(token.expires_in) || 3600) * 1000;
  session = { token: token.access_token, username, roles: token.roles || [], expiresAt };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

/**
 * One call of the JSON API. {@code contentType} sends {@code body} as it is (a CSV upload);
 * {@code accept} other than JSON answers the body as a Blob (a CSV download).
 */
export async function api(path, { method = 'GET', body, contentType, accept } = {}) {
  // A token known to be expired would only earn 401s, so don't send it.
  if (session && Date.now() >= session.expiresAt) endSession(SESSION_ENDED);
  if (!session && path !== TOKEN_PATH) throw new ApiError(401, SESSION_ENDED);
  const headers = { Accept: accept ? `${accept}, application/problem+json` : 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
  if (session && path !== TOKEN_PATH) headers.Authorization = `Bearer ${session.token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : contentType ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'The server cannot be reached.');
  }
  if (accept && response.ok) return response.blob();
  const data = await readJson(response);
  if (response.ok) return data;
  if (response.status === 401 && session) endSession(SESSION_ENDED);
  throw new ApiError(response.status, problemText(data, response.status));
}

/** The API's own words: an RFC 9457 problem's detail (and its per-field violations, if any). */
function problemText(data, status) {
  if (!data) return `Request failed (HTTP ${status}).`;
  const fields = Array.isArray(data.violations)
    ? data.violations.map((v) => [v.field, v.message].filter(Boolean).join(' ')).filter(Boolean)
    : [];
  const main = data.detail || data.title || `Request failed (HTTP ${status}).`;
  return fields.length && !fields.every((f) => main.includes(f)) ? `${main} ${fields.join('; ')}` : main;
}

async function readJson(response) {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null; // e.g. an HTML error page from a proxy; the status code still tells the story
  }
}
