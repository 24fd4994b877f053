// Detail tabs of an API call built from the session analysis: Context (what filled the context) and
// Cache (the verdict, and for a broken cache the explainer's sentence and the exact change).
import { h, pre, pretty, sec, kv } from './dom.js';
import { fmtBytes, fmtMs, fmtTok } from './format.js';
import { S } from './state.js';
import { callOf } from './analysis.js';
import { CATEGORIES, catLabel } from './ctxchart.js';
import { VERDICT_TITLE } from './summary.js';
import { select } from './selection.js';

const noAnalysis = (r) => [h('div', { class: 'note' }, r.res ? (S.an ? 'This call has no analysis (not a completed Messages API call).' : 'No analysis for this session.') : 'The analysis appears when the response completes.')];

function partsTable(parts, key, total, label) {
  const rows = parts.map((p) => h('tr', { 'data-part': String(p[key]) },
    h('td', { class: 'k' }, String(p[key])), h('td', { class: 'n' }, fmtTok(p.tokens)), h('td', { class: 'n' }, total ? (p.tokens / total * 100).toFixed(1) + '%' : ''),
    h('td', { class: 'n' }, fmtBytes(p.bytes)), h('td', { class: 'n' }, p.count != null ? String(p.count) : '')));
  return h('table', { class: 't' }, h('thead', null, h('tr', null, h('th', null, label), h('th', null, 'tokens'), h('th', null, 'share'), h('th', null, 'bytes'), h('th', null, 'count'))), h('tbody', null, rows));
}

function context(r) {
  const c = callOf(r);
  if (!c || !c.context) return noAnalysis(r);
  const x = c.context, total = x.tokens || 0;
  const cats = CATEGORIES.map((n) => x.categories.find((p) => p.name === n)).filter((p) => p && p.tokens > 0)
    .concat(x.categories.filter((p) => !CATEGORIES.includes(p.name) && p.tokens > 0));
  const share = (p) => (total ? p.tokens / total * 100 : 0);
  const top = (x.top_tool_results || []).slice(0, 10), files = (x.top_files || []).slice(0, 10);
  return [
    kv([['context', fmtTok(total) + ' tokens · ' + fmtBytes(x.bytes)], ['model', c.model], ['note', x.scaled ? 'estimated per part, scaled so the parts add up to the call\'s real input (input + cache read + cache write)' : 'estimated from the request\'s bytes']]),
    h('div', { class: 'stack tall', 'data-context-bar': '' }, cats.map((p) => h('span', { class: 'cat-' + p.name, 'data-category': p.name, style: { width: share(p).toFixed(2) + '%' }, title: catLabel(p.name) + ': ' + fmtTok(p.tokens) + ' (' + share(p).toFixed(1) + '%)' }))),
    h('div', { class: 'legend' }, cats.map((p) => h('span', null, h('i', { class: 'cat-' + p.name }), catLabel(p.name) + ' ' + share(p).toFixed(1) + '%'))),
    h('h3', { class: 'h' }, 'What filled the context'),
    top.length || files.length ? h('div', { class: 'top', 'data-top': '' },
      top.length ? partsTable(top, 'tool', total, 'tool results by tool') : null,
      files.length ? partsTable(files, 'path', total, 'by file') : null) : h('div', { class: 'note' }, 'No tool results or files in this request.'),
    sec('By category', cats.length, partsTable(cats, 'name', total, 'category')),
    (x.tool_groups || []).length ? sec('Tool definitions', x.tool_groups.length + ' groups', x.tool_groups.map((g) => [h('h3', { class: 'h' }, g.name + ' · ' + fmtTok(g.tokens) + ' tokens'), g.tools ? partsTable(g.tools, 'name', total, 'tool') : null]), false) : null,
    (x.system_blocks || []).length ? sec('System blocks', x.system_blocks.length, partsTable(x.system_blocks, 'index', total, 'block'), false) : null,
  ];
}

function cache(r) {
  const c = callOf(r);
  if (!c || !c.cache) return noAnalysis(r);
  const k = c.cache, b = k.break;
  const out = [
    h('div', { class: 'banner' + (b ? ' bad' : k.verdict === 'hit' ? '' : ' warn'), 'data-verdict': k.verdict }, h('span', { class: 'chip v-' + k.verdict }, k.verdict), ' ', VERDICT_TITLE[k.verdict] || ''),
    kv([['cache read', fmtTok(k.read_tokens) + ' tokens'], ['cache write', fmtTok(k.write_tokens) + ' tokens'], ['TTL', k.ttl_s >= 3600 ? '1 h' : Math.round(k.ttl_s / 60) + ' min'], ['since the thread\'s previous call', k.gap_ms != null ? fmtMs(k.gap_ms) : undefined]]),
  ];
  if (b) {
    out.push(h('h3', { class: 'h' }, 'Why the cache broke'),
      h('div', { class: 'banner warn', 'data-cache-break': b.at }, h('b', null, b.detail)),
      h('div', { class: 'toolbar' }, h('span', { class: 'dim' }, 'compared with call #' + b.compared_with_seq + ', the previous call of this thread'),
        h('button', { 'data-goto': b.compared_with_seq, onclick: () => { const o = S.bySeq.get(b.compared_with_seq); if (o) select(o, { scroll: true }); } }, 'Open #' + b.compared_with_seq),
        h('button', { 'data-open-diff': '', onclick: () => { S.compare = { a: b.compared_with_seq, b: r.seq }; S.tab = 'diff'; S.apiTab = 'diff'; select(r); } }, 'Full diff')));
    if (b.diff) {
      const d = b.diff;
      out.push(kv([['where', d.section + (d.index != null ? ' ' + d.index : '') + (d.name ? ' (' + d.name + ')' : '')], ['at character', d.position != null ? d.position.toLocaleString() : undefined]]),
        h('div', { class: 'diff', 'data-break-diff': '' }, h('div', { class: 'del' }, h('span'), h('span'), h('span', null, '−'), h('span', null, d.before == null ? '(absent)' : d.before)),
          h('div', { class: 'add' }, h('span'), h('span'), h('span', null, '+'), h('span', null, d.after == null ? '(absent)' : d.after))));
    }
  }
  out.push(h('h3', { class: 'h' }, 'The API\'s own diagnosis'),
    k.api_reason != null ? h('div', { 'data-api-reason': '' }, pre(typeof k.api_reason === 'string' ? k.api_reason : pretty(k.api_reason)))
      : h('div', { class: 'note' }, 'The response carried none (diagnostics.cache_miss_reason comes only when Claude Code asks for it; the tracer never adds headers or betas to get it).'));
  return out;
}

export const ANALYSIS_TABS = { context, cache };
