// A prompt or a completion as chat messages. Content is stored as sent: usually OpenTelemetry GenAI JSON
// ([{"role":"user","parts":[{"type":"text","content":"..."}]}]), sometimes {"role":..,"content":".."} messages, a
// plain string, or JSON of another shape. Everything is shown as text.

import { h } from './dom.js';

/** Parses stored content into messages `{role, parts: [{label, text, code}]}`, or null when it is not messages. */
export function parseMessages(raw) {
  if (raw === null || raw === undefined || raw === '') return [];
  let value = raw;
  if (typeof raw === 'string') {
    const trimmed = raw.trim();
    if (!trimmed.startsWith('[') && !trimmed.startsWith('{') && !trimmed.startsWith('"')) {
      return [{ role: null, parts: [{ text: raw }] }];
    }
    try {
      value = JSON.parse(trimmed);
    } catch {
      return [{ role: null, parts: [{ text: raw }] }];
    }
  }
  return toMessages(value);
}

function toMessages(value) {
  if (typeof value === 'string') return [{ role: null, parts: [{ text: value }] }];
  if (Array.isArray(value)) {
    const messages = value.map(toMessage);
    return messages.every(Boolean) ? messages : null;
  }
  if (value && typeof value === 'object') {
    if (Array.isArray(value.messages)) return toMessages(value.messages);
    const one = toMessage(value);
    return one ? [one] : null;
  }
  return null;
}

function toMessage(m) {
  if (typeof m === 'string') return { role: null, parts: [{ text: m }] };
  if (!m || typeof m !== 'object') return null;
  const inner = m.message && typeof m.message === 'object' ? m.message : m;
  const role = typeof inner.role === 'string' ? inner.role : (typeof inner.type === 'string' ? inner.type : null);
  let parts = null;
  if (Array.isArray(inner.parts)) parts = inner.parts.map(toPart);
  else if (typeof inner.content === 'string') parts = [{ text: inner.content }];
  else if (Array.isArray(inner.content)) parts = inner.content.map(toPart);
  else if (typeof inner.text === 'string') parts = [{ text: inner.text }];
  else if (inner.content && typeof inner.content === 'object') parts = [toPart(inner.content)];
  if (Array.isArray(inner.tool_calls)) parts = (parts ?? []).concat(inner.tool_calls.map(toolCall));
  if (!parts || (!role && parts.length === 0)) return null;
  const finish = inner.finish_reason ?? m.finish_reason;
  return { role, parts, finish: typeof finish === 'string' ? finish : null };
}

function toPart(p) {
  if (typeof p === 'string') return { text: p };
  if (!p || typeof p !== 'object') return { text: JSON.stringify(p), code: true };
  const type = p.type;
  if ((type === 'text' || type === undefined || type === 'input_text' || type === 'output_text')
      && (typeof p.content === 'string' || typeof p.text === 'string')) {
    return { text: typeof p.content === 'string' ? p.content : p.text };
  }
  if (type === 'tool_call' || type === 'function_call') return toolCall(p);
  if (type === 'tool_call_response' || type === 'tool_result' || type === 'function_call_output') {
    const response = p.response ?? p.result ?? p.output ?? p.content;
    return { label: `result${p.id ? ` of ${p.id}` : ''}`, text: asText(response), code: typeof response !== 'string' };
  }
  if (type === 'reasoning' && typeof p.content === 'string') return { label: 'reasoning', text: p.content };
  return { label: typeof type === 'string' ? type : 'part', text: JSON.stringify(p, null, 2), code: true };
}

function toolCall(c) {
  const fn = c.function && typeof c.function === 'object' ? c.function : c;
  const name = typeof fn.name === 'string' ? fn.name : 'tool';
  const args = fn.arguments ?? fn.args ?? fn.input;
  return { label: `tool call${c.id ? ` ${c.id}` : ''}`, text: `${name}(${args === undefined ? '' : asText(args)})`, code: true };
}

function asText(v) {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}

/** Renders stored content as message bubbles, or as preformatted text when it is not messages. */
export function renderContent(raw, { empty = 'None recorded.' } = {}) {
  if (raw === null || raw === undefined || raw === '') return h('p', { class: 'muted', text: empty });
  const messages = parseMessages(raw);
  if (!messages) return h('pre', { class: 'raw', text: prettyJson(raw) });
  return renderMessages(messages);
}

/** Renders parsed messages. */
export function renderMessages(messages) {
  return h('div', { class: 'messages' }, messages.map((m) => h('div', {
    class: `message ${roleClass(m.role)}`,
  },
  m.role ? h('div', { class: 'role', text: m.role + (m.finish ? ` · ${m.finish}` : '') }) : null,
  m.parts.map((p) => h('div', { class: 'part' },
    p.label ? h('div', { class: 'part-label', text: p.label }) : null,
    h('div', { class: p.code ? 'text code' : 'text', text: p.text }))))));
}

function roleClass(role) {
  const r = String(role ?? '').toLowerCase();
  if (r === 'user' || r === 'human') return 'user';
  if (r === 'system' || r === 'developer') return 'system';
  if (r === 'tool' || r === 'function') return 'tool';
  if (r === 'assistant' || r === 'ai' || r === 'model') return 'assistant';
  return 'other';
}

function prettyJson(raw) {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return String(raw);
  }
}

/** The text of the last message of `role` in stored content, or null. */
export function lastMessageOf(raw, role) {
  const messages = parseMessages(raw);
  if (!messages) return null;
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    if (messages[i].role === role) return messages[i];
  }
  return null;
}
