// Usage: requests, errors, tokens, cost and latency percentiles of LLM calls over time, grouped by model, provider,
// service or user, with totals per group.

import { h, replace } from '../dom.js';
import { getJson } from '../api.js';
import { updateParams } from '../router.js';
import * as fmt from '../format.js';
import { rangeOf, timeRange, selectField, textField, formValues, suggestionLists, fillSuggestions, toDate } from '../controls.js';
import { lineChart, chartCard, color, loadCharts } from '../charts.js';
import { announce, errorNotice, isAbort, loading } from '../status.js';

const GROUPS = [['model', 'Model'], ['provider', 'Provider'], ['service', 'Service'], ['user', 'User']];
const STEPS = [['', 'Auto'], ['1m', '1 minute'], ['5m', '5 minutes'], ['15m', '15 minutes'], ['1h', '1 hour'],
  ['6h', '6 hours'], ['1d', '1 day']];
const NICE_STEPS = [['1m', 60], ['2m', 120], ['5m', 300], ['10m', 600], ['15m', 900], ['30m', 1800], ['1h', 3600],
  ['2h', 7200], ['3h', 10800], ['6h', 21600], ['12h', 43200], ['1d', 86400]];
const PERCENTILES = [['p50', 'p50LatencyMs'], ['p95', 'p95LatencyMs'], ['p99', 'p99LatencyMs']];
const MAX_SERIES = 10;

export function renderUsage({ view, params, signal }) {
  const state = {
    range: rangeOf(params),
    groupBy: params.get('groupBy') || 'model',
    step: params.get('step') || '',
    percentile: params.get('latency') || 'p95',
    filters: {},
  };
  for (const name of ['service', 'provider', 'model']) if (params.get(name)) state.filters[name] = params.get(name);
  const lists = suggestionLists(['services', 'providers', 'models']);
  const rangeSlot = h('div');
  const results = h('div');
  const form = h('form', {
    class: 'card filters',
    attrs: { 'aria-label': 'Usage options', role: 'search' },
    on: { submit: (event) => { event.preventDefault(); readForm(); changed(); } },
  },
  selectField('Group by', 'groupBy', state.groupBy, GROUPS, () => { readForm(); changed(); }),
  selectField('Bucket', 'step', state.step, STEPS, () => { readForm(); changed(); }),
  textField('Service', 'service', state.filters.service, { list: lists.services.id }),
  textField('Provider', 'provider', state.filters.provider, { list: lists.providers.id }),
  textField('Model', 'model', state.filters.model, { list: lists.models.id }),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', text: 'Apply' })),
  Object.values(lists));

  replace(view,
    h('div', { class: 'page-head' }, h('h1', { text: 'Usage' }), h('div', { class: 'spacer' }), rangeSlot),
    form, results);

  function readForm() {
    const v = formValues(form);
    state.groupBy = v.groupBy || 'model';
    state.step = v.step || '';
    state.filters = { service: v.service, provider: v.provider, model: v.model };
  }

  const urlParams = () => ({
    from: state.range.from, to: state.range.to, groupBy: state.groupBy, step: state.step,
    latency: state.percentile === 'p95' ? '' : state.percentile, ...state.filters,
  });

  function changed() {
    updateParams(urlParams());
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
    replace(results, loading('usage'));
    const query = { from: state.range.from, to: state.range.to, groupBy: state.groupBy, ...state.filters };
    const step = state.step || autoStep(state.range);
    try {
      const [series, totals] = await Promise.all([
        getJson('/usage', { ...query, step }, { signal }),
        getJson('/usage', query, { signal }),
        loadCharts(),
      ]);
      if (mine !== generation) return;
      draw(series, totals);
    } catch (error) {
      if (!isAbort(error) && mine === generation) replace(results, errorNotice(error, load));
    }
  }

  function draw(series, totals) {
    const groups = (totals.rows ?? []).slice().sort((a, b) => b.requests - a.requests || b.costUsd - a.costUsd);
    if (groups.length === 0) {
      replace(results, h('p', { class: 'card empty', text: 'No LLM calls in this time range.' }));
      announce('No LLM calls in this time range');
      return;
    }
    const x = buckets(series.from, series.to, series.step);
    const index = new Map(x.map((t, i) => [t, i]));
    const shownKeys = groups.slice(0, MAX_SERIES).map((g) => g.key);
    const byKey = new Map(shownKeys.map((k) => [k, []]));
    for (const row of series.rows ?? []) {
      if (!byKey.has(row.key)) continue;
      const i = index.get(Math.floor(Date.parse(row.bucketStart) / 1000));
      if (i !== undefined) byKey.get(row.key)[i] = row;
    }
    const values = (field, empty) => shownKeys.map((k) => ({
      label: keyLabel(k),
      values: x.map((_, i) => (byKey.get(k)[i] ? Number(byKey.get(k)[i][field]) : empty)),
    }));

    const cards = h('div', { class: 'charts' });
    const specs = [
      ['Requests', 'requests', 0, fmt.count, fmt.compact],
      ['Errors', 'errors', 0, fmt.count, fmt.compact],
      ['Tokens', 'totalTokens', 0, fmt.count, fmt.compact],
      ['Cost', 'costUsd', 0, fmt.cost, (v) => `$${fmt.compact(v)}`],
    ];
    const pending = [];
    for (const [title, field, empty, format, axisFormat] of specs) {
      const { card, container } = chartCard(title);
      cards.append(card);
      pending.push(() => lineChart(container, { x, series: values(field, empty), format, axisFormat, label: title }));
    }
    const latencyPick = h('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': 'Latency percentile' } });
    const latency = chartCard('Latency', latencyPick);
    latency.card.classList.add('wide');
    const drawLatency = () => {
      replace(latencyPick, PERCENTILES.map(([p]) => h('button', {
        type: 'button', text: p, attrs: { 'aria-pressed': String(p === state.percentile) },
        on: { click: () => { state.percentile = p; updateParams(urlParams(), { replace: true }); drawLatency(); } },
      })));
      replace(latency.container);
      const field = PERCENTILES.find(([p]) => p === state.percentile)[1];
      lineChart(latency.container, { x, series: values(field, null), format: fmt.duration, label: `${state.percentile} latency` });
    };
    cards.append(latency.card);

    const stepText = series.step ? ` of ${describeStep(series.step)}` : '';
    replace(results,
      h('p', { class: 'latency-note' },
        `${x.length} buckets${stepText}, grouped by ${state.groupBy}. `,
        `Latency in the chart: ${latencySource(series.latency)}; in the totals: ${latencySource(totals.latency)}.`,
        groups.length > MAX_SERIES ? ` Charts show the ${MAX_SERIES} groups with most requests.` : ''),
      cards,
      totalsTable(groups, shownKeys));
    pending.forEach((fn) => fn());
    drawLatency();
    announce(`Usage by ${state.groupBy}: ${groups.length} groups over ${x.length} buckets`);
  }

  drawRange();
  fillSuggestions(lists, state.range, signal).catch(() => {});
  load();
}

