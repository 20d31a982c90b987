// The HTTP API of cordon serve, as the page uses it: same origin, the session cookie sent by the
// browser, the session's CSRF token in a header on every change (docs/web.md).

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code || 'http_error';
    this.field = error?.field || null;
  }
}

let csrfToken = '';
let onSignedOut = () => {};

export function setSession(session) {
  csrfToken = session ? session.csrf_token : '';
}

// Called when the server says the session is gone (expired, signed out elsewhere).
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: `cordon cannot be reached (${e.message})` });
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(response.status, { message: `not JSON from ${path}` });
  }
  if (!response.ok) {
    const err = new ApiError(response.status, json?.error);
    if (response.status === 401 && path !== '/v1/session') onSignedOut(err.message);
    throw err;
  }
  return json;
}
