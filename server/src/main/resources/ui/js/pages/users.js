// Users: who used the LLM applications, with their sessions, traces, tokens and cost, newest activity first.

import { h } from '../dom.js';
import { href } from '../router.js';
import * as fmt from '../format.js';
import { textField, linkRow } from '../controls.js';
import { renderListing } from './listing.js';

export function renderUsers(context) {
  renderListing({
    title: 'Users',
    noun: 'user',
    path: '/users',
    filters: ['service'],
    suggestions: ['services'],
    fields: (f, lists) => [textField('Service', 'service', f.service, { list: lists.services.id })],
    columns: [['User'], ['Sessions', 'num'], ['Traces', 'num'], ['Spans', 'num'], ['Errors', 'num'],
      ['Tokens', 'num'], ['Cost', 'num'], ['First seen'], ['Last seen'], ['Traces']],
    empty: 'No users in this time range. Spans name their user through user.id or enduser.id.',
    row: (u, range) => {
      const sessions = href('sessions', { from: range.from, to: range.to, user: u.userId });
      const traces = href('traces', { from: range.from, to: range.to, user: u.userId });
      const tr = h('tr', { class: u.errorCount > 0 ? 'error' : '', data: { userId: u.userId } },
        h('td', { class: 'name mono' }, h('a', { href: sessions, tabIndex: -1, text: u.userId })),
        h('td', { class: 'num', text: fmt.count(u.sessionCount) }),
        h('td', { class: 'num', text: fmt.count(u.traceCount) }),
        h('td', { class: 'num', text: fmt.count(u.spanCount) }),
        h('td', { class: 'num' }, u.errorCount > 0 ? h('span', { class: 'pill error', text: fmt.count(u.errorCount) }) : '0'),
        h('td', { class: 'num', text: fmt.count(u.totalTokens) }),
        h('td', { class: 'num', text: fmt.cost(u.costUsd) }),
        h('td', { text: fmt.time(u.firstSeen), title: fmt.fullTime(u.firstSeen) }),
        h('td', { text: fmt.time(u.lastSeen), title: fmt.fullTime(u.lastSeen) }),
        h('td', {}, h('a', { href: traces, text: 'Traces', attrs: { 'aria-label': `Traces of ${u.userId}` } })));
      return linkRow(tr, sessions, `User ${u.userId}: ${u.sessionCount} sessions`);
    },
  }, context);
}
