// Web Push: the officer's "return for fixing" reaches the phone. Asked for by a tap on the home screen
// (never at start-up); the subscription belongs to this device and is removed at logout. Without push
// (no permission, no support, no server keys) the home screen still counts the records to fix at sync.
import { api } from './sync.js';

function keyBytes(b64url) {
  const raw = atob(b64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (b64url.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

export function pushPossible(me) {
  return Boolean(me && me.push_key && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window);
}

// 'on' (subscribed), 'ask' (the member may switch it on), 'off' (refused, or no push here).
export function pushState(me) {
  if (!pushPossible(me)) return 'off';
  if (Notification.permission === 'granted') return 'on';
  return Notification.permission === 'default' ? 'ask' : 'off';
}

async function subscription(me, create) {
  const reg = await navigator.serviceWorker.ready;
  const found = await reg.pushManager.getSubscription();
  if (found || !create) return found;
  return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(me.push_key) });
}

// On every start with permission, and after the tap: the server learns (again) where to reach this phone.
export async function pushSubscribe(me, { ask = false } = {}) {
  if (!pushPossible(me)) return false;
  if (ask && Notification.permission === 'default') await Notification.requestPermission();
  if (Notification.permission !== 'granted') return false;
  const sub = await subscription(me, true);
  const res = await api('/push/subscription/', { method: 'POST', body: sub.toJSON() });
  return res.ok;
}

// At logout: forget this device on the server and in the browser (a 404/410 cleans up what is missed).
export async function pushUnsubscribe() {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) return;
  try {
    const reg = await navigator.serviceWorker.getRegistration('/');
    const sub = reg && await reg.pushManager.getSubscription();
    if (!sub) return;
    await api('/push/subscription/', { method: 'DELETE', body: { endpoint: sub.endpoint } }).catch(() => {});
    await sub.unsubscribe();
  } catch (err) { /* offline or no push: the push service's 410 removes it later */ }
}
