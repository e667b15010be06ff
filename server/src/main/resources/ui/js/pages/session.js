// One session as a conversation: its traces oldest first, each as the person's message and the answer given, with
// the full prompt a click away.

import { h, replace } from '../dom.js';
import { getJson } from '../api.js';
import { href, updateParams } from '../router.js';
import * as fmt from '../format.js';
import { rangeOf, timeRange } from '../controls.js';
import { parseMessages, renderContent, renderMessages } from '../messages.js';
import { announce, errorNotice, isAbort, loading } from '../status.js';

export async function renderSession(context) {
  const { view, params, groups, signal } = context;
  const sessionId = groups[0];
  const range = rangeOf(params, '-24h');
  const back = h('a', { class: 'back', href: href('sessions', { from: range.from, to: range.to }), text: '← Sessions' });
  const rangePicker = timeRange(range, (r) => {
    updateParams({ from: r.from, to: r.to });
    renderSession({ ...context, params: new URLSearchParams(Object.entries(r).filter(([, v]) => v)) });
  });
  const head = h('div', { class: 'page-head' },
    h('h1', {}, 'Session ', h('span', { class: 'mono', text: sessionId })), h('div', { class: 'spacer' }), rangePicker);
  replace(view, back, head, loading('the session'));
  let s;
  try {
    s = await getJson(`/sessions/${encodeURIComponent(sessionId)}`, { from: range.from, to: range.to }, { signal });
  } catch (error) {
    if (!isAbort(error)) replace(view, back, head, errorNotice(error, () => renderSession(context)));
    return;
  }
  const traces = s.traces ?? [];
  const stat = (label, value, cls, field) => h('div', {}, h('dt', { text: label }), h('dd', { class: cls ?? '', text: value, data: { field } }));
  replace(view, back, head,
    h('dl', { class: 'card stats session-summary' },
      stat('User', s.userId ?? fmt.DASH, '', 'user'),
      stat('Traces', fmt.count(s.traceCount), '', 'traces'),
      stat('Errors', fmt.count(s.errorCount), s.errorCount > 0 ? 'error' : '', 'errors'),
      stat('Tokens', fmt.count(s.totalTokens), '', 'tokens'),
      stat('Cost', fmt.cost(s.costUsd), '', 'cost'),
      stat('First seen', fmt.time(s.firstSeen), '', 'firstSeen'),
      stat('Last seen', fmt.time(s.lastSeen), '', 'lastSeen')),
    s.truncated ? h('p', { class: 'notice', text: `This session has more turns in this time range than are shown: ${traces.length} of them are.` }) : null,
    h('ol', { class: 'conversation', attrs: { 'aria-label': 'Conversation, oldest first' } },
      traces.map((t, i) => h('li', { class: 'conversation-item' }, turn(t, i)))));
  announce(`Session ${sessionId}: ${traces.length} trace${traces.length === 1 ? '' : 's'}`);
}

/** One trace of the session: the newest user message of its prompt, and its completion. */
function turn(t, index) {
  const failed = t.errorCount > 0;
  const input = parseMessages(t.input);
  let asked = null;
  if (input) {
    const users = input.filter((m) => m.role === 'user');
    asked = users.length ? [users[users.length - 1]] : input.slice(-1);
  }
  return h('article', { class: `card turn${failed ? ' error' : ''}`, data: { traceId: t.traceId } },
    h('div', { class: 'turn-head' },
      h('span', { class: 'turn-title', text: `${index + 1}. ${t.rootName ?? 'trace'}` }),
      h('span', { text: fmt.time(t.startTime), title: fmt.fullTime(t.startTime) }),
      h('span', { text: fmt.duration(t.durationMs ?? (Date.parse(t.endTime) - Date.parse(t.startTime))) }),
      h('span', { text: `${fmt.count(t.totalTokens)} tokens` }),
      h('span', { text: fmt.cost(t.costUsd) }),
      failed ? h('span', { class: 'pill error', text: `${t.errorCount} error${t.errorCount === 1 ? '' : 's'}` }) : null,
      h('span', { class: 'spacer' }),
      h('a', { href: href(`traces/${encodeURIComponent(t.traceId)}`), text: 'Open trace →' })),
    t.input === null || t.input === undefined
      ? h('p', { class: 'muted', text: 'No prompt recorded.' })
      : (asked ? renderMessages(asked) : renderContent(t.input)),
    t.output === null || t.output === undefined
      ? h('p', { class: 'muted', text: 'No completion recorded.' })
      : h('div', { class: 'answer' }, renderContent(t.output)),
    input && input.length > 1 ? h('details', {},
      h('summary', { text: `Full prompt (${input.length} messages)` }), renderMessages(input)) : null);
}
