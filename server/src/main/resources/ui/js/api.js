// The query API client: every request goes to /api/v1 on this origin, with the API key of this tab when there is
// one. A 401 asks for a key and retries; other errors become an ApiError carrying the problem's detail.

import { askForKey } from './keyprompt.js';

const KEY = 'llm-observatory.api-key';
const BASE = '/api/v1';

/** An answer other than 2xx, with the RFC 9457 problem's detail as its message when the API sent one. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title || `HTTP ${status}`;
  }
}

/** The key of this browser tab, kept in sessionStorage only. */
export function storedKey() {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key) {
  sessionStorage.setItem(KEY, key);
  keyListeners.forEach((fn) => fn(true));
}

export function forgetKey() {
  sessionStorage.removeItem(KEY);
  keyListeners.forEach((fn) => fn(false));
}

const keyListeners = new Set();
/** Calls `fn(hasKey)` whenever a key is stored or forgotten. */
export function onKeyChange(fn) {
  keyListeners.add(fn);
}

/** `/api/v1` + path + the non-empty parameters as a query string. */
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, value);
  }
  const qs = query.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

/**
 * GETs a route of the query API and returns its JSON. On 401 the key prompt opens (once for all requests waiting)
 * and the request is sent again with the key given; cancelling it throws the 401 as an ApiError.
 */
export async function getJson(path, params = {}, { signal } = {}) {
  const url = apiUrl(path, params);
  for (;;) {
    const key = storedKey();
    const headers = { Accept: 'application/json' };
    if (key) headers.Authorization = `Bearer ${key}`;
    const response = await fetch(url, { headers, signal, cache: 'no-store', credentials: 'omit' });
    if (response.ok) return response.json();
    const problem = await readProblem(response);
    if (response.status === 401) {
      if (key && storedKey() === key) forgetKey();
      // The first time, the dialog explains itself; a refused key is shown with the API's reason.
      const given = await askForKey(key ? problem.detail : '', signal);
      if (given === null) throw new ApiError(401, problem.title, problem.detail);
      storeKey(given);
      continue;
    }
    throw new ApiError(response.status, problem.title, problem.detail);
  }
}

async function readProblem(response) {
  try {
    const body = await response.json();
    return { title: body.title ?? response.statusText, detail: body.detail ?? '' };
  } catch {
    return { title: response.statusText, detail: '' };
  }
}
