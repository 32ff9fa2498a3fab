// The capture form: prefilled with now, the member's village and the last values used; saved to the
// outbox at once, sent later.
import { getMeta, put, setMeta } from './db.js';
import { scanCccd } from './scan.js';
import { T } from './strings.js';
import { $, $$, esc, localDay, localInput, options, radios, shrinkPhoto, toast, uuid4 } from './ui.js';

const CCCD_RE = /^\d{12}$/;
// A digital-address code once spaces are gone (citizens.services.ADDRESS_CODE_RE): no single format exists.
const ADDRESS_RE = /^[A-Z0-9][A-Z0-9./-]{2,39}$/;

// Services counted by household or business ask which one: its digital address, its name, its head.
const asksHousehold = (s) => Boolean(s && (s.asks_digital_address || s.counts !== 'person'));
const addressKey = (text) => asciiDigits(text || '').replace(/\s+/g, '').toUpperCase();

// Digits typed full-width (０５１…, an East Asian keyboard) are the same digits: the server folds them too.
function asciiDigits(text) {
  return text.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xFF10 + 48));
}

function errorList(errors, prefix = '') {
  const out = {};
  for (const [key, value] of Object.entries(errors || {})) {
    if (Array.isArray(value)) out[prefix + key] = value.join(' ');
    else if (value && typeof value === 'object') Object.assign(out, errorList(value, `${key}.`));
  }
  return out;
}

function fieldError(errors, key) {
  const msg = errors[key];
  return msg ? `<p class="err" data-error-for="${esc(key)}">${esc(msg)}</p>` : '';
}

