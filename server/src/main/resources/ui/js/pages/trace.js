// One trace: its totals, the waterfall of its spans, the selected span's details (prompt and completion as chat
// messages, events, attributes) and the trace's logs.

import { h, replace } from '../dom.js';
import { getJson } from '../api.js';
import { href, updateParams } from '../router.js';
import * as fmt from '../format.js';
import { flatten, waterfall, spanCategory } from '../waterfall.js';
import { renderContent } from '../messages.js';
import { announce, errorNotice, isAbort, loading, markPainted } from '../status.js';
import { lastListHash } from './traces.js';

export async function renderTrace({ view, params, groups, signal }) {
  const traceId = groups[0];
  replace(view, backLink(), loading('the trace'));
  let tree;
  try {
    // The outline: every span without its large values, which are read for the selected span only.
    tree = await getJson(`/traces/${encodeURIComponent(traceId)}`,
      { from: params.get('from'), to: params.get('to'), view: 'outline' }, { signal });
  } catch (error) {
    if (!isAbort(error)) replace(view, backLink(), errorNotice(error, () => renderTrace({ view, params, groups, signal })));
    return;
  }
  const s = tree.summary;
  const rows = flatten(tree.roots);
  const startMs = Math.min(Date.parse(s.startTime), ...rows.map((r) => Date.parse(r.span.startTime)));
  const detail = h('section', { class: 'card card-body detail', attrs: { 'aria-label': 'Selected span' } });
  const details = spanDetails(traceId, detail, startMs, signal);
  const fall = waterfall(rows, startMs, s.durationMs, (span) => {
    details.show(span);
    updateParams({ ...Object.fromEntries(params), span: span.spanId }, { replace: true });
  });
  const logs = h('section', { class: 'card', attrs: { 'aria-labelledby': 'logs-title' } },
    h('div', { class: 'card-body' }, h('h2', { id: 'logs-title', text: 'Logs' })));
  replace(view,
    backLink(),
    h('div', { class: 'page-head' },
      h('h1', { text: s.rootName ?? traceId }),
      h('span', { class: 'mono muted', text: traceId })),
    summary(s),
    h('div', { class: 'trace-layout' },
      h('section', { class: 'card', attrs: { 'aria-label': 'Span waterfall' } }, fall.el),
      detail),
    h('div', { class: 'spacer-16' }),
    logs);
  announce(`Trace ${s.rootName ?? traceId}: ${rows.length} spans, ${fmt.duration(s.durationMs)}`);
  const wanted = params.get('span');
  if (wanted && rows.some((r) => r.span.spanId === wanted)) fall.select(wanted);
  else fall.selectFirst();
  markPainted('ui:trace-painted');
  loadLogs(logs, traceId, s, fall, signal);
}

function backLink() {
  return h('a', { class: 'back', href: lastListHash, text: '← Traces' });
}

function summary(s) {
  const item = (label, value, field, cls) => h('div', {},
    h('dt', { text: label }), h('dd', { class: cls ?? '', text: value, data: { field } }));
  return h('dl', { class: 'card stats trace-summary' },
    item('Start', fmt.time(s.startTime), 'start'),
    item('Duration', fmt.duration(s.durationMs), 'duration'),
    item('Spans', fmt.count(s.spanCount), 'spans'),
    item('Errors', fmt.count(s.errorCount), 'errors', s.errorCount > 0 ? 'error' : ''),
    item('Input tokens', fmt.count(s.inputTokens), 'inputTokens'),
    item('Output tokens', fmt.count(s.outputTokens), 'outputTokens'),
    item('Cost', fmt.cost(s.costUsd), 'cost'),
    item('Service', s.serviceName ?? fmt.DASH, 'service'),
    item('Models', (s.models ?? []).join(', ') || fmt.DASH, 'models'));
}

/**
 * The selected span's details: what the outline holds at once, then the span read whole (prompt, completion,
 * events, attributes), each span read once. A span selected while another is loading replaces it.
 */
function spanDetails(traceId, panel, traceStartMs, signal) {
  const whole = new Map();
  let shown = null;
  const read = (span) => {
    if (!whole.has(span.spanId)) {
      // The span's own start bounds where it is stored, so the database reads one day's partition.
      const startMs = Date.parse(span.startTime);
      whole.set(span.spanId, getJson(`/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(span.spanId)}`,
        { from: new Date(startMs - 1000).toISOString(), to: new Date(startMs + 1000).toISOString() }, { signal })
        .catch((error) => {
          whole.delete(span.spanId);
          throw error;
        }));
    }
    return whole.get(span.spanId);
  };
  const show = async (span) => {
    shown = span.spanId;
    panel.setAttribute('aria-busy', 'true');
    replace(panel, spanDetail(span, traceStartMs),
      h('p', { class: 'loading', text: 'Loading the span’s content…' }));
    try {
      const full = await read(span);
      if (shown !== span.spanId) return;
      replace(panel, spanDetail(full, traceStartMs));
    } catch (error) {
      if (isAbort(error) || shown !== span.spanId) return;
      replace(panel, spanDetail(span, traceStartMs), errorNotice(error, () => show(span)));
    }
    panel.setAttribute('aria-busy', 'false');
  };
  return { show };
}

