// "Quét CCCD": the rear camera reads the QR printed on a chip CCCD's front and fills the citizen block.
// The QR holds CCCD|old CMND|full name|ddmmyyyy|Nam/Nữ|address|issue date. Only the CCCD, the name, the
// birth year and the gender leave parseCccdQr: the address, the old CMND and the issue date are dropped
// there, at once, and are never stored, sent, logged nor put in IndexedDB.
// The browser's BarcodeDetector decodes where it exists; elsewhere the vendored jsQR, imported only here,
// when the button is pressed (it stays out of the shell's budget; the service worker caches it offline).
import { T } from './strings.js';
import { $, esc } from './ui.js';

export const DECODER_URL = new URL('../vendor/jsqr.js', import.meta.url).href;

export function parseCccdQr(text) {
  const parts = String(text || '').split('|');
  if (parts.length < 5) return null;
  const cccd = parts[0].trim();
  const fullName = parts[2].trim();
  const born = parts[3].trim();
  const sex = parts[4].trim().normalize('NFC').toLowerCase();
  if (!/^\d{12}$/.test(cccd)) return null;
  return {
    cccd, full_name: fullName,
    birth_year: /^\d{8}$/.test(born) ? Number(born.slice(4)) : null,
    gender: sex === 'nam' ? 'male' : sex === 'nữ' ? 'female' : '',
  };
}

async function nativeDetector() {
  if (!('BarcodeDetector' in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (!formats.includes('qr_code')) return null;
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video)).map((c) => c.rawValue);
  } catch (err) {
    return null;
  }
}

async function fallbackDetector() {
  const { default: jsQR } = await import(DECODER_URL);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return async (video) => {
    const w = video.videoWidth; const h = video.videoHeight;
    if (!w || !h) return [];
    canvas.width = w; canvas.height = h;
    ctx.drawImage(video, 0, 0, w, h);
    const found = jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'attemptBoth' });
    return found ? [found.data] : [];
  };
}

// Asks first (the consent sentence), then scans until a CCCD QR is read or the volunteer stops.
// Resolves with { cccd, full_name, birth_year, gender } or null.
export function scanCccd(host) {
  return new Promise((resolve) => {
    const box = document.createElement('div');
    box.className = 'scan';
    box.id = 'scan-box';
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-labelledby', 'scan-title');
    box.innerHTML = `<h2 id="scan-title">${esc(T.scanTitle)}</h2><p id="scan-consent">${esc(T.scanConsent)}</p>
      <div class="row"><button type="button" class="btn secondary" id="scan-cancel">${esc(T.cancel)}</button>
      <button type="button" class="btn" id="scan-agree">${esc(T.scanAgree)}</button></div>`;
    host.after(box);
    let stream = null;
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      if (stream) stream.getTracks().forEach((t) => t.stop());
      box.remove();
      resolve(value);
    };
    $('#scan-cancel', box).onclick = () => finish(null);
    $('#scan-agree', box).onclick = async () => {
      box.innerHTML = `<h2 id="scan-title">${esc(T.scanTitle)}</h2><video id="scan-video" playsinline muted></video>
        <p class="hint" id="scan-status" role="status">${esc(T.scanAim)}</p>
        <button type="button" class="btn secondary wide" id="scan-stop">${esc(T.scanStop)}</button>`;
      $('#scan-stop', box).onclick = () => finish(null);
      const status = $('#scan-status', box);
      try {
        if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new Error('no camera');
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
      } catch (err) {
        status.textContent = T.scanNoCamera;
        return;
      }
      if (done) { stream.getTracks().forEach((t) => t.stop()); return; }
      const video = $('#scan-video', box);
      video.srcObject = stream;
      await video.play().catch(() => {});
      let detect = await nativeDetector();
      host.dataset.decoder = detect ? 'native' : 'jsqr';  // which path read the card (tests look)
      if (!detect) {
        try { detect = await fallbackDetector(); } catch (err) { status.textContent = T.scanNoDecoder; return; }
      }
      while (!done) {
        let values = [];
        try { values = await detect(video); } catch (err) { values = []; }
        for (const raw of values) {
          const citizen = parseCccdQr(raw);
          if (citizen) { finish(citizen); return; }
          status.textContent = T.scanNotCccd;
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    };
  });
}
