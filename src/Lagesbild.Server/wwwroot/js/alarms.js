// The alarm console: open alarms of the user's guard company (or all, for the city), live over the alarm
// hub. The hub is only the fast path: on every (re)connection the list is read again from the API. Text from
// the server is always set as text.

import { drawDistricts, fetchDistricts } from './districts.js';
import { button, element, ownPage, plurals, textsFrom } from './dom.js';

const app = document.getElementById('alarms-app');
const list = document.getElementById('alarms-list');
const connectionLine = document.getElementById('alarms-connection');
const t = textsFrom('alarms-texts');
const tn = plurals(t);
const history = document.getElementById('alarms-history');
const done = document.getElementById('alarms-done');
const canAct = app.dataset.canAct === 'true';
const userId = Number(app.dataset.user);
// The outcomes a guard may choose are the server's list, given with the page; which moves an alarm allows, each alarm says.
const outcomes = app.dataset.outcomes.split(',');
const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'sv-SE', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Europe/Stockholm' });
const alarms = new Map();
const maps = new Map();
// The latest sensor event behind each alarm, as the hub told it (events joining an alarm go to whoever has it).
const signals = new Map();
// What a guard has chosen or written in a resolve form, kept across re-renders (a push may arrive while he types).
const drafts = new Map();
// Each alarm's camera stills as the API lists them, read when its card is first drawn and again when the hub says they are in.
const stills = new Map();
const minuteFormat = new Intl.DateTimeFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'sv-SE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Stockholm' });
let soundOn = false;
// The districts, read once, so that each card's map shows where it is even without tiles.
const districts = fetchDistricts('/api/districts');


// Sound and vibration, where the browser allows them (sound only after the user has turned it on).
const audio = window.AudioContext ? new AudioContext() : null;
document.getElementById('alarms-sound').addEventListener('click', async event => {
  soundOn = !soundOn;
  if (soundOn && audio) await audio.resume();
  event.target.textContent = soundOn ? t('AlarmsSoundOff') : t('AlarmsSoundOn');
});

function signal() {
  navigator.vibrate?.([300, 100, 300]);
  if (!soundOn || !audio) return;
  const tone = audio.createOscillator();
  const gain = audio.createGain();
  tone.frequency.value = 880;
  gain.gain.value = 0.2;
  tone.connect(gain).connect(audio.destination);
  tone.start();
  tone.stop(audio.currentTime + 0.6);
}

// Whether the open alarms have been read once: after that, one the list did not have opened while the console was away.
let loaded = false;

// What the hub pushed while a read of the open alarms was under way, for each read: the read may have been answered
// before an alarm opened or closed, and its answer must not take away a card the push had just put up.
const pushedDuringReads = new Set();

