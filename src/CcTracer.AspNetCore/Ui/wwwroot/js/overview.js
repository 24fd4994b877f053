// The overview strip above the list: the whole session at a glance (every call as a sliver, packed
// into lanes; hooks as ticks underneath) and the waterfall's zoom window over it. Drag on the strip
// to pick a window, drag the window to pan it, drag its edges to resize, wheel (here or on the
// waterfall's axis) to zoom around the pointer, double-click or "Reset" for the whole session.
import { $ } from './dom.js';
import { fmtMs } from './format.js';
import { S, ROW_H, wfRange } from './state.js';
import { schedule, scrollToRow } from './timeline.js';

const H = 40, HOOK_H = 6, MIN_SPAN = 50;
let drawKey = '';

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** Redraws the strip when the rows, the session's span or the strip's width changed; places the window every time. */
export function renderOverview() {
  const box = $('#overview'), cv = $('#ov-canvas');
  const w = box.clientWidth;
  const key = S.rows.length + ':' + S.lastSeq + ':' + S.t0 + ':' + S.t1 + ':' + w + ':' + S.anVer + ':' + S.view.length;
  if (key !== drawKey) { drawKey = key; draw(cv, w); }
  placeWindow();
}

function draw(cv, w) {
  const dpr = window.devicePixelRatio || 1;
  cv.width = Math.max(1, Math.round(w * dpr)); cv.height = Math.round(H * dpr);
  const g = cv.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, H);
  if (!isFinite(S.t0) || S.t1 <= S.t0) return;
  const span = S.t1 - S.t0, x = (t) => ((t - S.t0) / span) * w;
  const lanes = 8, laneEnd = new Array(lanes).fill(-Infinity), bars = [];
  const colors = { api: css('--bar-api'), bad: css('--bad'), hook: css('--bar-hook'), notice: css('--bar-notice') };
  let spill = 0, used = 1;
  for (const r of S.view) {
    if (isNaN(r.start)) continue;
    const x0 = x(r.start);
    if (r.kind !== 'api') { g.fillStyle = r.err ? colors.bad : (r.kind === 'hook' ? colors.hook : colors.notice); g.fillRect(x0, H - HOOK_H, 1, HOOK_H); continue; }
    const x1 = Math.max(x0 + 1, x(r.end));
    // First lane free at this pixel; when all are busy, spread the overflow over the lanes.
    let lane = laneEnd.findIndex((e) => e <= x0);
    if (lane < 0) lane = spill++ % lanes;
    laneEnd[lane] = x1 + 1; used = Math.max(used, lane + 1);
    bars.push([x0, x1, lane, r]);
  }
  // Lanes share the height: one lane (calls one after another) gets it all.
  const lh = Math.min(12, (H - HOOK_H - 3) / used);
  for (const [x0, x1, lane, r] of bars) {
    g.fillStyle = r.err ? colors.bad : (r.laneColor || colors.api);
    g.fillRect(x0, 2 + lane * lh, x1 - x0, Math.max(1, lh - 1));
  }
}

function placeWindow() {
  const box = $('#overview'), win = $('#ov-win');
  const zoomed = !!S.win && isFinite(S.t0);
  box.dataset.zoomed = zoomed ? 'true' : 'false';
  $('#ov-reset').hidden = !zoomed;
  if (!zoomed) { win.hidden = true; $('#ov-label').textContent = isFinite(S.t0) && S.t1 > S.t0 ? 'Session ' + fmtMs(S.t1 - S.t0) + ' — drag or wheel to zoom' : ''; return; }
  const span = Math.max(1, S.t1 - S.t0), [a, b] = S.win;
  win.hidden = false;
  win.style.left = ((a - S.t0) / span * 100).toFixed(3) + '%';
  win.style.width = Math.max(0.2, (b - a) / span * 100).toFixed(3) + '%';
  win.dataset.from = Math.round(a - S.t0); win.dataset.to = Math.round(b - S.t0);
  $('#ov-label').textContent = '+' + fmtMs(a - S.t0) + ' … +' + fmtMs(b - S.t0) + '  (' + fmtMs(b - a) + ')';
}

