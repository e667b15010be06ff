// Sessions: conversations (spans sharing a session id), newest activity first.

import { h } from '../dom.js';
import { href } from '../router.js';
import * as fmt from '../format.js';
import { textField, linkRow } from '../controls.js';
import { renderListing } from './listing.js';

export function renderSessions(context) {
  renderListing({
    title: 'Sessions',
    noun: 'session',
    path: '/sessions',
    filters: ['user', 'service'],
    suggestions: ['users', 'services'],
        fields: (f, lists) => [
      textField('User', 'user', f.user, { list: lists.users.id }),
      textField('Service', 'service', f.service, { list: lists.services.id }),
    ],
    columns: [['Session'], ['User'], ['Traces', 'num'], ['Spans', 'num'], ['Errors', 'num'], ['Tokens', 'num'],
      ['Cost', 'num'], ['First seen'], ['Last seen']],
    empty: 'No sessions in this time range. Spans join a session through gen_ai.conversation.id or session.id.',
    row: (s, range) => {
      const link = href(`sessions/${encodeURIComponent(s.sessionId)}`, { from: range.from, to: range.to });
      const tr = h('tr', { class: s.errorCount > 0 ? 'error' : '', data: { sessionId: s.sessionId } },
        h('td', { class: 'name mono' }, h('a', { href: link, tabIndex: -1, text: s.sessionId })),
        h('td', { text: s.userId ?? fmt.DASH }),
        h('td', { class: 'num', text: fmt.count(s.traceCount) }),
        h('td', { class: 'num', text: fmt.count(s.spanCount) }),
        h('td', { class: 'num' }, s.errorCount > 0 ? h('span', { class: 'pill error', text: fmt.count(s.errorCount) }) : '0'),
        h('td', { class: 'num', text: fmt.count(s.totalTokens) }),
        h('td', { class: 'num', text: fmt.cost(s.costUsd) }),
        h('td', { text: fmt.time(s.firstSeen), title: fmt.fullTime(s.firstSeen) }),
        h('td', { text: fmt.time(s.lastSeen), title: fmt.fullTime(s.lastSeen) }));
      return linkRow(tr, link, `Session ${s.sessionId}, ${s.traceCount} traces`);
    },
  }, context);
}
