// Time series charts drawn by uPlot (served from its WebJar). Each chart container says how many points and series
// it was handed in data-points and data-series.

import { h } from './dom.js';

// uPlot is loaded by the usage page only (the other pages never parse it): loadCharts() before lineChart().
const UPLOT = '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
let uPlot = null;

/** Loads uPlot once; lineChart() needs it loaded. */
export async function loadCharts() {
  if (!uPlot) uPlot = (await import(UPLOT)).default;
}

export const PALETTE = ['#6366f1', '#10b981', '#f59e0b', '#ef4444', '#06b6d4', '#a855f7', '#84cc16', '#ec4899',
  '#14b8a6', '#f97316'];

/** The colour of the i-th series. */
export function color(i) {
  return PALETTE[i % PALETTE.length];
}

function cssVar(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

const charts = new Set();
let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const chart of charts) {
      if (!chart.root.isConnected) { chart.destroy(); charts.delete(chart); continue; }
      chart.setSize({ width: chart.root.parentElement.clientWidth, height: chart.height });
    }
  }, 150);
});

/**
 * Draws a line chart into `container`: `x` in Unix seconds (one per bucket), `series` as [{label, values}] with one
 * value (or null) per bucket, `format` for the values in the legend and on the axis.
 */
export function lineChart(container, { x, series, format, axisFormat, label }) {
  container.dataset.points = String(x.length);
  container.dataset.series = String(series.length);
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', `${label}: ${series.length} series over ${x.length} time buckets`);
  const text = cssVar('--muted', '#667');
  const grid = cssVar('--border', '#ddd');
  const axis = (values) => ({
    stroke: text,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    font: '11px system-ui, sans-serif',
    ...(values ? { values } : {}),
  });
  const opts = {
    width: Math.max(300, container.clientWidth || container.parentElement.clientWidth),
    height: 220,
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true } },
    series: [
      {},
      ...series.map((s, i) => ({
        label: s.label,
        stroke: color(i),
        fill: series.length === 1 ? `${color(i)}22` : undefined,
        width: 2,
        spanGaps: false,
        points: { show: x.length <= 60, size: 5 },
        value: (u, v) => (v === null || v === undefined ? '—' : format(v)),
      })),
    ],
    axes: [axis(), { ...axis((u, vals) => vals.map((v) => (axisFormat ?? format)(v))), size: 60 }],
    legend: { live: true },
  };
  const chart = new uPlot(opts, [x, ...series.map((s) => s.values)], container);
  chart.height = 220;
  charts.add(chart);
  return chart;
}

/** A chart card: a title, optional controls, and the container the chart is drawn in. */
export function chartCard(title, controls) {
  const id = `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const container = h('div', { class: 'chart', id });
  const card = h('section', { class: 'card chart-card', attrs: { 'aria-labelledby': `${id}-title` } },
    h('div', { class: 'chart-head' }, h('h2', { id: `${id}-title`, text: title }), h('div', { class: 'spacer' }), controls),
    container);
  return { card, container };
}
