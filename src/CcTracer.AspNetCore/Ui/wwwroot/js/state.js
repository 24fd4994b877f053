// The page's one state object: the loaded session's rows and indexes, the view, the selection.
// Modules read and write it directly; render() (timeline.js) turns it into DOM once per frame.

export const ROW_H = 22;

export const S = {
  sessions: [], sid: null, rows: [], byX: new Map(), bySeq: new Map(), byId: new Map(), toolById: new Map(),
  lastSeq: 0, view: [], selected: null, related: new Set(), t0: Infinity, t1: -Infinity,
  q: '', serverSeqs: null, loading: false, buffer: [], pendingProgress: new Map(), cache: new Map(),
  tab: 'request', follow: true, everOpen: false, detailToken: 0, loadToken: 0,
  events: new Set(), tools: new Set(), models: new Set(), els: new Map(), dirty: false, viewDirty: false,
  // win: the waterfall's zoom window [from, to] in epoch ms, or null for the whole session.
  // an: the session analysis, th: the threads (analysis.js); compare: {a, b} request seqs picked for the Diff tab.
  win: null, an: null, th: null, compare: null, anVer: 0, chartOpen: false, utilOpen: false, mode: 'network',
};

/** Forgets everything about the loaded session (before loading another). */
export function resetSessionState(id) {
  S.sid = id || null;
  S.rows = []; S.byX = new Map(); S.bySeq = new Map(); S.byId = new Map(); S.toolById = new Map();
  S.lastSeq = 0; S.view = []; S.selected = null; S.related = new Set(); S.t0 = Infinity; S.t1 = -Infinity;
  S.pendingProgress = new Map(); S.cache = new Map(); S.serverSeqs = null; S.follow = true;
  S.win = null; S.an = null; S.th = null; S.compare = null;
}

/** The waterfall's visible time range: the zoom window, else the whole session. */
export function wfRange() { return S.win || [S.t0, S.t1]; }
