// "My records": what waits in the outbox (chờ gửi / cần sửa) and what the server holds (đã gửi...).
// A leader's group sessions show here while they wait; once the server has them they leave the phone.
import { all } from './db.js';
import { T, labelledErrors } from './strings.js';
import { esc, showDate, showDay } from './ui.js';

export async function myRows(owner) {
  const queued = (await all('outbox')).filter((it) => it.owner === owner);
  const outbox = queued.filter((it) => it.kind === 'record');
  const sessions = queued.filter((it) => it.kind === 'session');
  const waiting = new Set(outbox.map((it) => it.client_uuid));
  const mine = (await all('mine')).filter((r) => r.owner === owner && !waiting.has(r.client_uuid));
  const rows = [
    ...outbox.map((it) => ({ uuid: it.client_uuid, when: it.body.occurred_at, service: it.body.service_type,
      village: it.body.village, state: it.state === 'invalid' ? 'fix' : 'pending', photoWaiting: it.record_done,
      lines: labelledErrors(it.errors), editable: !it.record_done, source: 'outbox' })),
    ...mine.map((r) => ({ uuid: r.client_uuid, when: r.occurred_at, service: r.service_type, village: r.village,
      state: { returned: 'fix', approved: 'approved', rejected: 'rejected' }[r.status] || 'sent',
      lines: [r.status === 'returned' ? T.returnedBecause(r.review_reason) : '',
        r.status === 'rejected' ? T.rejectedBecause(r.review_reason) : '',
        r.local_note ? `${T[r.local_note] || ''} ${r.local_detail || ''}` : ''].filter(Boolean),
      editable: !!r.editable, source: 'mine' })),
    // Only a refused session is edited: one still waiting may be on its way, and the server keeps the first copy.
    ...sessions.map((it) => ({ uuid: it.client_uuid, kind: 'session', when: it.body.held_on, day: true,
      title: it.body.topic, sessionKind: it.body.kind, village: it.body.village,
      state: it.state === 'invalid' ? 'fix' : 'pending', lines: labelledErrors(it.errors),
      editable: it.state === 'invalid', source: 'session' })),
  ];
  return rows.sort((a, b) => (a.when < b.when ? 1 : -1));
}

const LABEL = { pending: T.stPending, fix: T.stFix, sent: T.stSent, approved: T.stApproved, rejected: T.stRejected };

export async function renderList(root, me) {
  const rows = await myRows(me.user.username);
  const svc = Object.fromEntries(me.service_types.map((s) => [s.code, s.short_name]));
  const vil = Object.fromEntries(me.villages.map((v) => [v.id, v.name]));
  const kinds = Object.fromEntries((me.session_kinds || []).map((k) => [k.value, k.label]));
  const title = (r) => (r.kind === 'session' ? T.sessionRow(kinds[r.sessionKind] || '', r.title) : svc[r.service] || r.service);
  root.innerHTML = `<h2>${T.mine}</h2>${rows.length ? '' : `<p class="hint">${T.emptyList}</p>`}
  <ul class="records">${rows.map((r) => `
    <li class="rec" data-uuid="${esc(r.uuid)}" data-state="${r.state}" data-kind="${r.kind || 'record'}">
      <div class="rec-head"><strong>${esc(title(r))}</strong>
        <span class="badge ${r.state}">${esc(r.photoWaiting ? T.stPhoto : LABEL[r.state])}</span></div>
      <div class="hint">${esc(r.day ? showDay(r.when) : showDate(r.when))} · ${esc(vil[r.village] || '')}</div>
      ${r.lines.map((l) => `<p class="err">${esc(l)}</p>`).join('')}
      ${r.editable ? `<a class="btn small${r.state === 'fix' ? '' : ' secondary'}" href="#/edit/${r.source}/${esc(r.uuid)}">${r.state === 'fix' ? T.fix : T.edit}</a>` : ''}
    </li>`).join('')}</ul>`;
}
