// Small DOM helpers shared by the screens.
export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function options(list, selected, { blank } = {}) {
  const head = blank !== undefined ? `<option value="">${esc(blank)}</option>` : '';
  return head + list.map((o) => `<option value="${esc(o.value)}"${String(o.value) === String(selected ?? '') ? ' selected' : ''}>${esc(o.label)}</option>`).join('');
}

export function radios(name, list, selected) {
  return `<div class="seg" role="radiogroup">${list.map((o) => `<label><input type="radio" name="${name}" value="${esc(o.value)}"${o.value === selected ? ' checked' : ''}><span>${esc(o.label)}</span></label>`).join('')}</div>`;
}

let toastTimer = null;
export function toast(text) {
  const el = $('#toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 4000);
}

export function pad(n) { return String(n).padStart(2, '0'); }

// "2026-11-23" for <input type=date>, the phone's day.
export function localDay(date) {
  const d = new Date(date);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// "2026-11-23T09:05" for <input type=datetime-local>, in the phone's time zone.
export function localInput(date) {
  const d = new Date(date);
  return `${localDay(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function showDate(iso) {
  const d = new Date(iso);
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// "2026-11-23" (a date without a time, e.g. a session's day) → "23/11/2026", whatever the time zone.
export function showDay(iso) {
  const [y, m, d] = String(iso).split('-');
  return `${d}/${m}/${y}`;
}

export function uuid4() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Photos are shrunk on the phone: a 4 MB camera shot becomes ~150 kB, re-encoded without EXIF/GPS.
export async function shrinkPhoto(file, maxSide = 1280, quality = 0.8) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close && bitmap.close();
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), 'image/jpeg', quality));
}
