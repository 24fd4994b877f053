// The HTTP API client (docs/http-api.md). URLs are relative to the page's folder, so the UI works
// under a route prefix (MapCcTracer("/trace")).

// The page may be at <prefix>/, <prefix>/index.html or <prefix> (no slash): resolve API URLs against its folder.
export const BASE = (() => {
  const u = new URL(location.href); u.hash = ''; u.search = '';
  if (!u.pathname.endsWith('/')) {
    const last = u.pathname.split('/').pop();
    u.pathname = /\.[a-z0-9]+$/i.test(last) ? u.pathname.replace(/[^/]*$/, '') : u.pathname + '/';
  }
  return u;
})();

export const api = (p) => new URL(p, BASE).toString();
export const sessPath = (id) => 'api/sessions/' + encodeURIComponent(id);

export async function getJson(p) {
  const r = await fetch(api(p), { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!r.ok) throw new Error(r.status + ' ' + r.statusText + ' ' + (await r.text().catch(() => '')).slice(0, 200));
  return r.json();
}