async function load() {
  const pushed = new Map();
  pushedDuringReads.add(pushed);
  let read;
  try {
    const response = await fetch('/api/alarms?status=open', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(String(response.status));
    read = await response.json();
  } finally {
    pushedDuringReads.delete(pushed);
  }
  const known = new Set(alarms.keys());
  alarms.clear();
  stills.clear();
  for (const alarm of read) alarms.set(alarm.id, alarm);
  // A closed alarm stays closed; one the read did not have yet opened after it was answered.
  for (const [id, alarm] of pushed) {
    if (!alarm.open) alarms.delete(id);
    else if (!alarms.has(id)) alarms.set(id, alarm);
  }
  // An alarm pushed while the console was away (its node restarted, Redis was down) rings as a pushed one does.
  const missed = loaded ? [...alarms.values()].filter(alarm => !known.has(alarm.id)) : [];
  loaded = true;
  // For tests and tools: the console has read its open alarms once (what opens after this rings).
  app.dataset.loaded = 'true';
  if (missed.length > 0) {
    signal();
    say(t('AlarmsNew', missed[0].site));
  }
  render();
  await loadHistory();
}

// The shift's closed alarms (since the guard's shift began, else the last twelve hours), the latest first, with
// when each opened and closed and how it ended, so that a guard or the control room can look back at the night.
async function loadHistory() {
  const response = await fetch('/api/alarms?status=closed', { credentials: 'same-origin', headers: { Accept: 'application/json' } }).catch(() => null);
  if (!response?.ok) return;
  const items = (await response.json()).map(alarm => {
    const closed = alarm.timeline.findLast(entry => entry.action === 'resolved' || entry.action === 'cancelled');
    const facts = [
      t('AlarmsOpenedAt', timeFormat.format(new Date(alarm.openedAt))),
      t('AlarmsClosedAt', timeFormat.format(new Date(closed?.at ?? alarm.lastEventAt))),
      alarm.outcome ? t('Outcome' + alarm.outcome) : t('AlarmStatus' + alarm.status),
      closed?.by ? t('AlarmsBy', closed.by) : '',
      alarm.escalationLevel > 0 ? t('AlarmsEscalated', alarm.escalationLevel) : '',
    ].filter(Boolean).join(' · ');
    const item = element('li');
    item.append(element('strong', alarm.site), element('span', ` · ${facts}`));
    if (alarm.note) item.append(element('p', alarm.note, 'small'));
    return item;
  });
  if (items.length === 0) {
    history.replaceChildren(element('p', t('AlarmsHistoryNone'), 'small'));
    return;
  }
  const list = element('ul', '', 'alarm-history');
  list.append(...items);
  history.replaceChildren(list);
}

// What a type of sensor event is called in the user's language; a type the product has no words for is shown as sent.
function eventType(type) {
  const key = 'AlarmEventType_' + type;
  const words = t(key);
  return words === key ? type : words;
}

const sameState = (a, b) => a && b && a.status === b.status && a.assignedTo === b.assignedTo && a.events === b.events
  && a.escalationLevel === b.escalationLevel && a.acknowledgeBy === b.acknowledgeBy;

function changed(alarm, latest) {
  for (const pushed of pushedDuringReads) pushed.set(alarm.id, alarm);
  const known = alarms.get(alarm.id);
  if (latest) signals.set(alarm.id, latest);
  if (sameState(known, alarm)) return;
  const open = alarm.open;
  if (open) alarms.set(alarm.id, alarm);
  else {
    alarms.delete(alarm.id);
    drafts.delete(alarm.id);
    signals.delete(alarm.id);
    loadHistory();
  }
  if (!known && open) {
    signal();
    say(t('AlarmsNew', alarm.site));
  }
  render();
}

function say(text) {
  connectionLine.dataset.last = text;
}

async function act(alarm, action, body) {
  const response = await fetch(`/api/alarms/${alarm.id}/${action}`, {
    method: 'POST', credentials: 'same-origin',
    headers: { ...ownPage, 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body ?? {}),
  }).catch(() => null);
  const card = document.getElementById(`alarm-${alarm.id}`);
  const problem = card?.querySelector('.form-problem');
  if (!response) {
    if (problem) problem.textContent = t('AlarmsNoNetwork');
    return;
  }
  if (!response.ok) {
    const details = await response.json().catch(() => ({}));
    if (problem) problem.textContent = details.detail || details.title || String(response.status);
    await load();
    return;
  }
  const result = await response.json();
  changed(result);
  if (!result.open) {
    // The card is gone with its button: the guard is told where the alarm went, and the focus goes to that line.
    done.textContent = t('AlarmsResolvedConfirm', result.site, result.outcome ? t('Outcome' + result.outcome) : t('AlarmStatus' + result.status));
    done.hidden = false;
    done.focus();
  }
}

function render() {
  for (const [, map] of maps) map.remove();
  maps.clear();
  const open = [...alarms.values()].sort((a, b) => (a.assignedTo === null) - (b.assignedTo === null) || new Date(b.openedAt) - new Date(a.openedAt));
  if (open.length === 0) {
    list.replaceChildren(element('p', t('AlarmsNone'), 'notice'));
    return;
  }
  list.replaceChildren(...open.map(card));
  for (const alarm of open) drawMap(alarm);
}

function card(alarm) {
  const box = element('article', '', `alarm-card status-${alarm.status}`);
  box.id = `alarm-${alarm.id}`;
  box.setAttribute('aria-labelledby', `alarm-title-${alarm.id}`);
  const title = element('h2', alarm.site, 'alarm-site');
  title.id = `alarm-title-${alarm.id}`;
  const facts = [
    t('AlarmStatus' + alarm.status),
    t('AlarmsOpenedAt', timeFormat.format(new Date(alarm.openedAt))),
    tn('AlarmsEvents', alarm.events),
    alarm.assignedTo ? t('AlarmsAssigned', alarm.assignedTo) : '',
  ].filter(Boolean).join(' · ');
  box.append(title, element('p', facts, 'alarm-facts'));
  // An alarm nobody took in time has gone on to the next guard or the control room: said in words and by its colour.
  if (alarm.escalationLevel > 0) box.append(element('p', t('AlarmsEscalated', alarm.escalationLevel), 'alarm-escalated'));
  const latest = signals.get(alarm.id);
  if (latest) box.append(element('p', t('AlarmsLastSignal', eventType(latest.type), timeFormat.format(new Date(latest.occurredAt)), latest.sensor), 'alarm-facts'));
  if (alarm.acknowledgeBy) {
    const timer = element('p', '', 'alarm-timer');
    timer.dataset.deadline = alarm.acknowledgeBy;
    box.append(timer);
  }
  const details = element('ul', '', 'alarm-card-details');
  if (alarm.card.accessNotes) details.append(element('li', t('AlarmsAccess', alarm.card.accessNotes)));
  if (alarm.card.nearestScene) details.append(element('li', t('AlarmsNearestScene', alarm.card.nearestScene, alarm.card.nearestSceneMetres)));
  if (alarm.card.mediaUrl && /^(https?|rtsp):/.test(alarm.card.mediaUrl)) {
    const item = element('li');
    const link = element('a', t('AlarmsCamera'));
    link.href = alarm.card.mediaUrl;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    item.append(link);
    details.append(item);
  }
  box.append(details);
  // A still picture of the place: nothing in it takes focus or a click, so a screen reader reads its caption and
  // skips the drawing. The tile server's credit stays visible under it.
  const figure = element('figure', '', 'alarm-figure');
  const mapBox = element('div', '', 'alarm-map');
  mapBox.id = `alarm-map-${alarm.id}`;
  mapBox.setAttribute('aria-hidden', 'true');
  figure.append(mapBox, element('figcaption', t('AlarmsMapLabel', alarm.site), 'visually-hidden'));
  if (app.dataset.tileUrl && app.dataset.tileAttribution) {
    const credit = element('small', '', 'alarm-map-credit');
    credit.innerHTML = app.dataset.tileAttribution;
    figure.append(credit);
  }
  box.append(figure);
  // The stills come after the guard's buttons, which stay on a phone's first screen.
  const section = element('section', '', 'alarm-stills');
  section.id = `alarm-stills-${alarm.id}`;
  if (canAct) {
    const [buttons, ...rest] = actions(alarm);
    box.append(buttons, section, ...rest);
  } else box.append(section);
  if (stills.has(alarm.id)) drawStills(alarm.id, section);
  else loadStills(alarm.id);
  return box;
}

// The stills of the site's cameras from when the alarm opened, fetched by the server: a picture with its camera and
// time, or in words why there is none (the camera may not record now, it did not answer in time ...).
async function loadStills(id) {
  stills.set(id, stills.get(id) ?? null);
  const response = await fetch(`/api/alarms/${id}/snapshots`, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).catch(() => null);
  if (!response?.ok) return;
  stills.set(id, await response.json());
  const section = document.getElementById(`alarm-stills-${id}`);
  if (section) drawStills(id, section);
}

function drawStills(id, section) {
  const list = stills.get(id);
  if (!list || list.length === 0) {
    section.replaceChildren();
    return;
  }
  const heading = element('h3', t('AlarmsSnapshots'), 'alarm-stills-title');
  const parts = [heading];
  for (const still of list) {
    if (still.url) {
      const figure = element('figure', '', 'alarm-still');
      const image = element('img');
      image.src = still.url;
      image.alt = t('AlarmsSnapshotAlt', still.camera, minuteFormat.format(new Date(still.fetchedAt)));
      figure.append(image, element('figcaption', `${still.camera} · ${timeFormat.format(new Date(still.fetchedAt))}`, 'small'));
      parts.push(figure);
    } else {
      parts.push(element('p', t('AlarmsSnapshotFailure_' + still.failure, still.camera, still.failureDetail ?? ''), 'alarm-still-failure'));
    }
  }
  section.replaceChildren(...parts);
}

function actions(alarm) {
  const row = element('div', '', 'button-row');
  const problem = element('p', '', 'form-problem');
  problem.setAttribute('role', 'alert');
  // The server says which moves the alarm's state allows; the console offers those and no others.
  if (alarm.actions.includes('Acknowledge')) row.append(button(t('AlarmsAcknowledge'), () => act(alarm, 'acknowledge')));
  if (alarm.actions.includes('ArriveOnSite')) row.append(button(t('AlarmsOnSite'), () => act(alarm, 'on-site'), 'secondary-button'));
  const parts = [row];
  if (alarm.actions.includes('Resolve')) {
    const form = element('form', '', 'resolve-form');
    const draft = drafts.get(alarm.id) ?? { outcome: outcomes[0], note: '' };
    drafts.set(alarm.id, draft);
    const outcome = element('select');
    outcome.id = `outcome-${alarm.id}`;
    for (const o of outcomes) {
      const option = element('option', t('Outcome' + o));
      option.value = o;
      outcome.append(option);
    }
    outcome.value = draft.outcome;
    outcome.addEventListener('change', () => { draft.outcome = outcome.value; });
    const outcomeLabel = element('label', t('AlarmsOutcome'));
    outcomeLabel.htmlFor = outcome.id;
    const note = element('textarea');
    note.id = `note-${alarm.id}`;
    note.rows = 2;
    note.maxLength = 2000;
    note.value = draft.note;
    note.addEventListener('input', () => { draft.note = note.value; });
    const noteLabel = element('label', t('AlarmsNote'));
    noteLabel.htmlFor = note.id;
    const submit = element('button', t('AlarmsResolve'), 'action-button');
    submit.type = 'submit';
    form.append(outcomeLabel, outcome, noteLabel, note, submit);
    form.addEventListener('submit', event => {
      event.preventDefault();
      act(alarm, 'resolve', { outcome: outcome.value, note: note.value.trim() || null });
    });
    parts.push(form);
  }
  parts.push(problem);
  return parts;
}

function drawMap(alarm) {
  const box = document.getElementById(`alarm-map-${alarm.id}`);
  if (!box || typeof L === 'undefined') return;
  const still = { zoomControl: false, attributionControl: false, keyboard: false, dragging: false, scrollWheelZoom: false, doubleClickZoom: false, touchZoom: false, boxZoom: false };
  const map = L.map(box, still);
  map.setView([alarm.card.lat, alarm.card.lon], 17);
  if (app.dataset.tileUrl) L.tileLayer(app.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
  if (alarm.card.yard) {
    const yard = L.geoJSON(alarm.card.yard, { style: { color: '#b00020', weight: 3, fillOpacity: 0.15 }, interactive: false }).addTo(map);
    map.fitBounds(yard.getBounds(), { padding: [20, 20], maxZoom: 18 });
  }
  L.circleMarker([alarm.card.lat, alarm.card.lon], { radius: 7, color: '#b00020', fillOpacity: 1, interactive: false }).addTo(map);
  maps.set(alarm.id, map);
  districts.then(outlines => {
    if (outlines && maps.get(alarm.id) === map) drawDistricts(map, outlines, { namesFrom: 14 });
  });
}

setInterval(() => {
  for (const timer of document.querySelectorAll('.alarm-timer')) {
    const left = Math.round((new Date(timer.dataset.deadline) - Date.now()) / 1000);
    timer.textContent = left > 0 ? t('AlarmsEscalatesIn', left) : t('AlarmsEscalating');
  }
}, 1000);

const hub = new signalR.HubConnectionBuilder().withUrl('/hubs/alarms').withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000]).build();
hub.on('AlarmChanged', changed);
hub.on('SnapshotsChanged', id => { if (alarms.has(id)) loadStills(id); });
// The hub has joined this console's groups (on each connection, the first and every one after a reconnection): only
// from now on does every push reach it, so the open alarms are read now, not when the handshake is done.
hub.on('Joined', joined);
hub.onreconnecting(() => { connectionLine.textContent = t('AlarmsReconnecting'); connectionLine.className = 'sync-status sync-waiting'; });
hub.onclose(() => setTimeout(start, 5000));

async function joined() {
  connectionLine.textContent = t('AlarmsLive');
  connectionLine.className = 'sync-status sync-done';
  app.dataset.live = 'true';
  // What was pushed while away is read again: the database, not the hub, is the record.
  await load().catch(() => {});
}

async function start() {
  try {
    await hub.start();
  } catch {
    connectionLine.textContent = t('AlarmsReconnecting');
    connectionLine.className = 'sync-status sync-waiting';
    await load().catch(() => {});
    setTimeout(start, 5000);
  }
}

if (userId) start();
