// "My records": what waits in the outbox (chờ gửi / cần sửa) and what the server holds (đã gửi...).
// A leader's group sessions show here too: while they wait (outbox), and once sent (the server's copies).
import { all } from './db.js';
import { FIELD_LABELS, T, labelledErrors } from './strings.js';
import { attendanceService } from './form.js';
import { esc, showDate, showDay } from './ui.js';

const STATE = { invalid: 'fix', conflict: 'conflict' };

// Who was helped, as this phone may show it: the name, else the CCCD's last digits, never the whole number.
export function who(citizen) {
  if (!citizen) return '';
  if (citizen.full_name) return citizen.full_name;
  const tail = citizen.cccd_last_digits || (citizen.cccd ? String(citizen.cccd).slice(-4) : '');
  return tail ? T.cccdTail(tail) : '';
}

// A conflict's lines: the server's words, then which fields differ, named as the form names them.
function conflictLines(it) {
  const fields = ((it.conflict && it.conflict.fields) || []).map((f) => FIELD_LABELS[f] || f).filter(Boolean);
  return [...labelledErrors(it.errors), ...(fields.length ? [T.conflictFields(fields.join(', '))] : [])];
}

export async function myRows(owner) {
  const queued = (await all('outbox')).filter((it) => it.owner === owner);
  const outbox = queued.filter((it) => it.kind === 'record');
  const sessions = queued.filter((it) => it.kind === 'session');
  const waiting = new Set(outbox.map((it) => it.client_uuid));
  const kept = (await all('mine')).filter((r) => r.owner === owner && !waiting.has(r.client_uuid));
  const mine = kept.filter((r) => !r.is_session);
  const sent = kept.filter((r) => r.is_session);
  const rows = [
    ...outbox.map((it) => ({ uuid: it.client_uuid, when: it.body.occurred_at, service: it.body.service_type,
      who: who(it.body.citizen),
      village: it.body.village, state: STATE[it.state] || 'pending', photoWaiting: it.record_done,
      lines: it.state === 'conflict' ? conflictLines(it) : labelledErrors(it.errors),
      editable: !it.record_done && it.state !== 'conflict', source: 'outbox',
      resolve: it.state === 'conflict' ? { mine: !!(it.conflict && it.conflict.server && it.conflict.server.editable) } : null })),
    ...mine.map((r) => ({ uuid: r.client_uuid, when: r.occurred_at, service: r.service_type, village: r.village,
      who: who(r.citizen),
      state: { returned: 'fix', approved: 'approved', rejected: 'rejected' }[r.status] || 'sent',
      lines: [r.status === 'returned' ? T.returnedBecause(r.review_reason) : '',
        r.status === 'rejected' ? T.rejectedBecause(r.review_reason) : '',
        r.local_note ? `${T[r.local_note] || ''} ${r.local_detail || ''}` : ''].filter(Boolean),
      editable: !!r.editable, source: 'mine' })),
    // Only a refused session is edited: one still waiting may be on its way, and the server keeps the first copy.
    ...sessions.map((it) => ({ uuid: it.client_uuid, kind: 'session', when: it.body.held_on, day: true,
      title: it.body.topic, sessionKind: it.body.kind, village: it.body.village, forMembers: it.body.for_team_members,
      state: STATE[it.state] || 'pending', lines: it.state === 'conflict' ? conflictLines(it) : labelledErrors(it.errors),
      editable: it.state === 'invalid', source: 'session', resolve: it.state === 'conflict' ? { mine: false } : null })),
    ...sent.map((s) => ({ uuid: s.client_uuid, kind: 'session', when: s.held_on, day: true, title: s.topic,
      sessionKind: s.kind, village: s.village, forMembers: s.for_team_members, state: 'sent', lines: [], editable: false })),
  ];
  // Citizens checked in at each session, waiting or sent.
  const checked = {};
  for (const r of [...outbox.map((it) => it.body), ...mine]) if (r.session) checked[r.session] = (checked[r.session] || 0) + 1;
  for (const r of rows) if (r.kind === 'session') r.checkedIn = checked[r.uuid] || 0;
  return rows.sort((a, b) => (a.when < b.when ? 1 : -1));
}

const LABEL = { pending: T.stPending, fix: T.stFix, sent: T.stSent, approved: T.stApproved, rejected: T.stRejected,
  conflict: T.stConflict };

export async function renderList(root, me, current = () => true) {
  const rows = await myRows(me.user.username);
  if (!current()) return;
  const svc = Object.fromEntries(me.service_types.map((s) => [s.code, s.short_name]));
  const vil = Object.fromEntries(me.villages.map((v) => [v.id, v.name]));
  const kinds = Object.fromEntries((me.session_kinds || []).map((k) => [k.value, k.label]));
  const title = (r) => (r.kind === 'session' ? T.sessionRow(kinds[r.sessionKind] || '', r.title) : svc[r.service] || r.service);
  root.innerHTML = `<h1>${T.mine}</h1>${rows.length ? '' : `<p class="hint">${T.emptyList}</p>`}
  <ul class="records">${rows.map((r) => `
    <li class="rec" data-uuid="${esc(r.uuid)}" data-state="${r.state}" data-kind="${r.kind || 'record'}">
      <div class="rec-head"><strong>${esc(title(r))}</strong>
        <span class="badge ${r.state}">${esc(r.photoWaiting ? T.stPhoto : LABEL[r.state])}</span></div>
      ${r.who ? `<div class="who">${esc(r.who)}</div>` : ''}
      <div class="hint">${esc(r.day ? showDay(r.when) : showDate(r.when))} · ${esc(r.kind === 'session' && r.village == null ? T.wholeCommune : (vil[r.village] || ''))}</div>
      ${r.lines.map((l) => `<p class="err">${esc(l)}</p>`).join('')}
      ${r.checkedIn ? `<div class="hint checked-in">${esc(T.checkInCount(r.checkedIn))}</div>` : ''}
      ${r.kind === 'session' && !r.forMembers && !['conflict', 'fix'].includes(r.state) && attendanceService(me, r.sessionKind)
        ? `<a class="btn small secondary" data-checkin href="#/checkin/${esc(r.uuid)}">${T.checkIn}</a>` : ''}
      ${r.editable ? `<a class="btn small${r.state === 'fix' ? '' : ' secondary'}" href="#/edit/${r.source}/${esc(r.uuid)}">${r.state === 'fix' ? T.fix : T.edit}</a>` : ''}
      ${r.resolve ? `<a class="btn small secondary" data-resolve="server" href="#/conflict/server/${esc(r.uuid)}">${T.keepServer}</a>
        ${r.resolve.mine ? `<a class="btn small" data-resolve="mine" href="#/conflict/mine/${esc(r.uuid)}">${T.sendMine}</a>` : ''}` : ''}
    </li>`).join('')}</ul>`;
}
