// The rounds page's store on the phone (IndexedDB) and its queue of writes. Each write is kept with its own
// Idempotency-Key until the server has answered it, and sent in the order it was made: a photo after the
// finding it belongs to, the completion after the findings. A phone may be shared, so everything is kept per
// user and sent only in that user's session.

import { ownPage } from './dom.js';

const database = new Promise((resolve, reject) => {
  const request = indexedDB.open('lagesbild-rounds', 1);
  request.onupgradeneeded = () => {
    const db = request.result;
    db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
    db.createObjectStore('rounds', { keyPath: 'id' });
    db.createObjectStore('drafts', { keyPath: 'roundId' });
    db.createObjectStore('sent', { keyPath: 'key' });
  };
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

async function inStore(name, mode, work) {
  const db = await database;
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(name, mode);
    const request = work(transaction.objectStore(name));
    transaction.oncomplete = () => resolve(request ? request.result : undefined);
    transaction.onerror = () => reject(transaction.error);
  });
}

export const put = (name, value) => inStore(name, 'readwrite', s => s.put(value));
export const get = (name, key) => inStore(name, 'readonly', s => s.get(key));
export const remove = (name, key) => inStore(name, 'readwrite', s => s.delete(key));
const getAll = name => inStore(name, 'readonly', s => s.getAll());

let user = 0;
let syncing = false;
let again = false;
const listeners = [];

export const state = { signedOut: false };

export function init(userId) {
  user = userId;
}

/// A key of this user's: drafts and cached rounds are kept per user, like the queue.
export const mine = id => `${user}:${id}`;

export async function waiting() {
  return (await getAll('outbox')).filter(i => i.userId === user).sort((a, b) => a.id - b.id);
}

export function onChange(listener) {
  listeners.push(listener);
}

async function changed() {
  for (const listener of listeners) await listener();
}

function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

export async function enqueue(item) {
  const key = item.key ?? newKey();
  await put('outbox', { ...item, userId: user, key, createdAt: new Date().toISOString() });
  await changed();
  sync();
  return key;
}

export async function discard(id) {
  await remove('outbox', id);
  await changed();
}

// One write: 'done', 'later' (no network, the server busy or failing, signed out) or the server's reason for refusing it.
async function send(item) {
  const headers = { ...ownPage, Accept: 'application/json' };
  let url = `/api/rounds/${item.roundId}/${item.kind}`;
  let method = 'POST';
  let body;
  if (item.kind === 'photo') {
    const link = await get('sent', item.findingKey);
    if (!link) return { refused: 'photo-without-finding' };
    url = `/api/rounds/${item.roundId}/findings/${link.findingId}/photo`;
    method = 'PUT';
    headers['Content-Type'] = item.photo.type || 'application/octet-stream';
    body = item.photo;
  } else {
    headers['Content-Type'] = 'application/json';
    headers['Idempotency-Key'] = item.key;
    body = JSON.stringify(item.body ?? {});
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body, credentials: 'same-origin' });
  } catch {
    return 'later';
  }
  if (response.status === 401) {
    state.signedOut = true;
    return 'later';
  }
  if (response.ok) {
    if (item.kind === 'findings') {
      const finding = await response.json();
      await put('sent', { key: item.key, findingId: finding.id });
    }
    return 'done';
  }
  // A server error or overload is retried later and holds the queue, so that the order stays.
  if (response.status >= 500 || response.status === 408 || response.status === 429) return 'later';
  const problem = await response.json().catch(() => ({}));
  const details = problem.errors ? Object.values(problem.errors).flat().join(' ') : (problem.detail || problem.title || response.status);
  // The refusal's code, for the page to say it in the user's language (the server's words are English).
  const [field, code] = Object.entries(problem.codes ?? {})[0] ?? [];
  return { refused: String(details), code, args: problem.args?.[field] ?? [] };
}

export async function sync() {
  // Something queued while a pass runs (a photo just after its finding) is sent by one more pass at once.
  if (syncing) {
    again = true;
    return;
  }
  syncing = true;
  state.signedOut = false;
  try {
    do {
      again = false;
      for (const item of await waiting()) {
        if (item.error) continue;
        const result = await send(item);
        if (result === 'later') {
          again = false;
          break;
        }
        if (result === 'done') await remove('outbox', item.id);
        else await put('outbox', { ...item, error: result.refused, errorCode: result.code, errorArgs: result.args });
      }
    } while (again);
  } finally {
    syncing = false;
  }
  await changed();
}

window.addEventListener('online', () => sync());
setInterval(() => { if (navigator.onLine) sync(); }, 15000);