function spanDetail(span, traceStartMs) {
  const props = [];
  const prop = (label, value, cls) => {
    if (value === undefined || value === null || value === '') return;
    props.push(h('dt', { text: label }), h('dd', { class: cls ?? '' }, value));
  };
  const error = span.statusCode === 'error';
  prop('Status', h('span', { class: `pill ${error ? 'error' : (span.statusCode === 'ok' ? 'ok' : 'neutral')}`, text: span.statusCode ?? 'unset' }));
  prop('Kind', span.kind);
  prop('Service', span.serviceName);
  prop('Operation', span.operation);
  prop('Model', span.model);
  prop('Provider', span.provider);
  prop('Starts at', `+${fmt.duration(Date.parse(span.startTime) - traceStartMs)}`);
  prop('Duration', fmt.duration(span.durationMs));
  if (span.inputTokens !== undefined || span.outputTokens !== undefined) {
    prop('Input tokens', fmt.count(span.inputTokens ?? 0));
    prop('Output tokens', fmt.count(span.outputTokens ?? 0));
    prop('Cached tokens', fmt.count(span.cacheReadTokens ?? 0));
    prop('Reasoning tokens', fmt.count(span.reasoningTokens ?? 0));
  }
  if (span.costUsd !== undefined) prop('Cost', fmt.cost(span.costUsd));
  if (span.timeToFirstTokenMs !== undefined) prop('Time to first token', fmt.duration(span.timeToFirstTokenMs));
  prop('Finish reason', span.finishReason);
  if (span.userId) prop('User', h('a', { href: href('traces', { user: span.userId, from: '-7d' }), text: span.userId }));
  if (span.sessionId) {
    prop('Session', h('a', { href: href(`sessions/${encodeURIComponent(span.sessionId)}`, { from: '-7d' }), text: span.sessionId }));
  }
  prop('Environment', span.environment);
  prop('Span id', span.spanId, 'mono');
  if (span.parentSpanId) prop('Parent span', span.parentSpanId, 'mono');

  const category = spanCategory(span);
  return [
    h('h2', { text: span.name ?? '(no name)', data: { category } }),
    error ? h('div', { class: 'error-message', attrs: { role: 'note' }, text: span.statusMessage || 'This span ended with an error.' }) : null,
    h('dl', { class: 'props' }, props),
    span.inputContent !== undefined || span.outputContent !== undefined ? [
      h('h3', { text: 'Prompt' }), h('div', { class: 'prompt' }, renderContent(span.inputContent)),
      h('h3', { text: 'Completion' }), h('div', { class: 'completion' }, renderContent(span.outputContent)),
    ] : null,
    events(span.events, traceStartMs),
    keyValues('Attributes', span.attributes),
    keyValues('Resource attributes', span.resourceAttributes),
  ];
}

function events(list, traceStartMs) {
  if (!Array.isArray(list) || list.length === 0) return null;
  return [h('h3', { text: `Events (${list.length})` }), h('ul', { class: 'events' }, list.map((e) => h('li', {},
    h('span', { class: 'event-name', text: e?.name ?? 'event' }),
    e?.time ? h('span', { class: 'muted', text: `  +${fmt.duration(Date.parse(e.time) - traceStartMs)}` }) : null,
    e?.attributes && Object.keys(e.attributes).length ? kvTable(e.attributes) : null)))];
}

function keyValues(title, object) {
  if (!object || typeof object !== 'object' || Object.keys(object).length === 0) return null;
  return [h('h3', { text: title }), kvTable(object)];
}

function kvTable(object) {
  const keys = Object.keys(object).sort();
  return h('table', { class: 'kv' }, h('tbody', {}, keys.map((k) => h('tr', {},
    h('th', { scope: 'row', text: k }),
    h('td', { text: typeof object[k] === 'string' ? object[k] : JSON.stringify(object[k]) })))));
}

async function loadLogs(section, traceId, s, fall, signal) {
  const body = section.firstChild;
  body.append(h('p', { class: 'muted', text: 'Loading logs…' }));
  // Log records of a trace are written around its spans: look a little before its start and well after its end.
  const from = new Date(Date.parse(s.startTime) - 5 * 60_000).toISOString();
  const to = new Date(Date.parse(s.endTime ?? s.startTime) + 60 * 60_000).toISOString();
  try {
    const answer = await getJson('/logs', { traceId, from, to, limit: 200 }, { signal });
    const items = answer.items ?? [];
    if (items.length === 0) {
      replace(body, h('h2', { id: 'logs-title', text: 'Logs' }), h('p', { class: 'muted', text: 'No logs recorded for this trace.' }));
      return;
    }
    const rows = items.slice().reverse().map((r) => h('tr', {},
      h('td', { text: fmt.time(r.time), title: fmt.fullTime(r.time) }),
      h('td', {}, h('span', { class: `sev ${severityClass(r.severityNumber)}`, text: r.severityText || String(r.severityNumber ?? '') })),
      h('td', { text: r.serviceName ?? fmt.DASH }),
      h('td', {}, r.spanId ? h('a', {
        href: href(`traces/${encodeURIComponent(traceId)}`, { span: r.spanId }),
        class: 'mono',
        text: r.spanId,
        on: { click: (event) => { event.preventDefault(); fall.select(r.spanId, { focus: true }); } },
      }) : fmt.DASH),
      h('td', { class: 'body', text: r.body ?? '' })));
    replace(section,
      h('div', { class: 'card-body' }, h('h2', { id: 'logs-title', text: `Logs (${items.length}${answer.nextCursor ? '+' : ''})` })),
      h('div', { class: 'table-wrap' }, h('table', { class: 'data logs' },
        h('caption', { class: 'visually-hidden', text: 'Logs of this trace' }),
        h('thead', {}, h('tr', {}, ['Time', 'Severity', 'Service', 'Span', 'Message'].map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, rows))));
  } catch (error) {
    if (!isAbort(error)) replace(body, h('h2', { id: 'logs-title', text: 'Logs' }), errorNotice(error));
  }
}

function severityClass(n) {
  if (n >= 17) return 'error';
  if (n >= 13) return 'warn';
  return '';
}