/** Where the API says the percentiles come from. */
function latencySource(latency) {
  if (latency?.percentiles === 'estimate') {
    return `estimated from the hourly rollups (within ${Math.round((latency.relativeError ?? 0.01) * 100)}%)`;
  }
  return 'exact, from the spans';
}

function keyLabel(key) {
  return key === null || key === undefined ? '(none)' : key;
}

function totalsTable(groups, shownKeys) {
  const head = ['Group', 'Requests', 'Errors', 'Error rate', 'Input tokens', 'Output tokens', 'Cached tokens',
    'Total tokens', 'Cost', 'p50', 'p95', 'p99', 'Avg TTFT'];
  return h('section', { class: 'card', attrs: { 'aria-label': 'Totals per group' } },
    h('div', { class: 'table-wrap' }, h('table', { class: 'data usage-totals' },
      h('caption', { class: 'visually-hidden', text: 'Totals per group over the whole time range' }),
      h('thead', {}, h('tr', {}, head.map((t, i) => h('th', { scope: 'col', class: i ? 'num' : '', text: t })))),
      h('tbody', {}, groups.map((g) => {
        const i = shownKeys.indexOf(g.key);
        const swatch = h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } });
        if (i >= 0) swatch.style.background = color(i);
        return h('tr', { data: { key: keyLabel(g.key) } },
          h('th', { scope: 'row', class: 'name' }, swatch, keyLabel(g.key)),
          h('td', { class: 'num', text: fmt.count(g.requests) }),
          h('td', { class: 'num', text: fmt.count(g.errors) }),
          h('td', { class: 'num', text: fmt.percent(g.errors, g.requests) }),
          h('td', { class: 'num', text: fmt.count(g.inputTokens) }),
          h('td', { class: 'num', text: fmt.count(g.outputTokens) }),
          h('td', { class: 'num', text: fmt.count(g.cacheReadTokens) }),
          h('td', { class: 'num', text: fmt.count(g.totalTokens) }),
          h('td', { class: 'num', text: fmt.cost(g.costUsd) }),
          h('td', { class: 'num', text: fmt.duration(g.p50LatencyMs) }),
          h('td', { class: 'num', text: fmt.duration(g.p95LatencyMs) }),
          h('td', { class: 'num', text: fmt.duration(g.p99LatencyMs) }),
          h('td', { class: 'num', text: g.avgTimeToFirstTokenMs == null ? fmt.DASH : fmt.duration(g.avgTimeToFirstTokenMs) }));
      })))));
}

/** A step giving about 30 to 60 buckets over the range. */
function autoStep(range) {
  const from = toDate(range.from) ?? new Date(Date.now() - 3_600_000);
  const to = toDate(range.to) ?? new Date();
  const seconds = Math.max(60, (to - from) / 1000);
  const wanted = seconds / 40;
  return (NICE_STEPS.find(([, s]) => s >= wanted) ?? NICE_STEPS[NICE_STEPS.length - 1])[0];
}

/** Seconds of an ISO-8601 duration such as PT5M or P1D. */
export function stepSeconds(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso ?? '');
  if (!m) return null;
  return (Number(m[1] ?? 0) * 86400) + (Number(m[2] ?? 0) * 3600) + (Number(m[3] ?? 0) * 60) + Number(m[4] ?? 0);
}

function describeStep(iso) {
  const s = stepSeconds(iso);
  if (!s) return iso;
  if (s % 86400 === 0) return s === 86400 ? '1 day' : `${s / 86400} days`;
  if (s % 3600 === 0) return s === 3600 ? '1 hour' : `${s / 3600} hours`;
  if (s % 60 === 0) return s === 60 ? '1 minute' : `${s / 60} minutes`;
  return `${s} s`;
}

/** The start of every epoch-aligned bucket of the window, in Unix seconds, as the API buckets usage. */
function buckets(fromIso, toIso, stepIso) {
  const step = stepSeconds(stepIso);
  const from = Date.parse(fromIso) / 1000;
  const to = Date.parse(toIso) / 1000;
  if (!step || !(to > from)) return [Math.floor(from)];
  const out = [];
  for (let t = Math.floor(from / step) * step; t < to; t += step) out.push(t);
  return out;
}