// item: an outbox entry; or { server } to fix a record the server holds; or { service } for a new one;
// or { followUp } (a row of the "Cần quay lại" list) for the return visit, linked to the first;
// or { checkIn } (a group session) for a citizen checked in there: the service standing for that kind of session.
export async function renderForm(root, me, { item, server, service, followUp, checkIn }) {
  const last = await getMeta('last', {});
  const base = item ? item.body : server ? fromServer(server) : {
    client_uuid: uuid4(), client_version: 1,
    service_type: followUp ? followUp.service : checkIn ? attendanceService(me, checkIn.kind).code : service,
    village: followUp ? followUp.village : (checkIn && checkIn.village) || last.village || me.default_village || (me.villages[0] && me.villages[0].id),
    occurred_at: checkIn ? onDay(checkIn.held_on) : new Date().toISOString(), outcome: 'success',
    place: last.place || 'home', citizen: null, follows: followUp ? followUp.uuid : null,
    session: checkIn ? checkIn.client_uuid : null,
  };
  // A return visit helps the first visit's person: the server links them, nothing is typed again.
  const sameCitizen = followUp ? followUp.who : '';
  const errors = errorList(item && item.errors);
  const c = base.citizen || {};
  const h = base.household || {};
  const svc = me.service_types.find((s) => s.code === base.service_type) || me.service_types[0];
  // A check-in keeps its service; other records choose among the services logged on their own.
  const choices = svc.session_kind ? [svc] : me.service_types.filter((s) => !s.session_kind);
  const genders = me.genders;
  let photo = item ? item.photo : null;
  let coords = base.latitude != null ? { lat: base.latitude, lon: base.longitude } : null;

  root.innerHTML = `
  <form id="record-form" class="card" novalidate>
    <h1 id="form-title">${esc(svc.short_name)}</h1>
    ${checkIn ? `<p class="hint" id="checkin-note">${esc(T.checkInOf(checkIn.topic, checkIn.count))}</p>` : ''}
    ${fieldError(errors, 'session')}
    ${item && item.state === 'invalid' ? `<p class="alert">${esc(T.fixErrors)}</p>` : ''}
    ${server && server.review_reason ? `<p class="alert">${esc(T.returnedBecause(server.review_reason))}</p>` : ''}
    ${fieldError(errors, 'non_field_errors')}
    ${base.follows ? `<p class="alert" id="follows-note">${esc(T.followUpOf(sameCitizen))}</p>` : ''}
    ${fieldError(errors, 'follows')}
    <label${svc.session_kind ? ' hidden' : ''}>${T.service}<select name="service_type">${options(choices.map((s) => ({ value: s.code, label: s.short_name })), svc.code)}</select></label>
    ${fieldError(errors, 'service_type')}
    <label>${T.village}<select name="village">${options(me.villages.map((v) => ({ value: v.id, label: v.name })), base.village)}</select></label>
    ${fieldError(errors, 'village')}
    <label>${T.when}<input type="datetime-local" name="occurred_at" value="${localInput(base.occurred_at)}" required></label>
    ${fieldError(errors, 'occurred_at')}
    <fieldset><legend>${T.outcome}</legend>${radios('outcome', me.outcomes, base.outcome)}</fieldset>
    <div id="reason-block"${base.outcome === 'success' ? ' hidden' : ''}>
      <label>${T.reason}<select name="outcome_reason">${options(me.outcome_reasons, base.outcome_reason, { blank: T.none })}</select></label>
      ${fieldError(errors, 'outcome_reason')}
      <label>${T.reasonNote}<input name="outcome_note" maxlength="200" value="${esc(base.outcome_note)}"></label>
      <label id="appt-block"${base.outcome === 'pending' ? '' : ' hidden'}>${T.appointment}<input type="date" name="appointment_on" min="${localDay(new Date())}" value="${esc(base.appointment_on)}"></label>
      ${fieldError(errors, 'appointment_on')}
    </div>
    <fieldset><legend>${T.place}</legend>${radios('place', me.places, base.place)}</fieldset>
    <div id="procedure-block"${svc.asks_procedure ? '' : ' hidden'}>
      <label>${T.procedure}<input name="procedure_name" maxlength="200" value="${esc(base.procedure_name)}"></label>
      <label>${T.applicationCode}<input name="application_code" maxlength="60" value="${esc(base.application_code)}"></label>
    </div>
    <div id="provider-block"${svc.asks_provider ? '' : ' hidden'}>
      <label>${T.provider}<input name="payment_provider" maxlength="60" value="${esc(base.payment_provider)}"></label>
    </div>
    <fieldset id="household-block"${asksHousehold(svc) ? '' : ' hidden'}><legend id="household-legend">${svc.counts === 'business' ? T.businessBlock : T.householdBlock}</legend>
      <label>${T.addressScheme}<select name="address_scheme">${options(me.address_schemes || [], h.address_scheme, { blank: T.none })}</select></label>
      ${fieldError(errors, 'household.address_scheme')}
      <label>${T.addressCode}<input name="address_code" maxlength="60" autocomplete="off" autocapitalize="characters" value="${esc(h.address_code)}"></label>
      <p class="hint">${T.addressHint}</p>
      ${fieldError(errors, 'household.address_code')}
      <label><span id="household-name-label">${svc.counts === 'business' ? T.businessName : T.householdName}</span><input name="household_name" maxlength="160" autocomplete="off" value="${esc(h.name)}"></label>
      <label class="check"><input type="checkbox" name="head_is_citizen"${h.head_is_citizen ? ' checked' : ''}> ${T.headIsCitizen}</label>
      ${fieldError(errors, 'household.head_is_citizen')}
    </fieldset>
    <details id="citizen-block"${sameCitizen ? ' hidden' : ''}${base.citizen || svc.counts === 'person' ? ' open' : ''}><summary>${T.citizenBlock}</summary>
      <button type="button" class="btn secondary wide" id="scan-btn">${T.scanBtn}</button>
      <label>${T.fullName}<input name="full_name" maxlength="120" autocomplete="off" value="${esc(c.full_name)}"></label>
      ${fieldError(errors, 'citizen.full_name')}
      <label>${T.birthYear}<input name="birth_year" type="number" inputmode="numeric" min="1900" max="2100" value="${esc(c.birth_year)}"></label>
      ${fieldError(errors, 'citizen.birth_year')}
      <label>${T.gender}<select name="gender">${options(genders, c.gender, { blank: T.none })}</select></label>
      <label>${T.cccd}<input name="cccd" inputmode="numeric" autocomplete="off" maxlength="14" value="${esc(c.cccd)}"></label>
      <p class="hint">${T.cccdHint}</p>
      ${fieldError(errors, 'citizen.cccd')}
      <label class="check"><input type="checkbox" name="consent"${c.consent ? ' checked' : ''}> ${T.consent}</label>
      ${fieldError(errors, 'citizen.consent')}
    </details>
    <fieldset><legend>${T.photo}</legend>
      <p class="hint">${T.photoHint}</p>
      <label class="btn secondary">${T.takePhoto}<input type="file" name="photo" accept="image/*" capture="environment" hidden></label>
      <div id="photo-preview"></div>
      ${fieldError(errors, 'photo')}
    </fieldset>
    <button type="button" class="btn secondary" id="gps-btn">${T.gps}</button><p class="hint" id="gps-text"></p>
    <label>${T.note}<textarea name="note" maxlength="500" rows="2">${esc(base.note)}</textarea></label>
    ${fieldError(errors, 'note')}
    <div class="row sticky"><a class="btn secondary" href="${checkIn ? '#/mine' : '#/'}">${checkIn ? T.checkInDone : T.cancel}</a><button class="btn" type="submit" id="save-btn">${checkIn ? T.checkInNext : T.save}</button></div>
  </form>`;

  const form = $('#record-form', root);
  const showPhoto = () => {
    const box = $('#photo-preview', root);
    box.innerHTML = photo ? `<img alt="" src="${URL.createObjectURL(photo)}"><button type="button" class="link" id="photo-rm">${T.removePhoto}</button>` : '';
    if (photo) $('#photo-rm', root).onclick = () => { photo = null; showPhoto(); };
  };
  showPhoto();
  if (coords) $('#gps-text', root).textContent = T.gpsDone(+coords.lat, +coords.lon);
  form.outcome.forEach((r) => r.addEventListener('change', () => {
    $('#reason-block', root).hidden = form.outcome.value === 'success';
    $('#appt-block', root).hidden = form.outcome.value !== 'pending';
  }));
  form.service_type.addEventListener('change', () => {
    const s = me.service_types.find((x) => x.code === form.service_type.value);
    $('#procedure-block', root).hidden = !s.asks_procedure;
    $('#provider-block', root).hidden = !s.asks_provider;
    $('#form-title', root).textContent = s.short_name;
    if (s.counts === 'person') $('#citizen-block', root).open = true;
    $('#household-block', root).hidden = !asksHousehold(s);
    $('#household-legend', root).textContent = s.counts === 'business' ? T.businessBlock : T.householdBlock;
    $('#household-name-label', root).textContent = s.counts === 'business' ? T.businessName : T.householdName;
  });
  $('#scan-btn', root).onclick = async () => {
    const btn = $('#scan-btn', root);
    btn.hidden = true;
    const got = await scanCccd(btn);
    btn.hidden = false;
    if (!got) return;
    form.full_name.value = got.full_name;
    form.birth_year.value = got.birth_year || '';
    form.gender.value = got.gender;
    form.cccd.value = got.cccd;
    form.consent.checked = true;  // the citizen's explicit answer to the sentence read before the scan
    $$('.err.local', root).forEach((e) => e.remove());
    toast(T.scanDone(got.full_name));
  };
  form.photo.addEventListener('change', async () => {
    const file = form.photo.files[0];
    if (file) { photo = await shrinkPhoto(file); showPhoto(); }
  });
  $('#gps-btn', root).onclick = () => navigator.geolocation && navigator.geolocation.getCurrentPosition(
    (p) => { coords = { lat: p.coords.latitude, lon: p.coords.longitude }; $('#gps-text', root).textContent = T.gpsDone(coords.lat, coords.lon); },
    () => { $('#gps-text', root).textContent = T.gpsFailed; }, { enableHighAccuracy: true, timeout: 15000 });

  return new Promise((resolve) => {
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = readForm(form, base, coords, me);
      const problems = check(body, svc);
      $$('.err.local', root).forEach((e) => e.remove());
      if (Object.keys(problems).length) {
        for (const [name, msg] of Object.entries(problems)) {
          const input = form.elements[name];
          const p = document.createElement('p'); p.className = 'err local'; p.textContent = msg;
          (input.closest('label') || input).after(p);
        }
        toast(T.fixErrors);
        return;
      }
      const entry = { client_uuid: body.client_uuid, kind: 'record', owner: me.user.username, body, photo,
        photo_done: false, record_done: false, state: 'pending', errors: null, saved_at: new Date().toISOString(),
        server: server || (item && item.server) || null };
      await put('outbox', entry);
      await setMeta('last', { village: body.village, place: body.place });
      resolve(entry);
    });
  });
}

