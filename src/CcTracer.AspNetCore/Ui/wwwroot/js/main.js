// CcTracer UI entry point: wires the page's events and starts the live feed and the first load.
// API: docs/http-api.md. Module map: state.js (the one state object), api.js + live.js (HTTP and
// the live feed), rows.js (records → rows), timeline.js + waterfall.js (the virtualized list),
// filters.js, selection.js (selection + URL hash), sessions.js (picker), detail.js + tabs-*.js +
// blocks.js + diff.js (the detail panel), dom.js + format.js (helpers).
import { $ } from './dom.js';
import { api } from './api.js';
import { S } from './state.js';
import { schedule, wireTimeline } from './timeline.js';
import { wireFilters } from './filters.js';
import { readHash, wireHash } from './selection.js';
import { loadSession, loadSessions, wireSessions } from './sessions.js';
import { wireDetail } from './detail.js';
import { connect } from './live.js';
import { wireOverview } from './overview.js';
import { wireKeys } from './keys.js';
import { wireSummary } from './summary.js';
import { wireLanes } from './lanes.js';
import { wireConversation } from './conversation.js';
import { toggleChart, wireChart } from './ctxchart.js';
import { watchHealth } from './health.js';

async function start() {
  wireTimeline(); wireFilters(); wireHash(); wireSessions(); wireDetail(); wireOverview(); wireKeys(); wireSummary(toggleChart); wireChart(); wireLanes(); wireConversation();
  connect();
  watchHealth();
  for (let attempt = 0; ; attempt++) {
    try { await loadSessions(); break; } catch (e) {
      S.error = 'GET ' + api('api/sessions') + ' failed: ' + e.message; schedule();
      await new Promise((res) => setTimeout(res, Math.min(10000, 1000 * 2 ** attempt)));
    }
  }
  fetch(api('api/health'), { cache: 'no-store' }).then((r) => r.ok ? r.json() : null).then((j) => { if (j && j.version) $('#ver').textContent = ' ' + j.version; }).catch(() => {});
  const hs = readHash();
  const want = hs.session && S.sessions.some((s) => s.session_id === hs.session) ? hs.session : (hs.session || (S.sessions[0] && S.sessions[0].session_id));
  await loadSession(want || null, hs.seq);
}

start();
