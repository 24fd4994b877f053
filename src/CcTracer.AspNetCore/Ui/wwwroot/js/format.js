// Number, size, duration and clock formatting for rows and detail panels.

export function fmtTok(n) { if (n == null) return '–'; if (n < 1000) return String(n); if (n < 1e6) return (n / 1e3).toFixed(n < 1e4 ? 1 : 0) + 'k'; return (n / 1e6).toFixed(2) + 'M'; }

export function fmtMs(ms) {
  if (ms == null || isNaN(ms)) return '';
  if (ms < 1000) return Math.round(ms) + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
  if (ms < 3600000) { const m = Math.floor(ms / 60000), s = Math.round((ms % 60000) / 1000); return m + 'm' + (s ? ' ' + s + 's' : ''); }
  const hh = Math.floor(ms / 3600000), mm = Math.round((ms % 3600000) / 60000);
  return hh + 'h' + (mm ? ' ' + mm + 'm' : '');
}

export function fmtBytes(n) { if (n == null) return ''; if (n < 1024) return n + ' B'; if (n < 1048576) return (n / 1024).toFixed(1) + ' KB'; return (n / 1048576).toFixed(2) + ' MB'; }

const pad = (n, w = 2) => String(n).padStart(w, '0');

export function fmtClock(ms) { if (!ms && ms !== 0) return ''; const d = new Date(ms); return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3); }

export function fmtDate(ts) {
  const d = new Date(ts);
  if (isNaN(d)) return String(ts || '');
  const same = d.toDateString() === new Date().toDateString();
  return (same ? 'today' : d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate())) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
}