function fromServer(s) {
  return {
    client_uuid: s.client_uuid, client_version: s.client_version + 1, service_type: s.service_type,
    village: s.village, occurred_at: s.occurred_at, outcome: s.outcome, outcome_reason: s.outcome_reason,
    outcome_note: s.outcome_note, place: s.place, note: s.note, procedure_name: s.procedure_name,
    application_code: s.application_code, payment_provider: s.payment_provider,
    latitude: s.latitude, longitude: s.longitude, appointment_on: s.appointment_on, follows: s.follows,
    session: s.session || null,
    citizen: s.citizen ? { ...s.citizen, consent: true } : null,
    household: s.household ? { ...s.household } : null,
  };
}

function readHousehold(f, base, me) {
  const s = me.service_types.find((x) => x.code === f.elements.service_type.value);
  const household = {
    address_code: addressKey(f.elements.address_code.value), address_scheme: f.elements.address_scheme.value,
    name: f.elements.household_name.value.trim(), head_is_citizen: f.elements.head_is_citizen.checked,
  };
  const given = household.address_code || household.name || household.head_is_citizen;
  if (asksHousehold(s) && given) return household;
  // Cleared (or a service that asks for none): an empty block tells the server to drop the old one.
  return base.household ? { address_code: '', address_scheme: '', name: '', head_is_citizen: false } : null;
}

