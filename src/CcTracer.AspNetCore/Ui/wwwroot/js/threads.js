// Threads (GET api/sessions/{id}/threads): which thread — main loop, subagent or utility — each API
// call belongs to. Until the server has threads, every lookup answers null and the UI falls back to kinds.
import { S } from './state.js';

/** The thread of an API row ({id, kind, agent_type, parent, tool_use_id, exact, why}), or null. */
export function threadOf(r) {
  if (!S.th || !r || r.kind !== 'api') return null;
  const x = r.req || r.res;
  return (x && S.th.byX.get(x.exchange_id)) || null;
}
