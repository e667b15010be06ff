// Builds the page from elements and text nodes only: whatever came from telemetry is set as text, never parsed as
// HTML. No module of this UI turns a string into markup (UiAssetsTest checks).

/**
 * Creates an element. `props` may hold: class, text (set as textContent), attrs (set as attributes; never an event
 * handler), data (dataset entries), on (event listeners), and any writable DOM property such as href, type, value,
 * hidden, disabled or tabIndex. Children are nodes, strings (added as text), arrays of either, or null.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = String(value);
    else if (name === 'attrs') setAttributes(el, value);
    else if (name === 'data') Object.assign(el.dataset, value);
    else if (name === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else el[name] = value;
  }
  append(el, children);
  return el;
}

function setAttributes(el, attrs) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (/^on/i.test(name) || name.toLowerCase() === 'style') throw new Error(`refusing attribute ${name}`);
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

/** Appends children: nodes as they are, anything else as a text node. */
export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Removes every child of `el`. */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Replaces the children of `el`. */
export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

let ids = 0;
/** A fresh id for label/aria wiring. */
export function uid(prefix = 'id') {
  ids += 1;
  return `${prefix}-${ids}`;
}
