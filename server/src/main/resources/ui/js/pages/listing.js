// What the sessions and users lists share: a heading with the time range, a filter form, and a keyset-paged table.

import { h, replace } from '../dom.js';
import { getJson } from '../api.js';
import { updateParams } from '../router.js';
import { rangeOf, timeRange, formValues, pager, dataTable, suggestionLists, fillSuggestions } from '../controls.js';
import { announce, errorNotice, isAbort, loading } from '../status.js';

/**
 * Renders a list page. `spec` has: title, noun, path (API route), filters (names read from and written to the URL),
 * fields(state, lists) (the filter inputs), columns ([header, class]), row(item, range) (a table row), empty (text).
 */
export function renderListing(spec, { view, params, signal }) {
  const state = { range: rangeOf(params), filters: {} };
  for (const name of spec.filters) if (params.get(name)) state.filters[name] = params.get(name);
  const lists = suggestionLists(spec.suggestions ?? []);
  const results = h('div', { class: 'card' });
  const rangeSlot = h('div');
  const form = h('form', {
    class: 'card filters',
    attrs: { 'aria-label': `${spec.title} filters`, role: 'search' },
    on: { submit: (event) => { event.preventDefault(); state.filters = formValues(form); changed(); } },
  },
  spec.fields(state.filters, lists),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'button primary', text: 'Apply' }),
    h('button', {
      type: 'button', class: 'button subtle', text: 'Clear',
      on: { click: () => { for (const el of form.elements) if (el.name) el.value = ''; state.filters = {}; changed(); } },
    })),
  Object.values(lists));

  replace(view,
    h('div', { class: 'page-head' }, h('h1', { text: spec.title }), h('div', { class: 'spacer' }), rangeSlot),
    form,
    results);

  const paramsNow = () => ({ from: state.range.from, to: state.range.to, ...state.filters });

  function changed() {
    updateParams(paramsNow());
    load();
  }

  function drawRange() {
    replace(rangeSlot, timeRange(state.range, (range) => {
      state.range = range;
      drawRange();
      fillSuggestions(lists, state.range, signal).catch(() => {});
      changed();
    }));
  }

  let generation = 0;
  async function load() {
    generation += 1;
    const mine = generation;
    replace(results, loading(`${spec.noun}s`));
    const { table, tbody } = dataTable(spec.title, spec.columns);
    const foot = pager(spec.noun);
    let shown = 0;
    let cursor = null;
    const query = spec.query ? spec.query(paramsNow()) : paramsNow();
    const page = async () => {
      const answer = await getJson(spec.path, { ...query, cursor }, { signal });
      if (mine !== generation) return;
      for (const item of answer.items ?? []) tbody.append(spec.row(item, state.range));
      shown += (answer.items ?? []).length;
      cursor = answer.nextCursor;
      foot.update(shown, cursor);
      announce(`${shown} ${spec.noun}${shown === 1 ? '' : 's'}${cursor ? ', more available' : ''}`);
    };
    foot.more.addEventListener('click', () => {
      foot.more.disabled = true;
      page().catch((error) => { if (!isAbort(error)) results.append(errorNotice(error)); });
    });
    try {
      await page();
      if (mine !== generation) return;
      if (shown === 0) replace(results, h('p', { class: 'empty', text: spec.empty }));
      else replace(results, h('div', { class: 'table-wrap' }, table), foot.el);
    } catch (error) {
      if (!isAbort(error) && mine === generation) replace(results, errorNotice(error, load));
    }
  }

  drawRange();
  fillSuggestions(lists, state.range, signal).catch(() => {});
  load();
}
