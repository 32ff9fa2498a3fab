// IndexedDB: the outbox (what this phone logged and the server has not confirmed yet), the server's
// copies of my records, and small settings. Works in the page and in the service worker.
const NAME = 'cnscd';
const VERSION = 1;
let opening = null;

export function openDb() {
  if (opening) return opening;
  opening = new Promise((resolve, reject) => {
    const req = indexedDB.open(NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore('outbox', { keyPath: 'client_uuid' });
      db.createObjectStore('mine', { keyPath: 'client_uuid' });
      db.createObjectStore('meta', { keyPath: 'key' });
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => { db.close(); opening = null; };
      resolve(db);
    };
    req.onerror = () => { opening = null; reject(req.error); };
  });
  return opening;
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('aborted'));
  });
}

function result(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function get(store, key) {
  const db = await openDb();
  return result(db.transaction(store).objectStore(store).get(key));
}

export async function all(store) {
  const db = await openDb();
  return result(db.transaction(store).objectStore(store).getAll());
}

export async function put(store, value) {
  const db = await openDb();
  const tx = db.transaction(store, 'readwrite');
  tx.objectStore(store).put(value);
  return done(tx);
}

// Several writes that must happen together (e.g. leave the outbox and enter "mine" at once).
export async function write(ops) {
  const db = await openDb();
  const stores = [...new Set(ops.map((op) => op.store))];
  const tx = db.transaction(stores, 'readwrite');
  for (const op of ops) {
    const s = tx.objectStore(op.store);
    if (op.del !== undefined) s.delete(op.del);
    else if (op.clear) s.clear();
    else s.put(op.put);
  }
  return done(tx);
}

export async function getMeta(key, fallback = null) {
  const row = await get('meta', key);
  return row ? row.value : fallback;
}

export function setMeta(key, value) {
  return put('meta', { key, value });
}

// Logging out on a shared phone: nothing of this session may stay behind.
export async function wipe() {
  await write([{ store: 'outbox', clear: true }, { store: 'mine', clear: true }, { store: 'meta', clear: true }]);
}
