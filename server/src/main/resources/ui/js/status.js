// Loading and error states: announced to screen readers through the live region, shown in the page as text.

import { h } from './dom.js';
import { ApiError } from './api.js';

/** Says `message` through the page's aria-live region. */
export function announce(message) {
  const status = document.getElementById('status');
  if (status) status.textContent = message;
}

/** A loading line, also announced. */
export function loading(what) {
  announce(`Loading ${what}…`);
  return h('p', { class: 'loading', text: `Loading ${what}…` });
}

/** True for the abort of a view left behind: nothing to show. */
export function isAbort(error) {
  return error?.name === 'AbortError';
}

/**
 * An error as a readable notice (the API problem's detail), announced as an alert. A refused key offers to enter
 * one again; `retry` adds a button that runs it.
 */
export function errorNotice(error, retry) {
  let text;
  if (error instanceof ApiError) {
    text = error.status === 401
      ? `An API key is needed to read this service: ${error.message}`
      : `${error.title}: ${error.message}`;
  } else {
    text = `The request failed: ${error?.message ?? error}`;
  }
  announce(text);
  return h('div', { class: 'notice error', attrs: { role: 'alert' } },
    text,
    retry ? h('button', {
      type: 'button', class: 'button', text: error?.status === 401 ? 'Enter API key' : 'Retry', on: { click: retry },
    }) : null);
}

/**
 * Marks (performance.mark) the moment after the frame that shows what a page has drawn, so that the time from
 * navigation to a painted page can be read from the browser's own clock (bench/run report measures it).
 */
export function markPainted(name) {
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark(name)));
}
