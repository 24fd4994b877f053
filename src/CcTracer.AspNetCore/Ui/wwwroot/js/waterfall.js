// The waterfall column: one bar per API exchange (TTFB shaded), a tick per instant record, and the
// time axis in the header. Positions are CSSOM percentages of the session's span (S.t0..S.t1).
import { $, h } from './dom.js';
import { fmtClock, fmtMs } from './format.js';
import { S, wfRange } from './state.js';

export function waterfallBar(r) {
  if (isNaN(r.start) || !isFinite(S.t0)) return null;
  const [a, b] = wfRange();
  // Zoomed in: what lies wholly outside the window has no bar (the cell clips the rest).
  if (r.start > b || r.end < a) return null;
  const span = Math.max(1, b - a);
  const left = ((r.start - a) / span) * 100;
  // An instant at the very end would be drawn half outside the column: keep its 3 px inside.
  if (r.kind !== 'api') return h('div', { class: 'bar pt', style: { left: 'min(calc(' + left.toFixed(3) + '% - 1px), calc(100% - 3px))' } });
  const w = Math.max(0, ((r.end - r.start) / span) * 100);
  const bar = h('div', { class: 'bar' + (r.res ? '' : ' streaming'), style: { left: Math.min(left, 99.5).toFixed(3) + '%', width: w.toFixed(3) + '%' } });
  const tm = r.res && r.res.timings;
  if (tm && tm.ttfb_ms != null && tm.total_ms) bar.appendChild(h('div', { class: 'w', style: { width: Math.min(100, (tm.ttfb_ms / tm.total_ms) * 100).toFixed(1) + '%' } }));
  return bar;
}

const STEPS = [100, 250, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5, 72e5, 216e5, 432e5, 864e5];
let axisKey = '';

export function renderAxis() {
  const ax = $('#axis');
  const [a, b] = wfRange();
  const key = a + ':' + b + ':' + ax.clientWidth;
  if (key === axisKey) return;
  axisKey = key;
  if (!isFinite(a) || b <= a) { ax.replaceChildren('Waterfall'); return; }
  const span = b - a;
  const maxTicks = Math.max(1, Math.floor((ax.clientWidth || 300) / 75));
  const step = STEPS.find((s) => span / s <= maxTicks) || span / maxTicks;
  const ticks = [];
  // No label starts in the last 8 %: it would be cut off at the column's edge.
  for (let t = 0; t <= span * 0.92 || t === 0; t += step) ticks.push(h('span', { class: 'tick', style: { left: ((t / span) * 100).toFixed(2) + '%' } }, t === 0 ? fmtClock(a).slice(0, 8) : '+' + fmtMs(t + (a - S.t0))));
  ax.replaceChildren(...ticks);
}
