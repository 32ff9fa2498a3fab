// Sync: send the outbox, delete an entry only once the server has confirmed it. Runs in the page and
// in the service worker (Background Sync); a Web Lock keeps the two from sending at the same time.
import { all, get, getMeta, put, setMeta, write } from './db.js';

const BATCH = 200;
const API = '/api/v1';

export class AuthError extends Error {}

// The page reads the cookie and keeps a copy for the service worker, which has no document: the page
// calls this at start, so Background Sync can send even if the page never sent anything itself.
export async function csrfToken() {
  if (typeof document !== 'undefined') {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) { await setMeta('csrf', m[1]); return m[1]; }
  } else if (typeof cookieStore !== 'undefined') {
    const cookie = await cookieStore.get('csrftoken').catch(() => null);
    if (cookie) return cookie.value;
  }
  return getMeta('csrf', '');
}

export async function api(path, { method = 'GET', body, form } = {}) {
  // The app speaks Vietnamese whatever the phone's language: ask the server for it too.
  const headers = { Accept: 'application/json', 'Accept-Language': 'vi' };
  if (method !== 'GET') headers['X-CSRFToken'] = await csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(API + path, {
    method, headers, credentials: 'same-origin',
    body: form || (body !== undefined ? JSON.stringify(body) : undefined),
  });
  if (res.status === 401 || res.status === 403) throw new AuthError(String(res.status));
  return res;
}

function withoutCccd(body) {
  if (!body.citizen) return body;
  const citizen = { ...body.citizen };
  delete citizen.cccd;
  return { ...body, citizen };
}

export async function pendingFor(owner) {
  return (await all('outbox')).filter((it) => it.owner === owner);
}

async function sendBatch(items) {
  const payload = {
    records: items.filter((it) => it.kind === 'record').map((it) => it.body),
    sessions: items.filter((it) => it.kind === 'session').map((it) => it.body),
  };
  const res = await api('/sync/', { method: 'POST', body: payload });
  if (!res.ok) throw new Error(`sync ${res.status}`);
  const data = await res.json();
  const byUuid = new Map(items.map((it) => [it.client_uuid, it]));
  const stats = { sent: 0, invalid: 0, conflict: 0 };
  for (const r of [...data.records, ...data.sessions]) {
    const item = byUuid.get(r.client_uuid);
    if (!item) continue;
    if (r.result === 'conflict') {
      // The server holds other content under this identifier: keep ours, show both, let the person choose.
      await put('outbox', { ...item, state: 'conflict', errors: r.errors || {},
        conflict: { fields: r.fields || [], server: r.record || r.session || null } });
      stats.conflict += 1;
      continue;
    }
    const confirmed = r.result === 'created' || r.result === 'exists' || r.result === 'updated';
    if (confirmed || (r.result === 'invalid' && r.record)) {
      const ops = [];
      // The server's copy stays listed on the phone: a record's, or a session's (marked is_session).
      const copy = r.record ? { ...r.record, owner: item.owner }
        : r.session ? { ...r.session, is_session: true, owner: item.owner } : null;
      if (copy && !confirmed) copy.local_note = 'localEditDropped';
      if (confirmed && item.photo && !item.photo_done) {
        // The record is safe; the photo still waits. The CCCD leaves the phone now.
        ops.push({ store: 'outbox', put: { ...item, body: withoutCccd(item.body), record_done: true, state: 'pending',
          errors: null } });
      } else {
        ops.push({ store: 'outbox', del: item.client_uuid });
      }
      if (copy) ops.push({ store: 'mine', put: copy });
      await write(ops);
      stats.sent += 1;
    } else {
      await put('outbox', { ...item, state: 'invalid', errors: r.errors || {} });
      stats.invalid += 1;
    }
  }
  return stats;
}

