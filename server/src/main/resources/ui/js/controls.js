// Controls shared by the list pages: the time range picker, filter fields with suggestions, and list paging.

import { h, uid, replace } from './dom.js';
import { getJson, ApiError } from './api.js';

const QUICK = ['15m', '1h', '6h', '24h', '7d'];
const QUICK_NAMES = { '15m': '15 minutes', '1h': '1 hour', '6h': '6 hours', '24h': '24 hours', '7d': '7 days' };

/** The window of a view: `from` and `to` as the URL has them (the API's syntax), `from` defaulting to `fallback`. */
export function rangeOf(params, fallback = '-1h') {
  return { from: params.get('from') || fallback, to: params.get('to') || '' };
}

/**
 * The time range picker: quick picks for the last 15 minutes to 7 days, and a custom range of two local date-times.
 * Calls `onChange({from, to})` with values in the API's syntax.
 */
export function timeRange(range, onChange) {
  const quick = QUICK.find((q) => range.from === `-${q}` && !range.to);
  const fromId = uid('from');
  const toId = uid('to');
  const fromInput = h('input', { id: fromId, type: 'datetime-local', value: toLocalInput(range.from) });
  const toInput = h('input', { id: toId, type: 'datetime-local', value: range.to ? toLocalInput(range.to) : '' });
  const custom = h('form', {
    class: 'custom',
    hidden: Boolean(quick),
    attrs: { 'aria-label': 'Custom time range' },
    on: {
      submit: (event) => {
        event.preventDefault();
        const from = fromLocalInput(fromInput.value);
        if (!from) { fromInput.focus(); return; }
        onChange({ from, to: fromLocalInput(toInput.value) || '' });
      },
    },
  },
  h('label', { class: 'inline-label', htmlFor: fromId, text: 'From' }), fromInput,
  h('label', { class: 'inline-label', htmlFor: toId, text: 'To' }), toInput,
  h('button', { type: 'submit', class: 'button', text: 'Apply' }));

  const buttons = QUICK.map((q) => h('button', {
    type: 'button',
    text: q,
    attrs: { 'aria-pressed': String(q === quick), 'aria-label': `Last ${QUICK_NAMES[q]}` },
    on: { click: () => onChange({ from: `-${q}`, to: '' }) },
  }));
  const customButton = h('button', {
    type: 'button',
    text: 'Custom',
    attrs: { 'aria-pressed': String(!quick), 'aria-expanded': String(!quick) },
    on: {
      click: () => {
        custom.hidden = false;
        buttons.forEach((b) => b.setAttribute('aria-pressed', 'false'));
        customButton.setAttribute('aria-pressed', 'true');
        customButton.setAttribute('aria-expanded', 'true');
        fromInput.focus();
      },
    },
  });
  return h('div', { class: 'time-range' },
    h('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': 'Time range' } }, buttons, customButton),
    custom);
}

/** An API time (an instant, or a time before now such as -2h) as the value of a datetime-local input. */
function toLocalInput(value) {
  const d = toDate(value);
  if (!d) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function fromLocalInput(value) {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An API time as a Date: ISO instants, days, `now` and -15m style offsets. Null when it cannot be read. */
export function toDate(value) {
  if (!value) return null;
  if (value === 'now') return new Date();
  const rel = /^-(\d+)([smhd])$/.exec(value);
  if (rel) return new Date(Date.now() - Number(rel[1]) * UNIT_MS[rel[2]]);
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * A labelled text input; with `list` it suggests the values of that datalist (filled by `fillSuggestions`).
 */
export function textField(label, name, value, { list, placeholder, type = 'text', step, min } = {}) {
  const id = uid(name);
  const input = h('input', {
    id, name, type, value: value ?? '', placeholder: placeholder ?? '', autocomplete: 'off',
    attrs: { list: list ?? null, step: step ?? null, min: min ?? null, spellcheck: 'false' },
  });
  return h('div', { class: 'field' }, h('label', { htmlFor: id, text: label }), input);
}

/** A labelled select of `[value, label]` options. */
export function selectField(label, name, value, options, onChange) {
  const id = uid(name);
  const select = h('select', { id, name, on: onChange ? { change: onChange } : {} },
    options.map(([v, text]) => h('option', { value: v, text, selected: v === (value ?? '') })));
  return h('div', { class: 'field' }, h('label', { htmlFor: id, text: label }), select);
}

/** Empty datalists to suggest filter values, by the name of the /api/v1/values list they show. */
export function suggestionLists(names) {
  const lists = {};
  for (const name of names) lists[name] = h('datalist', { id: uid(`values-${name}`) });
  return lists;
}

/**
 * Fills the datalists from GET /api/v1/values over the range. A service without that route (404) or any other
 * failure leaves them empty: suggestions are a convenience, never an error.
 */
export async function fillSuggestions(lists, range, signal) {
  let values;
  try {
    values = await getJson('/values', { from: range.from, to: range.to }, { signal });
  } catch (error) {
    if (error instanceof ApiError || error?.name === 'AbortError' || error instanceof TypeError) return;
    throw error;
  }
  for (const [name, list] of Object.entries(lists)) {
    const items = Array.isArray(values?.[name]) ? values[name] : [];
    replace(list, items.map((v) => h('option', { value: String(v) })));
  }
}

/** Reads a form's named inputs into an object of trimmed, non-empty strings. */
export function formValues(form) {
  const values = {};
  for (const [name, value] of new FormData(form).entries()) {
    const v = String(value).trim();
    if (v) values[name] = v;
  }
  return values;
}

/**
 * A "Load more" footer for keyset pages: `load(cursor)` fetches the next page; the footer says how many rows show.
 */
export function pager(noun) {
  const countText = h('span', { class: 'muted' });
  const more = h('button', { type: 'button', class: 'button', text: 'Load more', hidden: true });
  const el = h('div', { class: 'list-foot' }, countText, more);
  return {
    el,
    more,
    update(shown, nextCursor) {
      countText.textContent = `${shown} ${noun}${shown === 1 ? '' : 's'}${nextCursor ? ' shown' : ''}`;
      more.hidden = !nextCursor;
      more.disabled = false;
    },
  };
}

/**
 * Makes a table row act as a link: focusable, opened by click, Enter or Space, and named for screen readers.
 */
export function linkRow(tr, hash, label) {
  tr.tabIndex = 0;
  tr.classList.add('clickable');
  tr.setAttribute('aria-label', label);
  const open = () => { window.location.hash = hash; };
  tr.addEventListener('click', (event) => {
    if (event.target.closest('a')) return;
    open();
  });
  tr.addEventListener('keydown', (event) => {
    if (event.target !== tr) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling;
      next?.focus();
    }
  });
  return tr;
}

/** A table with a caption for screen readers, column headers, and a body to fill. */
export function dataTable(caption, columns) {
  const tbody = h('tbody');
  const table = h('table', { class: 'data' },
    h('caption', { class: 'visually-hidden', text: caption }),
    h('thead', {}, h('tr', {}, columns.map(([text, cls]) => h('th', { scope: 'col', class: cls ?? '', text })))),
    tbody);
  return { table, tbody };
}
