// The session picker and loading a session's records (api/sessions, api/sessions/{id}/records).
import { $ } from './dom.js';
import { getJson, sessPath } from './api.js';
import { fmtBytes, fmtDate } from './format.js';
import { S, resetSessionState } from './state.js';
import { ingest, resetFilterOptions } from './rows.js';
import { refilter, onSearchInput } from './filters.js';
import { schedule } from './timeline.js';
import { select, writeHash } from './selection.js';
import { closeDetail } from './detail.js';
import { onRecord } from './live.js';

function sessionLabel(s) {
  const id = s.session_id;
  const short = id.length > 22 ? id.slice(0, 8) + '…' + id.slice(-4) : id;
  return (s.active ? '● ' : '○ ') + short + '  ' + fmtDate(s.modified || s.created) + '  ' + fmtBytes(s.bytes) + (s.active ? '  live' : '');
}

export function renderSessions() {
  const el = $('#sessions');
  S.sessions.sort((a, b) => String(b.modified || b.created || '').localeCompare(String(a.modified || a.created || '')));
  const opts = S.sessions.map((s) => { const o = new Option(sessionLabel(s), s.session_id); o.title = s.session_id; o.dataset.active = s.active ? 'true' : 'false'; return o; });
  if (!opts.length) opts.push(new Option('No sessions yet', ''));
  el.replaceChildren(...opts);
  el.value = S.sid || '';
  el.disabled = !S.sessions.length;
}

/** Adds or updates a session in the picker's list; true when it was not known before. */
export function upsertSession(s) {
  if (!s || !s.session_id) return false;
  const i = S.sessions.findIndex((x) => x.session_id === s.session_id);
  if (i >= 0) S.sessions[i] = Object.assign(S.sessions[i], s); else S.sessions.push(s);
  return i < 0;
}

export async function loadSessions() {
  const list = await getJson('api/sessions');
  S.sessions = Array.isArray(list) ? list : [];
  S.error = null;
  renderSessions();
}

export async function loadSession(id, seq) {
  const tok = ++S.loadToken;
  resetSessionState(id);
  for (const el of S.els.values()) el.remove();
  S.els.clear();
  resetFilterOptions();
  closeDetail();
  $('#sessions').value = S.sid || '';
  writeHash();
  if (!S.sid) { schedule(); return; }
  S.loading = true; S.buffer = []; schedule();
  try {
    const recs = await getJson(sessPath(id) + '/records');
    if (tok !== S.loadToken) return;
    for (const s of recs) ingest(s);
  } catch (e) {
    if (tok !== S.loadToken) return;
    S.error = 'Loading session ' + id + ' failed: ' + e.message;
  }
  S.loading = false;
  const buf = S.buffer; S.buffer = [];
  for (const s of buf) onRecord(s);
  if (S.q) onSearchInput();
  refilter();
  if (seq != null) {
    const r = S.bySeq.get(seq);
    if (r) { S.follow = false; select(r, { scroll: true }); }
  }
  schedule();
}

export function wireSessions() {
  $('#sessions').addEventListener('change', (e) => loadSession(e.target.value));
}
