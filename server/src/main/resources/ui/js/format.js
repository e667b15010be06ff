// Numbers, durations, costs and times as people read them.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});
const full = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  fractionalSecondDigits: 3, hour12: false, timeZoneName: 'short',
});

export const DASH = '—';

/** 0.42 ms, 12 ms, 1.25 s, 2 m 05 s. */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(Number(ms))) return DASH;
  const v = Number(ms);
  if (v === 0) return '0 ms';
  if (v < 1) return `${v.toFixed(2)} ms`;
  if (v < 10) return `${v.toFixed(1)} ms`;
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 10_000) return `${(v / 1000).toFixed(2)} s`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)} s`;
  const minutes = Math.floor(v / 60_000);
  const seconds = Math.round((v % 60_000) / 1000);
  if (minutes < 60) return `${minutes} m ${String(seconds).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} m`;
}

/** US dollars with four decimals ($0.0123); tiny amounts keep two significant digits. */
export function cost(usd) {
  if (usd === null || usd === undefined) return DASH;
  const v = Number(usd);
  if (Number.isNaN(v)) return DASH;
  if (v === 0) return '$0';
  if (Math.abs(v) < 0.0001) return `$${v.toPrecision(2)}`;
  if (Math.abs(v) >= 1000) return `$${integer.format(v)}`;
  return `$${v.toFixed(4)}`;
}

/** 12,345 */
export function count(n) {
  if (n === null || n === undefined) return DASH;
  return integer.format(Number(n));
}

/** 1.2k, 3.4M for chart axes. */
export function compact(n) {
  const v = Number(n);
  if (Math.abs(v) >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (Math.abs(v) >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(2)}`;
}

/** A time of today as 14:03:07, another day as Dec 1, 14:03:07 (local time). */
export function time(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const now = new Date();
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth()
    && d.getDate() === now.getDate();
  return sameDay ? timeOfDay.format(d) : dayAndTime.format(d);
}

/** The full local date and time with milliseconds and zone, for tooltips. */
export function fullTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : full.format(d);
}

/** A percentage of two counts, 2.5% */
export function percent(part, total) {
  if (!total) return DASH;
  return `${((100 * part) / total).toFixed(1)}%`;
}
