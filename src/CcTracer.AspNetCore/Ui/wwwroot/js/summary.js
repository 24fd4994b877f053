// The summary bar at the bottom (as DevTools' status bar): calls, tokens in/out, cache hit %, the
// estimated cost (with the pricing table's date), wall time, TTFT p50 and the 5h/7d quota meters.
// Also the per-row cells: the cache verdict chip and cost · TTFT · tok/s.
import { $, h } from './dom.js';
import { fmtMs, fmtTok } from './format.js';
import { S } from './state.js';
import { callOf, onAnalysis } from './analysis.js';

export function fmtUsd(x) {
  if (x == null) return '–';
  if (x === 0) return '$0';
  if (x < 0.01) return '$' + x.toFixed(4);
  if (x < 10) return '$' + x.toFixed(3);
  return '$' + x.toFixed(2);
}

const pct = (x) => (x == null ? '–' : (x * 100).toFixed(x >= 0.995 || x < 0.1 ? 1 : 0) + '%');

/** The newest sample of each quota window ({name, utilization, reset, status}). */
function latestQuota() {
  const out = new Map();
  for (const q of (S.an && S.an.quota) || []) for (const w of q.windows || []) out.set(w.name, Object.assign({ ts: q.ts }, w));
  return [...out.values()];
}

function item(key, label, value, title) {
  return h('span', { class: 'sm', 'data-k': key, title }, h('span', { class: 'dim' }, label + ' '), h('b', null, value));
}

function meter(w) {
  const u = w.utilization == null ? null : (w.utilization > 1 ? w.utilization / 100 : w.utilization);
  const bar = h('span', { class: 'meter' + (u >= 0.9 ? ' bad' : u >= 0.7 ? ' warn' : '') }, h('i', { style: { width: Math.min(100, (u || 0) * 100).toFixed(1) + '%' } }));
  const title = 'Quota window ' + w.name + ': ' + pct(u) + ' used' + (w.reset ? ', resets ' + new Date(w.reset).toLocaleString() : '') + (w.status ? ' (' + w.status + ')' : '') + '\nfrom the anthropic-ratelimit-unified-* headers of the response at ' + w.ts;
  return h('span', { class: 'sm quota', 'data-k': 'quota-' + w.name, 'data-utilization': u == null ? '' : u.toFixed(3), title }, h('span', { class: 'dim' }, w.name + ' '), bar, ' ' + pct(u));
}

export function renderSummary() {
  const bar = $('#summary');
  const s = S.an && S.an.session;
  bar.hidden = !S.sid;
  if (!s) { bar.replaceChildren(h('span', { class: 'dim' }, S.sid ? 'No analysis for this session yet.' : '')); return; }
  const totalIn = (s.input_tokens || 0) + (s.cache_read_tokens || 0) + (s.cache_write_tokens || 0);
  const unknown = (s.unknown_models || []).length ? '\nNot priced (unknown models): ' + s.unknown_models.join(', ') : '';
  const verdicts = Object.entries(s.verdicts || {}).map(([k, v]) => k + ' ' + v).join(', ');
  bar.replaceChildren(
    item('calls', 'calls', String(s.calls), verdicts ? 'Cache verdicts: ' + verdicts : undefined),
    item('tokens', 'tokens', fmtTok(totalIn) + ' in / ' + fmtTok(s.output_tokens) + ' out',
      'input ' + (s.input_tokens || 0).toLocaleString() + ' · cache read ' + (s.cache_read_tokens || 0).toLocaleString() + ' · cache write ' + (s.cache_write_tokens || 0).toLocaleString() + ' · output ' + (s.output_tokens || 0).toLocaleString()),
    item('cache', 'cache hit', pct(s.cache_hit_ratio), 'Cache read tokens / all input tokens'),
    item('cost', 'cost', '≈ ' + fmtUsd(s.cost_usd) + (s.unpriced_calls ? ' +?' : ''),
      'An estimate from the pricing table of ' + s.pricing_date + ' (' + (s.pricing_source || 'built in') + '), not a bill.' + unknown),
    h('span', { class: 'dim est' }, 'estimate · prices of ' + (s.pricing_date || '?')),
    item('wall', 'wall', fmtMs(s.wall_ms) || '–', 'From the first request to the last response'),
    item('ttft', 'TTFT p50', fmtMs(s.ttft_p50_ms) || '–', 'Time to first token; p95 ' + (fmtMs(s.ttft_p95_ms) || '–') + (s.output_tps_p50 != null ? ' · output p50 ' + s.output_tps_p50.toFixed(0) + ' tok/s' : '')),
    ...latestQuota().map(meter),
    h('span', { class: 'grow' }),
    h('button', { id: 'ctx-toggle', class: S.chartOpen ? 'on' : '', 'aria-pressed': S.chartOpen ? 'true' : 'false', title: 'Context over time: what filled each call\'s context' }, 'Context chart'),
  );
}

export const VERDICT_TITLE = {
  hit: 'cache hit: the prompt was read from the cache', partial: 'partial: part of the cached prefix was reused, the rest written again',
  miss: 'miss: nothing read from the cache', cold: 'cold: the first call of its thread (nothing to reuse yet)',
  expired: 'expired: the previous call of the thread was longer ago than the cache TTL', none: 'none: the request asks for no caching (no cache_control)',
};

/** The verdict chip of a row (null when no analysis of it). */
export function verdictChip(r) {
  const c = callOf(r);
  if (!c || !c.cache) return null;
  const v = c.cache.verdict;
  return h('span', { class: 'chip v-' + v, 'data-verdict': v, title: (VERDICT_TITLE[v] || v) + (c.cache.break ? '\n' + c.cache.break.detail : '') }, v);
}

/** Cost · TTFT · tok/s of a row. */
export function perfCell(r) {
  const c = callOf(r);
  if (!c) return null;
  const t = c.timing || {};
  return [
    h('span', { 'data-cost': c.cost && c.cost.usd != null ? c.cost.usd : '', title: c.cost && c.cost.note ? c.cost.note : 'estimate (prices of ' + (c.cost && c.cost.pricing_date) + ')' }, c.cost && c.cost.usd != null ? fmtUsd(c.cost.usd) : '?'),
    h('span', { class: 'dim', 'data-ttft': t.ttft_ms != null ? t.ttft_ms : '' }, t.ttft_ms != null ? fmtMs(t.ttft_ms) : '–'),
    h('span', { class: 'dim', 'data-tps': t.output_tps != null ? t.output_tps : '' }, t.output_tps != null ? Math.round(t.output_tps) + '/s' : ''),
  ];
}

export function wireSummary(toggleChart) {
  onAnalysis(renderSummary);
  $('#summary').addEventListener('click', (e) => { if (e.target.closest('#ctx-toggle')) toggleChart(); });
}