async function sendPhoto(item) {
  const form = new FormData();
  form.append('photo', item.photo, `${item.client_uuid}.jpg`);
  const res = await api(`/records/${item.client_uuid}/photo/`, { method: 'PUT', form });
  if (res.ok) {
    await write([{ store: 'outbox', del: item.client_uuid },
      { store: 'mine', put: { ...(await res.json()), owner: item.owner } }]);
    return true;
  }
  if (res.status === 400) {
    // The server will never take this photo: keep the record, say so, stop retrying.
    const err = await res.json().catch(() => ({}));
    const msg = err.error && err.error.fields && err.error.fields.photo ? err.error.fields.photo[0] : '';
    await write([{ store: 'outbox', del: item.client_uuid },
      { store: 'mine', put: { ...(item.server || {}), client_uuid: item.client_uuid, owner: item.owner,
        local_note: 'photoFailed', local_detail: msg } }]);
    return false;
  }
  throw new Error(`photo ${res.status}`);
}

// The person's choice on a conflict: keep the server's copy (ours goes), or send ours as the next version.
export async function resolveConflict(uuid, keep) {
  const item = await get('outbox', uuid);
  if (!item || item.state !== 'conflict') return;
  const server = item.conflict && item.conflict.server;
  if (keep === 'server' || item.kind !== 'record' || !server) {
    const ops = [{ store: 'outbox', del: uuid }];
    if (server) ops.push({ store: 'mine', put: { ...server, owner: item.owner, ...(item.kind === 'session' ? { is_session: true } : {}) } });
    await write(ops);
    return;
  }
  await put('outbox', { ...item, state: 'pending', errors: null, conflict: null,
    body: { ...item.body, client_version: server.client_version + 1 } });
}

// The server's copies of my records and my group sessions replace the phone's, in one write.
export async function refreshMine(owner) {
  const [recs, sess] = await Promise.all([api('/records/?mine=1'), api('/sessions/')]);
  if (!recs.ok || !sess.ok) return;
  const [data, sessions] = await Promise.all([recs.json(), sess.json()]);
  const waiting = new Set((await pendingFor(owner)).map((it) => it.client_uuid));
  const ops = [{ store: 'mine', clear: true }];
  for (const rec of data.results) if (!waiting.has(rec.client_uuid)) ops.push({ store: 'mine', put: { ...rec, owner } });
  for (const s of sessions.results) if (!waiting.has(s.client_uuid)) ops.push({ store: 'mine', put: { ...s, is_session: true, owner } });
  await write(ops);
}

async function run() {
  const me = await getMeta('me');
  if (!me) return { sent: 0, invalid: 0, conflict: 0 };
  const owner = me.user.username;
  const stats = { sent: 0, invalid: 0, conflict: 0 };
  // A return visit goes after the visit it follows (the server looks that one up), in the same batch or later.
  const waiting = (await pendingFor(owner)).filter((it) => it.state === 'pending' && !it.record_done)
    .sort((a, b) => (a.body.follows ? 1 : 0) - (b.body.follows ? 1 : 0));
  for (let i = 0; i < waiting.length; i += BATCH) {
    const s = await sendBatch(waiting.slice(i, i + BATCH));
    stats.sent += s.sent; stats.invalid += s.invalid; stats.conflict += s.conflict;
  }
  for (const item of (await pendingFor(owner)).filter((it) => it.record_done && it.photo)) await sendPhoto(item);
  await refreshMine(owner).catch(() => {});
  await setMeta('lastSync', new Date().toISOString());
  return stats;
}

let running = null;
let rerun = null;

export function syncOutbox() {
  if (running) {
    // Asked while a sync runs (a resolved conflict, "Gửi ngay"): what was queued since is not in it, so one
    // more pass follows, however many times it was asked.
    rerun = rerun || running.catch(() => {}).then(() => { rerun = null; return syncOutbox(); });
    return rerun;
  }
  const locked = (typeof navigator !== 'undefined' && navigator.locks)
    ? navigator.locks.request('cnscd-sync', run) : run();
  running = locked.finally(() => { running = null; });
  return running;
}
