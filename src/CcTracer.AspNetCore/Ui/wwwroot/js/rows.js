// Records become rows: an API exchange (request + response + progress) is one row; every other
// record is its own row. Also what a row shows: its name, status and tokens.
import { $, h } from './dom.js';
import { fmtTok } from './format.js';
import { S } from './state.js';

function kindOf(type) {
  if (type === 'hook' || type === 'hook_rejected') return 'hook';
  if (type === 'api_request' || type === 'api_response') return 'api';
  if (type === 'notice') return 'notice';
  return 'other';
}
const FAIL_EVENTS = /Failure$|Denied$|Error$/;

export function ingest(s) {
  if (!s || typeof s.seq !== 'number' || S.bySeq.has(s.seq)) return null;
  if (s.seq > S.lastSeq) S.lastSeq = s.seq;
  const kind = kindOf(s.type);
  let row;
  if (kind === 'api' && s.exchange_id) {
    row = S.byX.get(s.exchange_id);
    if (!row) { row = { key: 'x:' + s.exchange_id, kind, seq: s.seq, ver: 0 }; S.byX.set(s.exchange_id, row); pushRow(row); }
    if (s.type === 'api_request') { row.req = s; row.seq = s.seq; }
    else { row.res = s; row.progress = null; }
    const p = S.pendingProgress.get(s.exchange_id);
    if (p && !row.res) { row.progress = p; S.pendingProgress.delete(s.exchange_id); }
  } else {
    row = { key: 's:' + s.seq, kind, seq: s.seq, rec: s, ver: 0 };
    pushRow(row);
  }
  S.bySeq.set(s.seq, row);
  computeRow(row);
  return row;
}

function pushRow(row) {
  const last = S.rows[S.rows.length - 1];
  S.rows.push(row);
  if (last && last.seq > row.seq) S.rows.sort((a, b) => a.seq - b.seq);
}

export function computeRow(r) {
  r.ver++;
  const ids = new Set();
  if (r.kind === 'api') {
    const q = r.req || {}, s = r.res || {};
    (s.tool_use_ids || []).forEach((i) => ids.add(i));
    (q.result_tool_use_ids || []).forEach((i) => ids.add(i));
    const total = s.timings && s.timings.total_ms;
    r.start = q.ts ? Date.parse(q.ts) : (s.ts ? Date.parse(s.ts) - (total || 0) : NaN);
    r.end = r.res ? (total != null ? r.start + total : Date.parse(s.ts)) : (r.progress ? r.start + r.progress.t_ms : r.start);
    r.dur = r.res ? (total != null ? total : r.end - r.start) : (r.progress ? r.progress.t_ms : null);
    r.model = q.model || (s.model) || '';
    r.err = !!(r.res && (s.complete === false || s.error || (s.status >= 400)));
    r.seqs = [q.seq, s.seq].filter((x) => x != null);
    // tool_names: the tools this turn called, so the tool filter finds turns even when no hooks are installed.
    r.tools = Array.isArray(s.tool_names) ? s.tool_names : [];
    for (const t of r.tools) addOpt(S.tools, t, '#f-tool');
    if (r.model) addOpt(S.models, r.model, '#f-model');
  } else {
    const s = r.rec;
    if (s.tool_use_id) ids.add(s.tool_use_id);
    (s.tool_use_ids || []).forEach((i) => ids.add(i));
    r.start = r.end = Date.parse(s.ts);
    // Post* hooks report how long the tool ran (summary duration_ms); other records are instants.
    r.dur = typeof s.duration_ms === 'number' ? s.duration_ms : null;
    r.tools = s.tool_name ? [s.tool_name] : [];
    r.seqs = [s.seq];
    r.err = s.type === 'hook_rejected' || (s.type === 'hook' && FAIL_EVENTS.test(s.event || '')) || (s.type === 'notice' && s.level === 'error');
    if (s.type === 'hook' && s.event) addOpt(S.events, s.event, '#f-event');
    if (s.tool_name) { addOpt(S.tools, s.tool_name, '#f-tool'); if (s.tool_use_id) S.toolById.set(s.tool_use_id, s.tool_name); }
  }
  const old = r.ids || [];
  r.ids = [...ids];
  for (const i of r.ids) { if (!old.includes(i)) { if (!S.byId.has(i)) S.byId.set(i, new Set()); S.byId.get(i).add(r); } }
  if (!isNaN(r.start)) { if (r.start < S.t0) S.t0 = r.start; if (r.end > S.t1) S.t1 = r.end; }
  r.hay = haystack(r);
  S.viewDirty = true;
}