function readForm(f, base, coords, me) {
  const v = (name) => (f.elements[name] ? f.elements[name].value.trim() : '');
  const outcome = f.outcome.value;
  const when = new Date(v('occurred_at'));
  const citizen = { full_name: v('full_name'), birth_year: v('birth_year') ? Number(v('birth_year')) : null,
    gender: v('gender'), cccd: asciiDigits(v('cccd')).replace(/[\s.-]/g, ''), consent: f.consent.checked };
  const hasCitizen = citizen.full_name || citizen.birth_year || citizen.gender || citizen.cccd;
  return {
    client_uuid: base.client_uuid, client_version: base.client_version, service_type: v('service_type'),
    village: Number(v('village')), occurred_at: Number.isNaN(when.getTime()) ? '' : when.toISOString(), outcome,
    outcome_reason: outcome === 'success' ? '' : v('outcome_reason'),
    outcome_note: outcome === 'success' ? '' : v('outcome_note'),
    place: f.place.value || 'home', procedure_name: v('procedure_name'), application_code: v('application_code'),
    payment_provider: v('payment_provider'), note: v('note'),
    latitude: coords ? Number(coords.lat) : null, longitude: coords ? Number(coords.lon) : null,
    appointment_on: outcome === 'pending' && v('appointment_on') ? v('appointment_on') : null,
    follows: base.follows || null, session: base.session || null,
    citizen: hasCitizen ? citizen : (base.citizen ? { full_name: '', birth_year: null, gender: '', cccd: '', consent: false } : null),
    household: readHousehold(f, base, me),
  };
}

// The service standing for attending a session of this kind (catalog.ServiceType.session_kind), if any.
export function attendanceService(me, kind) {
  return me.service_types.find((s) => s.session_kind && s.session_kind === kind) || null;
}

// A check-in is dated on its session's day (the server checks it): now if that is today, else noon.
function onDay(day) {
  if (day === localDay(new Date())) return new Date().toISOString();
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d, 12, 0).toISOString();
}

function check(b, svc) {
  const p = {};
  // Checked in means identified: the CCCD scanned (or typed), at least a name.
  if (svc.session_kind && !(b.citizen && (b.citizen.full_name || b.citizen.cccd))) p.full_name = T.needAttendee;
  if (!b.occurred_at) p.occurred_at = T.required;
  if (b.outcome === 'failed' && !b.outcome_reason) p.outcome_reason = T.needReason;
  const c = b.citizen;
  if (c && c.cccd && !CCCD_RE.test(c.cccd)) p.cccd = T.badCccd;
  if (c && c.birth_year && (c.birth_year < 1900 || c.birth_year > new Date().getFullYear())) p.birth_year = T.badYear;
  if (c && (c.full_name || c.cccd) && !c.consent) p.consent = T.needConsent;
  const h = b.household;
  if (h && h.address_code && !ADDRESS_RE.test(h.address_code)) p.address_code = T.badAddress;
  if (h && h.address_code && !h.address_scheme) p.address_scheme = T.needScheme;
  if (h && h.head_is_citizen && !c) p.head_is_citizen = T.needHead;
  return p;
}
