// Hash routing: the URL's fragment holds the view and its filters (#/traces?from=-1h&model=gpt-4o), so that a view
// can be bookmarked and shared. Filters changed on a page are written back with pushState, which keeps the page as
// it is; a change of the hash by a link or the Back button renders the view anew.

const routes = [];
let current = null;
let renderSeq = 0;
// The hash the view on screen stands for: Back and Forward fire both popstate and hashchange, rendered once.
let shown = null;

/** Registers a view: `pattern` is a RegExp over the path without "#/", its groups given to `render`. */
export function route(pattern, nav, render) {
  routes.push({ pattern, nav, render });
}

/** The current location: path segments after "#/", and the query parameters. */
export function location() {
  const hash = window.location.hash.replace(/^#\/?/, '');
  const q = hash.indexOf('?');
  const path = q < 0 ? hash : hash.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  return { path, params };
}

/** A hash for `path` with the non-empty `params`, such as #/traces?from=-1h. */
export function href(path, params = {}) {
  const query = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? params.entries() : Object.entries(params);
  for (const [name, value] of entries) {
    if (value !== undefined && value !== null && value !== '') query.set(name, value);
  }
  const qs = query.toString();
  return `#/${path}${qs ? `?${qs}` : ''}`;
}

/** Writes new filters of the view shown into the URL without rendering it again. */
export function updateParams(params, { replace = false } = {}) {
  const target = href(location().path, params);
  if (target === window.location.hash) return;
  if (replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  shown = target;
}

/** Goes to another view. */
export function go(path, params = {}) {
  window.location.hash = href(path, params);
}

/**
 * Renders the view of the current hash into `view`. Each render gets an AbortSignal that is aborted when the next
 * one starts, so that late answers of a view left behind are dropped.
 */
export function start(view, { onNavigate, notFound }) {
  const render = () => {
    const { path, params } = location();
    if (path === '') {
      window.history.replaceState(null, '', '#/traces');
      render();
      return;
    }
    shown = window.location.hash;
    current?.abort();
    current = new AbortController();
    renderSeq += 1;
    for (const r of routes) {
      const match = r.pattern.exec(path);
      if (match) {
        onNavigate(r.nav);
        const groups = match.slice(1).map((g) => decodeURIComponent(g));
        r.render({ view, params, groups, signal: current.signal, seq: renderSeq });
        return;
      }
    }
    onNavigate(null);
    notFound(view, path);
  };
  const changed = () => {
    if (window.location.hash !== shown) render();
  };
  window.addEventListener('hashchange', changed);
  window.addEventListener('popstate', changed);
  render();
  return render;
}
