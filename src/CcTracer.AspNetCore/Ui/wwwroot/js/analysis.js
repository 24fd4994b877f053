// The session's analysis (GET api/sessions/{id}/analysis; live: the feed's `analysis` event after each
// api_response) and threads (GET api/sessions/{id}/threads; refetched with ?after= as calls arrive).
// Both are indexes over the rows: S.an.byX / S.th.byX map an exchange_id to its call.
import { getJson, sessPath } from './api.js';
import { S } from './state.js';
import { schedule } from './timeline.js';
import { renderDetail } from './detail.js';

const listeners = [];
/** Calls <fn> whenever the analysis or the threads changed (summary bar, chart, lanes). */
export function onAnalysis(fn) { listeners.push(fn); }

function changed() {
  S.anVer++;
  for (const fn of listeners) { try { fn(); } catch (e) { console.warn('analysis view failed', e); } }
  if (S.selected && S.selected.kind === 'api' && ['context', 'cache', 'diff'].includes(S.tab)) renderDetail();
  schedule();
}

/** The analysis of an API row ({seq, context, cache, cost, timing, …}), or null. */
export function callOf(r) {
  if (!S.an || !r || r.kind !== 'api') return null;
  const x = r.req || r.res;
  return (x && S.an.byX.get(x.exchange_id)) || null;
}

function putCall(c) {
  if (!c || !c.exchange_id) return;
  if (!S.an.byX.has(c.exchange_id)) S.an.calls.push(c); else S.an.calls[S.an.calls.indexOf(S.an.byX.get(c.exchange_id))] = c;
  S.an.byX.set(c.exchange_id, c);
}

let anToken = 0, thToken = 0;

/** Loads both for the session just opened; a server without them (404) leaves the UI as it was. */
export function loadAnalysis(sid) {
  const tok = ++anToken, ttok = ++thToken;
  getJson(sessPath(sid) + '/analysis').then((a) => {
    if (tok !== anToken || sid !== S.sid) return;
    S.an = { session: a.session, calls: [], byX: new Map(), quota: a.quota || [] };
    for (const c of a.calls || []) putCall(c);
    S.an.calls.sort((x, y) => x.seq - y.seq);
    changed();
  }, () => {});
  getJson(sessPath(sid) + '/threads').then((t) => {
    if (ttok !== thToken || sid !== S.sid) return;
    S.th = { byX: new Map(), threads: new Map(), compactions: [], lastSeq: 0, raw: t };
    mergeThreads(t);
    changed();
  }, () => {});
}

function mergeThreads(t) {
  for (const th of t.threads || []) S.th.threads.set(th.id, th);
  for (const c of t.calls || []) if (c.exchange_id && c.thread) S.th.byX.set(c.exchange_id, Object.assign({ seq: c.seq }, c.thread));
  if (Array.isArray(t.compactions)) S.th.compactions = t.compactions;
  S.th.resumedFrom = t.resumed_from; S.th.continuedBy = t.continued_by;
  if (t.last_seq > S.th.lastSeq) S.th.lastSeq = t.last_seq;
}

/** The feed's `analysis` event: one completed call and the session's new totals. */
export function onAnalysisEvent(d) {
  if (!d || d.session_id !== S.sid || !S.an) return;
  putCall(d.call);
  S.an.calls.sort((x, y) => x.seq - y.seq);
  if (d.session) S.an.session = d.session;
  if (d.quota) S.an.quota.push(d.quota);
  changed();
}

let thTimer = 0;
/** A new api_request: which thread it belongs to is known as soon as the request is (debounced refetch). */
export function noteCallRecord(rec) {
  if (!S.th || rec.session_id !== S.sid || (rec.type !== 'api_request' && rec.type !== 'hook')) return;
  clearTimeout(thTimer);
  const sid = S.sid, tok = thToken;
  thTimer = setTimeout(() => {
    getJson(sessPath(sid) + '/threads?after=' + S.th.lastSeq).then((t) => {
      if (tok !== thToken || sid !== S.sid) return;
      mergeThreads(t);
      changed();
    }, () => {});
  }, 150);
}

/** The calls of a thread in order (the thread's `calls` seqs), as rows. */
export function threadRows(id) {
  const th = S.th && S.th.threads.get(id);
  if (!th) return [];
  return (th.calls || []).map((seq) => S.bySeq.get(seq)).filter(Boolean);
}