function haystack(r) {
  const parts = [];
  for (const s of [r.req, r.res, r.rec]) if (s) parts.push(s.preview, s.event, s.tool_name, s.model, s.message, s.type, s.exchange_id, s.stop_reason, s.path, s.error, s.status, s.api_error && s.api_error.type, s.transport_error, s.damaged ? 'damaged' : null);
  parts.push(...r.ids, ...r.tools);
  return parts.filter((x) => x != null && x !== '').join('\n').toLowerCase();
}

function addOpt(set, v, sel) {
  if (set.has(v)) return;
  set.add(v);
  const el = $(sel), vals = [...set].sort();
  const cur = el.value;
  while (el.options.length > 1) el.remove(1);
  for (const x of vals) el.add(new Option(x, x));
  el.value = cur;
}

export function resetFilterOptions() {
  for (const [set, sel] of [[S.events, '#f-event'], [S.tools, '#f-tool'], [S.models, '#f-model']]) {
    set.clear(); const el = $(sel); const cur = el.value; while (el.options.length > 1) el.remove(1);
    if (cur) { set.add(cur); el.add(new Option(cur, cur)); el.value = cur; }
  }
}

export function rowName(r) {
  if (r.kind === 'api') {
    const q = r.req || {}, s = r.res || {};
    let name = r.model || '(no model)';
    const k = q.kind && q.kind !== 'messages' ? q.kind : (q.path && !/^\/v1\/messages(\?|$)/.test(q.path) ? q.path : '');
    if (k) name += ' · ' + k;
    // The API's own error and a damaged stream come first: they are why the row is red or amber.
    let warn = '';
    if (s.api_error) warn += '⚠ ' + (s.api_error.message || s.api_error.type || 'API error') + '  ';
    if (s.damaged) warn += '⚠ damaged stream: events lost  ';
    // What the turn did (the server's response preview: its tool calls, else its first text):
    // "→ Bash: echo hi", "→ end_turn: Done." Only a turn still waiting shows what was asked.
    if (!r.res) return [name, warn + (q.preview || '')];
    const did = s.stop_reason === 'tool_use' && s.preview ? s.preview : [s.stop_reason, s.preview].filter(Boolean).join(': ');
    return [name, warn + (did ? '→ ' + did : '')];
  }
  const s = r.rec;
  if (s.type === 'hook') return [(s.event || 'hook') + (s.tool_name ? ' · ' + s.tool_name : ''), s.preview || ''];
  // The server's summary of a rejected hook carries the reason as `message` (from the record's `error`).
  if (s.type === 'hook_rejected') return ['hook rejected' + (s.event ? ' · ' + s.event : ''), s.message || s.error || s.preview || ''];
  if (s.type === 'notice') return [(s.level || 'notice') + ': ' + (s.message || ''), ''];
  return [s.type || '(no type)', s.preview || s.message || 'unknown record type — open to see it raw'];
}

export function rowStatus(r) {
  if (r.kind === 'api') {
    const s = r.res;
    if (!s) return r.progress ? ['streaming · ' + r.progress.events + ' ev', 'warn'] : ['pending', 'dim'];
    let t = String(s.status ?? '?');
    if (s.api_error) t += ' ' + (s.api_error.type || 'api error');
    else if (s.complete === false) t += ' incomplete';
    else if (s.error) t += ' error';
    if (s.damaged) t += ' damaged';
    return [t, r.err ? 'bad' : s.damaged ? 'warn' : ''];
  }
  const s = r.rec;
  if (s.type === 'hook_rejected') return ['rejected', 'bad'];
  if (s.type === 'notice') return [s.level || 'notice', s.level === 'error' ? 'bad' : 'warn'];
  if (r.err) return ['failed', 'bad'];
  return ['', ''];
}

export function rowTokens(r) {
  if (r.kind !== 'api') return null;
  const u = r.res && r.res.usage;
  if (!u) return r.progress ? [h('span', null, '~' + fmtTok(r.progress.output_chars) + ' chars')] : null;
  return [fmtTok(u.input_tokens) + ' / ' + fmtTok(u.output_tokens), h('span', { class: 'cache' }, '  ⟳' + fmtTok(u.cache_read_input_tokens || 0) + ' +' + fmtTok(u.cache_creation_input_tokens || 0))];
}
