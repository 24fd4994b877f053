// Log health: a banner while the tracer has lost records since it started — writes that failed
// (disk full, permissions) or records dropped because the writer fell behind. Polls api/health.
// Styled through CSSOM (the CSP allows no style attributes) so it needs nothing in app.css.
import { $, h } from './dom.js';
import { api } from './api.js';

const EVERY_MS = 5000;

export function watchHealth() {
  const banner = h('div', { id: 'log-health', role: 'alert', hidden: true });
  Object.assign(banner.style, { background: '#b3261e', color: '#fff', padding: '4px 12px' });
  document.body.insertBefore(banner, $('#main'));
  const check = () => fetch(api('api/health'), { cache: 'no-store' })
    .then((r) => r.ok ? r.json() : null)
    .then((j) => {
      if (!j) return;
      const failed = j.write_failures || 0, dropped = j.records_dropped || 0;
      banner.dataset.writeFailures = String(failed);
      banner.dataset.dropped = String(dropped);
      banner.textContent = `cc-tracer lost records: ${failed} write failure(s) (disk full? permissions?) and ${dropped} dropped (the log writer fell behind). The notices in the timeline and the server log say more.`;
      banner.hidden = failed === 0 && dropped === 0;
    })
    .catch(() => {})
    .finally(() => setTimeout(check, EVERY_MS));
  check();
}
