// Traces: the trace list with the API's filters, newest first, a page at a time.

import { h, replace } from '../dom.js';
import { getJson } from '../api.js';
import { href, updateParams } from '../router.js';
import * as fmt from '../format.js';
import {
  rangeOf, timeRange, textField, selectField, suggestionLists, fillSuggestions, formValues, pager, linkRow, dataTable,
} from '../controls.js';
import { announce, errorNotice, isAbort, loading, markPainted } from '../status.js';

const FILTERS = ['service', 'provider', 'model', 'operation', 'status', 'user', 'session', 'minDurationMs', 'minCostUsd'];

/** The hash of the trace list last shown, so that a trace page can lead back to it. */
export let lastListHash = '#/traces';

export function renderTraces({ view, params, signal }) {
  const state = { range: rangeOf(params), filters: {} };
  for (const name of FILTERS) if (params.get(name)) state.filters[name] = params.get(name);

  const lists = suggestionLists(['services', 'providers', 'models', 'operations', 'users']);
  const results = h('div', { class: 'card' });
  const head = h('div', { class: 'page-head' }, h('h1', { text: 'Traces' }), h('div', { class: 'spacer' }));
  const rangeSlot = h('div');
  head.append(rangeSlot);

  const form = h('form', {
    class: 'card filters',
    attrs: { 'aria-label': 'Trace filters', role: 'search' },
    on: { submit: (event) => { event.preventDefault(); apply(formValues(form)); } },
  },
  textField('Service', 'service', state.filters.service, { list: lists.services.id }),
  textField('Provider', 'provider', state.filters.provider, { list: lists.providers.id }),
  textField('Model', 'model', state.filters.model, { list: lists.models.id }),
  textField('Operation', 'operation', state.filters.operation, { list: lists.operations.id }),
  selectField('Status', 'status', state.filters.status, [['', 'Any'], ['ok', 'OK'], ['error', 'Error']],
    () => apply(formValues(form))),
  textField('User', 'user', state.filters.user, { list: lists.users.id }),
  textField('Session', 'session', state.filters.session),
  textField('Min duration (ms)', 'minDurationMs', state.filters.minDurationMs, { type: 'number', min: '0', step: 'any' }),
  textField('Min cost ($)', 'minCostUsd', state.filters.minCostUsd, { type: 'number', min: '0', step: 'any' }),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'button primary', text: 'Apply' }),
    h('button', {
      type: 'button', class: 'button subtle', text: 'Clear',
      on: { click: () => { form.reset(); for (const el of form.elements) if (el.name) el.value = ''; apply({}); } },
    })),
  Object.values(lists));

  replace(view, head, form, results);

  function paramsNow() {
    return { from: state.range.from, to: state.range.to, ...state.filters };
  }

  function apply(filters) {
    state.filters = filters;
    updateParams(paramsNow());
    lastListHash = window.location.hash;
    load();
  }

  function drawRange() {
    replace(rangeSlot, timeRange(state.range, (range) => {
      state.range = range;
      drawRange();
      updateParams(paramsNow());
      lastListHash = window.location.hash;
      fillSuggestions(lists, state.range, signal).catch(() => {});
      load();
    }));
  }

  let generation = 0;
  async function load() {
    generation += 1;
    const mine = generation;
    replace(results, loading('traces'));
    const { table, tbody } = dataTable('Traces', [
      ['Start'], ['Root span'], ['Service'], ['Duration', 'num'], ['Models'], ['Tokens', 'num'], ['Cost', 'num'],
      ['Status'],
    ]);
    const foot = pager('trace');
    let shown = 0;
    let cursor = null;
    const page = async () => {
      const answer = await getJson('/traces', { ...paramsNow(), cursor }, { signal });
      if (mine !== generation) return;
      for (const t of answer.items) tbody.append(traceRow(t));
      shown += answer.items.length;
      cursor = answer.nextCursor;
      foot.update(shown, cursor);
      announce(`${shown} trace${shown === 1 ? '' : 's'}${cursor ? ', more available' : ''}`);
      if (shown === 0) {
        replace(results, h('p', { class: 'empty', text: 'No traces in this time range match these filters.' }));
      }
    };
    foot.more.addEventListener('click', () => {
      foot.more.disabled = true;
      page().catch((error) => { if (!isAbort(error)) results.append(errorNotice(error)); });
    });
    try {
      await page();
      if (mine === generation && shown > 0) {
        replace(results, h('div', { class: 'table-wrap' }, table), foot.el);
      }
      if (mine === generation) markPainted('ui:traces-painted');
    } catch (error) {
      if (isAbort(error) || mine !== generation) return;
      replace(results, errorNotice(error, load));
    }
  }

  lastListHash = window.location.hash;
  drawRange();
  fillSuggestions(lists, state.range, signal).catch(() => {});
  load();
}

function traceRow(t) {
  const failed = t.errorCount > 0;
  const link = href(`traces/${encodeURIComponent(t.traceId)}`);
  const tr = h('tr', { class: failed ? 'error' : '', data: { traceId: t.traceId } },
    h('td', { text: fmt.time(t.startTime), title: fmt.fullTime(t.startTime) }),
    h('td', { class: 'name' }, h('a', { href: link, tabIndex: -1, text: t.rootName ?? t.traceId })),
    h('td', { text: t.serviceName ?? fmt.DASH }),
    h('td', { class: 'num', text: fmt.duration(t.durationMs) }),
    h('td', {}, (t.models ?? []).length ? t.models.map((m) => h('span', { class: 'chip', text: m })) : fmt.DASH),
    h('td', { class: 'num', text: t.totalTokens ? fmt.count(t.totalTokens) : fmt.DASH }),
    h('td', { class: 'num', text: fmt.cost(t.costUsd) }),
    h('td', {}, failed
      ? h('span', { class: 'pill error', text: `${t.errorCount} error${t.errorCount === 1 ? '' : 's'}` })
      : h('span', { class: 'pill ok', text: 'OK' })));
  return linkRow(tr, link, `Trace ${t.rootName ?? t.traceId}, ${fmt.duration(t.durationMs)}${failed ? ', with errors' : ''}`);
}
