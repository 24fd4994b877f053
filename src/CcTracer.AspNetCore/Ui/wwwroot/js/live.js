// The live feed (api/live, server-sent events): new records, streaming progress and sessions as
// they happen; a gap in seqs or a reconnect triggers a resync from the records API.
import { $ } from './dom.js';
import { api, getJson, sessPath } from './api.js';
import { S } from './state.js';
import { ingest, computeRow } from './rows.js';
import { schedule } from './timeline.js';
import { recomputeRelated } from './selection.js';
import { openDetail, renderDetail } from './detail.js';
import { loadAnalysis, onAnalysisEvent, noteCallRecord } from './analysis.js';
import { announceSession, loadSession, loadSessions, noteRecord, renderSessions, upsertSession } from './sessions.js';

let es = null, retry = 0, resyncing = false, resyncAgain = false;

function setConn(state, text) { const c = $('#conn'); c.dataset.state = state; c.textContent = text || state; }

export function connect() {
  if (es) es.close();
  setConn(S.everOpen ? 'reconnecting' : 'connecting');
  es = new EventSource(api('api/live'));
  es.onopen = () => {
    retry = 0;
    setConn('live');
    if (S.everOpen) resync(); // a server restart or network blip: catch up
    S.everOpen = true;
  };
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) { setConn('offline', 'offline — retrying'); setTimeout(connect, Math.min(10000, 1000 * 2 ** retry++)); }
    else setConn('reconnecting', 'reconnecting…');
  };
  const on = (name, fn) => es.addEventListener(name, (e) => { let d; try { d = JSON.parse(e.data); } catch { return; } fn(d); });
  on('hello', (d) => { if (d && d.version) $('#ver').textContent = ' ' + d.version; });
  on('record', onRecord);
  on('progress', onProgress);
  on('analysis', onAnalysisEvent);
  on('session', (s) => { const isNew = upsertSession(s); renderSessions(); if (isNew) announceSession(s); });
  on('dropped', () => resync());
}

export function onRecord(s) {
  if (!s || !s.session_id) return;
  if (!S.sessions.some((x) => x.session_id === s.session_id)) {
    const fresh = { session_id: s.session_id, bytes: 0, created: s.ts, modified: s.ts, active: true, turns: 0 };
    upsertSession(fresh);
    noteRecord(s);
    renderSessions();
    announceSession(fresh);
    if (s.session_id !== S.sid || S.loading) return; // a switch (if any) loads it, this record included
  } else if (noteRecord(s)) renderSessions();
  if (s.session_id !== S.sid) return;
  if (S.loading) { S.buffer.push(s); return; }
  if (s.seq > S.lastSeq + 1) { resync(); return; } // a gap: fetch what we missed
  const r = ingest(s);
  if (!r) return;
  noteCallRecord(s);
  if (S.selected) recomputeRelated();
  if (r === S.selected && s.type === 'api_response') openDetail(r);
  schedule();
}

function onProgress(p) {
  if (!p || p.session_id !== S.sid) return;
  const r = S.byX.get(p.exchange_id);
  if (!r) { S.pendingProgress.set(p.exchange_id, p); return; }
  if (r.res) return;
  r.progress = p;
  computeRow(r);
  if (r === S.selected && S.tab === 'response') renderDetail();
  schedule();
}

async function resync() {
  if (resyncing) { resyncAgain = true; return; }
  resyncing = true; resyncAgain = false;
  try {
    await loadSessions().catch(() => {});
    if (!S.sid) { const first = S.sessions[0]; if (first) await loadSession(first.session_id); return; }
    if (S.loading) return;
    const sid = S.sid;
    const recs = await getJson(sessPath(sid) + '/records?after=' + S.lastSeq);
    if (sid !== S.sid) return;
    let selRes = false;
    for (const s of recs) { const r = ingest(s); if (r && r === S.selected && s.type === 'api_response') selRes = true; }
    if (S.selected) recomputeRelated();
    loadAnalysis(sid);
    if (selRes) openDetail(S.selected);
    schedule();
  } catch (e) { /* next reconnect tries again */ } finally { resyncing = false; if (resyncAgain) resync(); }
}