/** Sets the zoom window (epoch ms), clamped to the session; a window of (nearly) the whole session is no zoom. */
export function setWindow(a, b) {
  if (!isFinite(S.t0) || S.t1 <= S.t0) { S.win = null; schedule(); return; }
  const total = S.t1 - S.t0;
  let span = Math.max(Math.min(MIN_SPAN, total), b - a);
  if (span >= total * 0.999) { S.win = null; schedule(); return; }
  a = Math.max(S.t0, Math.min(a, S.t1 - span));
  S.win = [a, a + span];
  schedule();
}

export function resetZoom() { S.win = null; schedule(); }

/** Zooms by <factor> (< 1 in, > 1 out) keeping time <at> under the pointer. */
function zoomAround(at, factor) {
  const [a, b] = wfRange();
  const f = (at - a) / Math.max(1, b - a);
  const span = (b - a) * factor;
  setWindow(at - f * span, at - f * span + span);
}

/** Scrolls the list to the window's first row unless rows on screen already fall in it (else they would show no bars). */
function revealWindow() {
  if (!S.win) return;
  const [a, b] = S.win, tl = $('#timeline');
  const first = Math.floor(tl.scrollTop / ROW_H), last = Math.min(S.view.length, Math.ceil((tl.scrollTop + tl.clientHeight) / ROW_H));
  for (let i = first; i < last; i++) if (S.view[i].end >= a && S.view[i].start <= b) return;
  const r = S.view.find((x) => x.end >= a);
  if (r) scrollToRow(r);
}

export function wireOverview() {
  const box = $('#overview');
  const timeAt = (clientX) => { const rc = box.getBoundingClientRect(); return S.t0 + ((clientX - rc.left) / Math.max(1, rc.width)) * (S.t1 - S.t0); };
  const wheel = (toTime) => (e) => {
    if (!isFinite(S.t0)) return;
    e.preventDefault();
    zoomAround(toTime(e), Math.pow(1.0015, e.deltaY));
  };
  box.addEventListener('wheel', wheel((e) => timeAt(e.clientX)), { passive: false });
  $('#axis').addEventListener('wheel', wheel((e) => {
    const rc = $('#axis').getBoundingClientRect(), [a, b] = wfRange();
    return a + ((e.clientX - rc.left) / Math.max(1, rc.width)) * (b - a);
  }), { passive: false });
  box.addEventListener('dblclick', resetZoom);
  $('#ov-reset').addEventListener('click', (e) => { e.stopPropagation(); resetZoom(); });
  box.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || !isFinite(S.t0) || e.target.closest('#ov-reset')) return;
    e.preventDefault();
    try { box.setPointerCapture(e.pointerId); } catch { /* a synthetic pointer: moves still reach the strip */ }
    const t = timeAt(e.clientX), w0 = S.win;
    const mode = e.target.classList.contains('l') ? 'left' : e.target.classList.contains('r') ? 'right' : (w0 && e.target.closest('#ov-win') ? 'pan' : 'brush');
    let moved = false;
    const move = (ev) => {
      const now = timeAt(ev.clientX);
      moved = moved || Math.abs(ev.clientX - e.clientX) > 2;
      if (!moved) return;
      if (mode === 'brush') setWindow(Math.min(t, now), Math.max(t, now));
      else if (mode === 'pan') setWindow(w0[0] + (now - t), w0[1] + (now - t));
      else if (mode === 'left') setWindow(Math.min(now, w0[1] - MIN_SPAN), w0[1]);
      else setWindow(w0[0], Math.max(now, w0[0] + MIN_SPAN));
    };
    const up = () => {
      box.removeEventListener('pointermove', move); box.removeEventListener('pointerup', up); box.removeEventListener('pointercancel', up);
      // A click (no drag) on a zoomed strip centres the window there.
      if (!moved && mode === 'brush' && w0) { const half = (w0[1] - w0[0]) / 2; setWindow(t - half, t + half); }
      revealWindow();
    };
    box.addEventListener('pointermove', move); box.addEventListener('pointerup', up); box.addEventListener('pointercancel', up);
  });
}
