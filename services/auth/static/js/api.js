// The console's only channel to the server: auth's REST API (spec/auth.md), same origin, session cookie, and the
// X-CSRF cookie echoed as X-CSRF-Token on every mutating request (auth.md §2).

export class ApiError extends Error {
  constructor(status, body) {
    super(body && typeof body === 'object' && typeof body.message === 'string' ? body.message : `Request failed (HTTP ${status}).`);
    this.status = status;
    this.body = body;
  }
}

function csrfToken() {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('X-CSRF='));
  return cookie === undefined ? '' : decodeURIComponent(cookie.slice('X-CSRF='.length));
}

/** Emitted when the session has ended or needs two-factor set-up; main.js routes accordingly. */
export const SESSION_EVENT = 'console:session-problem';

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  try {
    data = text === '' ? null : JSON.parse(text);
  } catch {
    data = text;
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && path !== '/signin' && path !== '/is_signed_in') {
      if (err.message === 'Login required.') window.dispatchEvent(new CustomEvent(SESSION_EVENT, { detail: 'signed-out' }));
      if (data && data.require_two_factor_setup) window.dispatchEvent(new CustomEvent(SESSION_EVENT, { detail: 'two-factor-setup' }));
    }
    throw err;
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
export const patch = (path, body = {}) => api('PATCH', path, body);
export const del = (path) => api('DELETE', path);
