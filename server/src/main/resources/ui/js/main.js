// Starts the UI: the views by route, the main navigation, and the "forget key" control.

import { h, replace } from './dom.js';
import { route, start } from './router.js';
import { storedKey, forgetKey, onKeyChange } from './api.js';
import { renderTraces } from './pages/traces.js';
import { renderTrace } from './pages/trace.js';
import { renderSessions } from './pages/sessions.js';
import { renderSession } from './pages/session.js';
import { renderUsers } from './pages/users.js';
import { renderUsage } from './pages/usage.js';

const TITLES = { traces: 'Traces', sessions: 'Sessions', users: 'Users', usage: 'Usage' };

route(/^traces$/, 'traces', renderTraces);
route(/^traces\/([^/?]+)$/, 'traces', renderTrace);
route(/^sessions$/, 'sessions', renderSessions);
route(/^sessions\/([^/?]+)$/, 'sessions', renderSession);
route(/^users$/, 'users', renderUsers);
route(/^usage$/, 'usage', renderUsage);

const view = document.getElementById('view');
const forget = document.getElementById('forget-key');

function markNav(nav) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = nav ? `${TITLES[nav]} · LLM Observatory` : 'LLM Observatory';
}

const render = start(view, {
  onNavigate: markNav,
  notFound: (el, path) => replace(el, h('div', { class: 'notice error', attrs: { role: 'alert' } },
    `There is no page ${path}. `, h('a', { href: '#/traces', text: 'Go to the traces' }))),
});

forget.hidden = !storedKey();
onKeyChange((hasKey) => { forget.hidden = !hasKey; });
forget.addEventListener('click', () => {
  forgetKey();
  render();
});
