// The context-over-time chart: one point per API call (in order), stacked areas of what filled its
// context by category (GET …/analysis calls[].context.categories). Click a call to open it. Hand-written SVG.
import { $, h } from './dom.js';
import { fmtTok } from './format.js';
import { S } from './state.js';
import { onAnalysis } from './analysis.js';
import { select } from './selection.js';

export const CATEGORIES = ['system', 'tools', 'user_text', 'assistant_text', 'thinking', 'tool_use', 'tool_result', 'image', 'document', 'other'];
export const catLabel = (c) => c.replace('_', ' ');

const NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...kids) {
  const el = document.createElementNS(NS, tag);
  for (const k in attrs || {}) if (attrs[k] != null) el.setAttribute(k, attrs[k]);
  for (const k of kids.flat()) if (k != null) el.append(k);
  return el;
}

export function toggleChart() {
  S.chartOpen = !S.chartOpen;
  renderChart();
  const b = $('#ctx-toggle');
  if (b) { b.classList.toggle('on', S.chartOpen); b.setAttribute('aria-pressed', S.chartOpen ? 'true' : 'false'); }
}

const H = 140, PAD_L = 46, PAD_R = 8, PAD_T = 8, PAD_B = 18;

export function renderChart() {
  const box = $('#ctxchart');
  box.hidden = !S.chartOpen;
  if (!S.chartOpen) return;
  const calls = ((S.an && S.an.calls) || []).filter((c) => c.context && c.context.categories);
  if (!calls.length) { box.replaceChildren(h('div', { class: 'note' }, S.an ? 'No call with a context breakdown yet.' : 'No analysis for this session.')); return; }
  const W = Math.max(200, box.clientWidth || 800);
  const tok = (c, cat) => { const p = c.context.categories.find((x) => x.name === cat); return p ? p.tokens : 0; };
  const max = Math.max(1, ...calls.map((c) => c.context.tokens || 0));
  const n = calls.length;
  const x = (i) => PAD_L + (n === 1 ? (W - PAD_L - PAD_R) / 2 : (i / (n - 1)) * (W - PAD_L - PAD_R));
  const y = (v) => PAD_T + (1 - v / max) * (H - PAD_T - PAD_B);
  const present = CATEGORIES.filter((cat) => calls.some((c) => tok(c, cat) > 0));
  const base = new Array(n).fill(0);
  const areas = [];
  for (const cat of present) {
    const top = calls.map((c, i) => base[i] + tok(c, cat));
    // One call: a bar-like band instead of an invisible zero-width area.
    const xs = n === 1 ? [x(0) - 6, x(0) + 6] : calls.map((_, i) => x(i));
    const ups = n === 1 ? [top[0], top[0]] : top, downs = n === 1 ? [base[0], base[0]] : base;
    const d = 'M' + xs.map((xx, i) => xx.toFixed(1) + ',' + y(ups[i]).toFixed(1)).join('L') + 'L' + xs.map((xx, i) => xx.toFixed(1) + ',' + y(downs[i]).toFixed(1)).reverse().join('L') + 'Z';
    areas.push(s('path', { d, class: 'area cat-' + cat, 'data-category': cat }, s('title', null, catLabel(cat))));
    for (let i = 0; i < n; i++) base[i] = top[i];
  }
  // Compactions (threads): where a thread's context was replaced by a summary.
  const marks = [];
  for (const cp of (S.th && S.th.compactions) || []) {
    const i = calls.findIndex((c) => c.seq >= cp.after_seq);
    if (i > 0) marks.push(s('line', { x1: x(i - 0.5), x2: x(i - 0.5), y1: PAD_T, y2: H - PAD_B, class: 'compaction' }, s('title', null, 'compaction (' + cp.trigger + ', ' + cp.source + ')')));
  }
  const sel = S.selected && S.selected.kind === 'api' ? (S.selected.req || S.selected.res).exchange_id : null;
  const bands = calls.map((c, i) => {
    const half = n === 1 ? 8 : Math.max(1.5, (W - PAD_L - PAD_R) / (n - 1) / 2);
    const parts = present.map((cat) => catLabel(cat) + ' ' + fmtTok(tok(c, cat))).join(', ');
    return s('rect', { x: (x(i) - half).toFixed(1), y: PAD_T, width: (half * 2).toFixed(1), height: H - PAD_T - PAD_B, class: 'pt' + (c.exchange_id === sel ? ' on' : ''), 'data-seq': c.seq, 'data-exchange-id': c.exchange_id },
      s('title', null, '#' + c.seq + ' ' + (c.model || '') + ': ' + fmtTok(c.context.tokens) + ' tokens\n' + parts));
  });
  const grid = [0.5, 1].map((f) => [s('line', { x1: PAD_L, x2: W - PAD_R, y1: y(max * f), y2: y(max * f), class: 'grid' }), s('text', { x: PAD_L - 4, y: y(max * f) + 3, class: 'lbl end' }, fmtTok(Math.round(max * f)))]);
  const svg = s('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'Context over time' },
    grid, areas, marks, bands,
    s('text', { x: PAD_L, y: H - 4, class: 'lbl' }, 'call 1'), s('text', { x: W - PAD_R, y: H - 4, class: 'lbl end' }, 'call ' + n));
  box.replaceChildren(h('div', { class: 'legend' }, h('b', null, 'Context over time'), present.map((cat) => h('span', null, h('i', { class: 'cat-' + cat }), catLabel(cat))), h('span', { class: 'dim' }, 'tokens per call (estimated, scaled to the real input) · click a call to open it')), svg);
}

export function wireChart() {
  onAnalysis(() => { if (S.chartOpen) renderChart(); });
  $('#ctxchart').addEventListener('click', (e) => {
    const pt = e.target.closest('rect.pt');
    if (!pt) return;
    const r = S.byX.get(pt.dataset.exchangeId);
    if (r) { S.tab = 'context'; S.apiTab = 'context'; select(r, { scroll: true }); renderChart(); }
  });
  window.addEventListener('resize', () => { if (S.chartOpen) renderChart(); });
}
