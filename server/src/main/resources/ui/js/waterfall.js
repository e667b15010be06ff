// The waterfall of a trace: one row per span in tree order, indented by depth, with a bar placed and sized to scale
// of the trace's duration. Rows are selected by click, Enter or Space, and moved through with the arrow keys.

import { h } from './dom.js';
import * as fmt from './format.js';

/** The spans of a trace tree in display order, each as {span, depth, hasChildren}. */
export function flatten(roots) {
  const rows = [];
  const visit = (node, depth) => {
    rows.push({ span: node, depth, hasChildren: (node.children ?? []).length > 0 });
    for (const child of node.children ?? []) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return rows;
}

/** What a span is, for its colour: an LLM call, a tool call, an error, or anything else. */
export function spanCategory(span) {
  if (span.statusCode === 'error') return 'error';
  if (span.model || span.provider || ['chat', 'text_completion', 'generate_content', 'embeddings'].includes(span.operation)) {
    return 'llm';
  }
  if (span.operation === 'execute_tool') return 'tool';
  return 'other';
}

/** Rows drawn before the waterfall is first shown, more than a screen holds; the rest follow in chunks. */
const FIRST_ROWS = 80;
const CHUNK_ROWS = 100;

/**
 * Builds the waterfall. `onSelect(span)` is called when a row is selected; returns the element and `select(spanId)`.
 */
export function waterfall(rows, traceStartMs, traceDurationMs, onSelect) {
  const total = Math.max(traceDurationMs, 0.001);
  const trs = [];
  const tbody = h('tbody', { attrs: { role: 'rowgroup' } });
  let selected = null;

  const select = (index, { focus = false } = {}) => {
    if (index < 0 || index >= rows.length) return;
    drawUpTo(index);
    if (selected !== null) {
      trs[selected].setAttribute('aria-selected', 'false');
      trs[selected].tabIndex = -1;
    }
    selected = index;
    const tr = trs[index];
    tr.setAttribute('aria-selected', 'true');
    tr.tabIndex = 0;
    if (focus) tr.focus();
    onSelect(rows[index].span);
  };

  const addRow = (index) => {
    const row = rows[index];
    const { span, depth } = row;
    const category = spanCategory(span);
    const offset = Math.max(0, Date.parse(span.startTime) - traceStartMs);
    const left = Math.min(100, (100 * offset) / total);
    const width = Math.max(0, Math.min(100 - left, (100 * span.durationMs) / total));
    const bar = h('div', { class: `bar ${category}` });
    bar.style.left = `${left}%`;
    bar.style.width = `${width}%`;
    const label = h('span', { class: 'bar-label', text: fmt.duration(span.durationMs) });
    if (left + width > 78) label.style.right = `${100 - left + 0.8}%`;
    else label.style.left = `calc(${left + width}% + 6px)`;
    const name = h('div', { class: 'span-name' },
      h('span', { class: `kind-dot ${category}`, attrs: { 'aria-hidden': 'true' } }),
      h('span', { class: 'label', text: span.name ?? '(no name)', title: span.name ?? '' }));
    name.style.paddingLeft = `${depth * 16}px`;
    const tr = h('tr', {
      class: category === 'error' ? 'error' : '',
      // The rows are laid out as grids (app.css), so their roles are said outright.
      tabIndex: index === 0 ? 0 : -1,
      data: { spanId: span.spanId ?? '' },
      attrs: {
        role: 'row',
        'aria-selected': 'false',
        'aria-level': String(depth + 1),
        'aria-label': `${span.name ?? 'span'}, ${fmt.duration(span.durationMs)}, starts at +${fmt.duration(offset)}`
          + `${category === 'error' ? ', error' : ''}`,
      },
      on: {
        click: () => select(index),
        keydown: (event) => {
          const moves = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1 };
          if (event.key in moves) {
            event.preventDefault();
            select(Math.max(0, Math.min(rows.length - 1, moves[event.key])), { focus: true });
          } else if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            select(index);
          }
        },
      },
    },
    h('td', { attrs: { role: 'gridcell' } }, name),
    h('td', { attrs: { role: 'gridcell' } }, h('div', { class: 'track' }, bar, label)));
    trs.push(tr);
    tbody.append(tr);
  };

  // The first screenful of rows is drawn at once and the rest right after, a chunk per task, so that a trace of
  // hundreds of spans shows without waiting for rows out of view. A row asked for earlier is drawn on demand.
  const drawUpTo = (index) => {
    while (trs.length <= Math.min(index, rows.length - 1)) addRow(trs.length);
  };
  drawUpTo(FIRST_ROWS - 1);
  const drawMore = () => {
    drawUpTo(trs.length + CHUNK_ROWS - 1);
    if (trs.length < rows.length) setTimeout(drawMore, 0);
  };
  if (trs.length < rows.length) setTimeout(drawMore, 0);

  const ticks = h('div', { class: 'ticks', attrs: { 'aria-hidden': 'true' } });
  [0, 0.25, 0.5, 0.75, 1].forEach((f, i, all) => {
    const tick = h('span', {
      class: i === 0 ? 'first' : (i === all.length - 1 ? 'last' : ''),
      text: fmt.duration(total * f),
    });
    tick.style.left = `${f * 100}%`;
    ticks.append(tick);
  });

  const table = h('table', {
    class: 'waterfall',
    attrs: { role: 'grid', 'aria-label': 'Spans of this trace, by start time; arrow keys move between spans' },
  },
  h('thead', { attrs: { role: 'rowgroup' } }, h('tr', { attrs: { role: 'row' } },
    h('th', { scope: 'col', attrs: { role: 'columnheader' }, text: `Span (${rows.length})` }),
    h('th', { scope: 'col', attrs: { role: 'columnheader' } },
      h('span', { class: 'visually-hidden', text: 'Timeline' }), ticks))),
  tbody);

  const legend = h('div', { class: 'legend', attrs: { 'aria-hidden': 'true' } },
    [['llm', 'LLM call'], ['tool', 'Tool call'], ['other', 'Other'], ['error', 'Error']]
      .map(([c, text]) => h('span', {}, h('span', { class: `kind-dot ${c}` }), text)));

  return {
    el: h('div', {}, table, legend),
    select: (spanId, options) => select(rows.findIndex((r) => r.span.spanId === spanId), options),
    selectFirst: () => select(0),
  };
}
