// "Cần quay lại": my visits logged as "chưa xong, hẹn lại" that no later visit has followed up yet, from the
// outbox and the server's copies, so the list works offline. Sorted by appointment date (undated last).
import { all } from './db.js';
import { T } from './strings.js';
import { esc, localDay, showDate, showDay } from './ui.js';
import { who } from './list.js';

export async function followUps(owner) {
  const queued = (await all('outbox')).filter((it) => it.owner === owner && it.kind === 'record');
  const waiting = new Set(queued.map((it) => it.client_uuid));
  const mine = (await all('mine')).filter((r) => r.owner === owner && !r.is_session && !waiting.has(r.client_uuid));
  const recs = [
    ...queued.map((it) => ({ ...it.body, uuid: it.client_uuid, service: it.body.service_type, status: null })),
    ...mine.map((r) => ({ ...r, uuid: r.client_uuid, service: r.service_type })),
  ];
  const followed = new Set(recs.filter((r) => r.follows && r.status !== 'rejected').map((r) => r.follows));
  const key = (r) => `${r.appointment || '9999-99-99'} ${r.when}`;
  return recs.filter((r) => r.outcome === 'pending' && r.status !== 'rejected' && !followed.has(r.uuid))
    .map((r) => ({ uuid: r.uuid, service: r.service, village: r.village, when: r.occurred_at,
      appointment: r.appointment_on || null, who: who(r.citizen) }))
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

// Due: the appointment is today, or already past.
export function dueCount(rows, today = localDay(new Date())) {
  return rows.filter((r) => r.appointment && r.appointment <= today).length;
}

export async function renderFollowUps(root, me, current = () => true) {
  const rows = await followUps(me.user.username);
  if (!current()) return;
  const today = localDay(new Date());
  const svc = Object.fromEntries(me.service_types.map((s) => [s.code, s.short_name]));
  const vil = Object.fromEntries(me.villages.map((v) => [v.id, v.name]));
  const when = (r) => (!r.appointment ? T.noDate : `${T.dueOn(showDay(r.appointment))}${
    r.appointment < today ? ` · ${T.overdue}` : r.appointment === today ? ` · ${T.dueToday}` : ''}`);
  root.innerHTML = `<h1>${T.followUps}</h1>${rows.length ? '' : `<p class="hint">${T.followUpsEmpty}</p>`}
  <ul class="records">${rows.map((r) => `
    <li class="rec" data-uuid="${esc(r.uuid)}" data-due="${r.appointment && r.appointment <= today ? 'yes' : 'no'}">
      <div class="rec-head"><strong>${esc(svc[r.service] || r.service)}</strong>
        <span class="badge ${r.appointment && r.appointment <= today ? 'fix' : 'pending'}">${esc(when(r))}</span></div>
      ${r.who ? `<div class="who">${esc(r.who)}</div>` : ''}
      <div class="hint">${esc(showDate(r.when))} · ${esc(vil[r.village] || '')}</div>
      <a class="btn small" href="#/followup/${esc(r.uuid)}">${T.followUpDone}</a>
    </li>`).join('')}</ul>`;
}
