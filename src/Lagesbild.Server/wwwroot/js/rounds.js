// The morning round on a phone. What the caretaker enters is written to the device first (IndexedDB) and
// sent to the REST API in order, each write with its own Idempotency-Key, whenever the network allows:
// nothing is lost when the connection drops, and nothing is doubled when a send is retried. Text from the
// server is always set as text, never as HTML. The queue itself is in rounds-queue.js.

import * as queue from './rounds-queue.js';
import { button, element, plurals, textsFrom } from './dom.js';

const app = document.getElementById('rounds-app');
const view = document.getElementById('rounds-view');
const syncLine = document.getElementById('rounds-sync');
const t = textsFrom('rounds-texts');
const tn = plurals(t);
// The kinds of finding and which of them are counted are the server's rules, given with the page.
const categories = app.dataset.categories.split(',');
const countable = new Set(app.dataset.countable.split(','));
const dateFormat = new Intl.DateTimeFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'sv-SE', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/Stockholm' });
const dayOf = date => dateFormat.format(new Date(`${date}T12:00:00Z`));
const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'sv-SE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Stockholm' });

queue.init(Number(app.dataset.user));
queue.onChange(async () => {
  await showSync();
  if (!current) {
    if (listDate && navigator.onLine) await showList(listDate, { quiet: true });
  } else if (!(await queue.waiting()).some(i => i.roundId === current.round.id && !i.error)) {
    await loadRound(current.round.id, { quiet: true });
  } else {
    await renderFindings();
  }
});

async function showSync() {
  const items = await queue.waiting();
  // A photo travels with its finding: the user counts findings and completions.
  const waiting = items.filter(i => !i.error && i.kind !== 'photo').length;
  let line = waiting === 0 ? t('RoundsAllSent') : t('RoundsWaiting', waiting);
  line = `${navigator.onLine ? t('RoundsOnline') : t('RoundsOffline')} · ${line}`;
  if (queue.state.signedOut) line += ` · ${t('RoundsSignInAgain')}`;
  syncLine.textContent = line;
  syncLine.dataset.waiting = String(waiting);
  syncLine.className = `sync-status ${waiting > 0 || !navigator.onLine ? 'sync-waiting' : 'sync-done'}`;
  renderFailures(items.filter(i => i.error));
}

function renderFailures(failed) {
  let box = document.getElementById('rounds-failed');
  if (failed.length === 0) {
    box?.remove();
    return;
  }
  if (!box) {
    box = element('div', '', 'rounds-failed');
    box.id = 'rounds-failed';
    box.setAttribute('role', 'alert');
    syncLine.after(box);
  }
  box.replaceChildren(element('p', t('RoundsNotAccepted')));
  for (const item of failed) {
    const reason = item.error === 'photo-without-finding' ? t('RoundsPhotoWithoutFinding') : refusal(item);
    const row = element('p', `${t('RoundsKind' + item.kind)}: ${reason} `);
    row.append(button(t('RoundsDiscard'), () => queue.discard(item.id), 'link-button'));
    box.append(row);
  }
}

// Why the server refused, in the user's language by the refusal's code; the server's own words when the page has no text for it.
function refusal(item) {
  const key = item.errorCode && `Refusal_${item.errorCode}`;
  const text = key ? t(key, ...(item.errorArgs ?? [])) : key;
  return key && text !== key ? text : item.error;
}

window.addEventListener('offline', () => showSync());
window.addEventListener('online', () => showSync());

// --- Small DOM helpers (the rest are in dom.js) ------------------------------------------------------------

function labelled(labelText, control, id) {
  const wrapper = element('div', '', 'field');
  control.id = id;
  const label = element('label', labelText);
  label.htmlFor = id;
  wrapper.append(label, control);
  return wrapper;
}

function say(text) {
  const live = document.getElementById('rounds-announce');
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}

// --- The list of the day's rounds ------------------------------------------------------------------------

let listDate = null;

async function showList(date, { quiet } = {}) {
  listDate = date;
  if (!quiet) view.replaceChildren(element('p', t('RoundsLoading')));
  let rounds;
  try {
    const response = await fetch(`/api/rounds?date=${date}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(String(response.status));
    rounds = await response.json();
  } catch {
    if (!quiet) view.replaceChildren(element('p', t('RoundsListOffline'), 'notice'));
    return;
  }
  const picker = element('input');
  picker.type = 'date';
  picker.value = date;
  picker.addEventListener('change', () => picker.value && showList(picker.value));
  const parts = [labelled(t('RoundsDate'), picker, 'rounds-date')];
  if (rounds.length === 0) parts.push(element('p', t('RoundsNone')));
  const list = element('ul', '', 'round-list');
  for (const round of rounds) {
    const item = element('li', '', `round-card status-${round.status}`);
    const link = element('a', round.site.name);
    link.href = `/rounds/${round.id}`;
    const facts = element('p', `${t('RoundsDeadline', timeFormat.format(new Date(round.deadline)))} · ${t('RoundStatus' + round.status)}${round.late && round.status === 'Completed' ? ' · ' + t('RoundsLate') : ''} · ${tn('RoundsFindingCount', round.findings)}`);
    item.append(link, facts);
    list.append(item);
  }
  parts.push(list);
  view.replaceChildren(...parts);
}

// --- One round -------------------------------------------------------------------------------------------

let current = null;
let map = null;
let chosen = null;

async function loadRound(id, { quiet } = {}) {
  let round;
  try {
    const response = await fetch(`/api/rounds/${id}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status === 404) {
      view.replaceChildren(element('p', t('RoundsNotFound'), 'notice'));
      return;
    }
    if (!response.ok) throw new Error(String(response.status));
    round = await response.json();
    await queue.put('rounds', { ...round, id: queue.mine(id) });
  } catch {
    round = await queue.get('rounds', queue.mine(id));
    if (!round) {
      view.replaceChildren(element('p', t('RoundsListOffline'), 'notice'));
      return;
    }
  }
  current = round;
  // A refresh in the background never wipes a finding the caretaker has begun: only the list is drawn again.
  const form = document.getElementById('finding-form');
  if (quiet && form && (form.contains(document.activeElement) || form.dataset.started === 'true')) {
    await renderFindings();
    return;
  }
  await renderRound();
}

// Drafts and cached rounds are kept per user, like the queue.
async function draftOf(roundId) {
  await drafting;
  const key = queue.mine(roundId);
  return (await queue.get('drafts', key)) ?? { roundId: key, answers: {}, note: '' };
}

// Edits of a draft (a tap on OK, a note) each read the draft, change it and write it back; they run one after
// the other, so that two quick taps cannot overwrite each other, and completing a round waits for them.
let drafting = Promise.resolve();
function editDraft(roundId, change) {
  const edit = drafting.then(async () => {
    const key = queue.mine(roundId);
    const d = (await queue.get('drafts', key)) ?? { roundId: key, answers: {}, note: '' };
    change(d);
    await queue.put('drafts', d);
  });
  drafting = edit.catch(() => {});
  return edit;
}

async function renderRound() {
  const { round, checklist } = current;
  const draft = await draftOf(round.id);
  const back = element('a', t('RoundsBack'));
  back.href = '/rounds';
  const heading = element('h2', round.site.name, 'round-site');
  const facts = element('p', `${dayOf(round.date)} · ${t('RoundsDeadline', timeFormat.format(new Date(round.deadline)))} · ${t('RoundStatus' + round.status)}${round.late && round.status === 'Completed' ? ' · ' + t('RoundsLate') : ''}`, `round-facts status-${round.status}`);
  facts.id = 'round-status';
  // A round is walked on its own day; another day's round is shown as it stands.
  const otherDay = round.date !== app.dataset.today;
  const done = round.status === 'Completed' || otherDay;

  const checklistSection = element('section', '', 'round-section');
  checklistSection.append(element('h3', t('RoundsChecklist')));
  checklist.forEach((entry, index) => {
    const fieldset = element('fieldset', '', 'check-item');
    fieldset.append(element('legend', entry.item));
    const answer = draft.answers[index] ?? { ok: entry.ok, note: entry.note ?? '' };
    const note = element('input');
    note.type = 'text';
    note.value = answer.note ?? '';
    note.disabled = done;
    note.addEventListener('change', () => editDraft(round.id, d => {
      d.answers[index] = { ...(d.answers[index] ?? {}), note: note.value };
    }));
    const noteField = labelled(t('RoundsWhatIsWrong'), note, `check-note-${index}`);
    noteField.hidden = answer.ok !== false;
    for (const [value, label] of [[true, t('RoundsOk')], [false, t('RoundsNotOk')]]) {
      const id = `check-${index}-${value}`;
      const radio = element('input');
      radio.type = 'radio';
      radio.name = `check-${index}`;
      radio.id = id;
      radio.checked = answer.ok === value;
      radio.disabled = done;
      radio.addEventListener('change', () => {
        noteField.hidden = value;
        return editDraft(round.id, d => { d.answers[index] = { ...(d.answers[index] ?? {}), ok: value }; });
      });
      const radioLabel = element('label', label, 'check-label');
      radioLabel.htmlFor = id;
      radioLabel.prepend(radio);
      fieldset.append(radioLabel);
    }
    fieldset.append(noteField);
    checklistSection.append(fieldset);
  });

  const findingsSection = element('section', '', 'round-section');
  findingsSection.append(element('h3', t('RoundsFindings')));
  const findingList = element('ul', '', 'finding-list');
  findingList.id = 'finding-list';
  findingsSection.append(findingList);
  if (!done) findingsSection.append(findingForm());

  const parts = [back, heading, facts];
  if (current.alarms?.length) {
    const box = element('div', '', 'round-alarms');
    box.setAttribute('role', 'note');
    box.append(element('h3', t('RoundsNightAlarms')));
    const items = element('ul');
    for (const alarm of current.alarms) {
      const what = alarm.outcome ? t('RoundsAlarmOutcome' + alarm.outcome) : t('RoundsAlarmOpen');
      items.append(element('li', `${timeFormat.format(new Date(alarm.at))} · ${what}${alarm.note ? ' – ' + alarm.note : ''}`));
    }
    box.append(items);
    parts.push(box);
  }
  if (otherDay && round.status !== 'Completed') parts.push(element('p', round.date < app.dataset.today ? t('RoundsWasFor', dayOf(round.date)) : t('RoundsIsFor', dayOf(round.date)), 'notice'));
  parts.push(checklistSection, findingsSection);
  if (!done) {
    const completeSection = element('section', '', 'round-section');
    completeSection.append(element('h3', t('RoundsComplete')));
    const note = element('textarea');
    note.rows = 2;
    note.value = draft.note ?? '';
    note.addEventListener('change', () => editDraft(round.id, d => { d.note = note.value; }));
    const problem = element('p', '', 'form-problem');
    problem.id = 'complete-problem';
    problem.setAttribute('role', 'alert');
    completeSection.append(labelled(t('RoundsRoundNote'), note, 'round-note'), problem, button(t('RoundsCompleteButton'), () => complete()));
    parts.push(completeSection);
  } else if (round.status === 'Completed') {
    parts.push(element('p', t('RoundsCompletedBy', round.completedBy ?? '', timeFormat.format(new Date(round.completedAt))), 'notice'));
  }
  view.replaceChildren(...parts);
  await renderFindings();
  if (!done) createMap();
}

async function renderFindings() {
  const list = document.getElementById('finding-list');
  if (!list || !current) return;
  const waiting = (await queue.waiting()).filter(i => i.roundId === current.round.id && i.kind === 'findings');
  const rows = [];
  for (const finding of current.findings) rows.push(findingRow(finding, false));
  for (const item of waiting) rows.push(findingRow({ ...item.body, hasPhoto: item.withPhoto }, true, item.error));
  if (rows.length === 0) rows.push(element('li', t('RoundsNoFindings')));
  list.replaceChildren(...rows);
  drawFindings(current.findings.concat(waiting.map(w => w.body)));
}

function findingRow(finding, waiting, error) {
  const parts = [t('Finding' + finding.category)];
  if (finding.count > 1) parts.push(t('RoundsCountOf', finding.count));
  parts.push(finding.removedSafely ? t('RoundsRemoved') : t('RoundsNotRemoved'));
  if (finding.outsideYard) parts.push(t('RoundsOutsideYard', Math.round(finding.metresOutsideYard)));
  if (finding.hasPhoto) parts.push(t('RoundsWithPhoto'));
  const row = element('li', parts.join(' · '), waiting ? 'finding waiting' : 'finding');
  if (finding.text) row.append(element('span', ` – ${finding.text}`));
  if (finding.hasPhoto && !waiting && finding.id) {
    const link = element('a', ` ${t('RoundsShowPhoto')}`);
    link.href = `/api/rounds/${current.round.id}/findings/${finding.id}/photo`;
    link.target = '_blank';
    link.rel = 'noopener';
    row.append(link);
  }
  if (waiting) row.append(element('strong', ` ${error ? t('RoundsNotAcceptedShort') : t('RoundsWaitingOne')}`));
  return row;
}

function findingForm() {
  const form = element('form', '', 'finding-form');
  form.id = 'finding-form';
  form.noValidate = true;
  form.append(element('h4', t('RoundsNewFinding')));
  const category = element('select');
  for (const c of categories) {
    const option = element('option', t('Finding' + c));
    option.value = c;
    category.append(option);
  }
  const count = element('input');
  count.type = 'number';
  count.min = '1';
  count.max = '1000';
  count.value = '1';
  count.defaultValue = '1';
  count.inputMode = 'numeric';
  const countField = labelled(t('RoundsCount'), count, 'finding-count');
  category.addEventListener('change', () => { countField.hidden = !countable.has(category.value); });

  const position = element('p', t('RoundsNoPosition'), 'finding-position');
  position.id = 'finding-position';
  position.setAttribute('aria-live', 'polite');
  const gps = button(t('RoundsUseGps'), () => {
    if (!navigator.geolocation) {
      position.textContent = t('RoundsNoGps');
      return;
    }
    position.textContent = t('RoundsFindingPosition');
    navigator.geolocation.getCurrentPosition(
      p => choose(p.coords.latitude, p.coords.longitude, t('RoundsFromGps', Math.round(p.coords.accuracy))),
      () => { position.textContent = t('RoundsNoGps'); },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
  }, 'secondary-button');
  const mapBox = element('div', '', 'yard-map');
  mapBox.id = 'yard-map';
  mapBox.setAttribute('role', 'application');
  mapBox.setAttribute('aria-label', t('RoundsMapLabel'));

  const photo = element('input');
  photo.type = 'file';
  photo.accept = 'image/*';
  photo.setAttribute('capture', 'environment');
  const removed = element('input');
  removed.type = 'checkbox';
  const removedLabel = element('label', t('RoundsRemovedSafely'));
  removedLabel.prepend(removed);
  removedLabel.className = 'check-label';
  const text = element('textarea');
  text.rows = 2;
  text.maxLength = 2000;
  const problem = element('p', '', 'form-problem');
  problem.setAttribute('role', 'alert');
  const save = element('button', t('RoundsSaveFinding'), 'action-button');
  save.type = 'submit';

  form.append(
    labelled(t('RoundsCategory'), category, 'finding-category'), countField,
    element('p', t('RoundsWhere'), 'field-help'), gps, mapBox, position,
    labelled(t('RoundsPhoto'), photo, 'finding-photo'), removedLabel,
    labelled(t('RoundsDescription'), text, 'finding-text'), problem, save);

  const started = () => { form.dataset.started = 'true'; };
  form.addEventListener('input', started);
  form.addEventListener('change', started);

  form.addEventListener('submit', async event => {
    event.preventDefault();
    problem.textContent = '';
    if (!chosen) {
      problem.textContent = t('RoundsChoosePosition');
      gps.focus();
      return;
    }
    const amount = countable.has(category.value) ? Number(count.value) : 1;
    if (!Number.isInteger(amount) || amount < 1 || amount > 1000) {
      problem.textContent = t('RoundsBadCount');
      count.focus();
      return;
    }
    const file = photo.files?.[0];
    if (file && file.size > 10 * 1024 * 1024) {
      problem.textContent = t('RoundsPhotoTooLarge');
      return;
    }
    const key = crypto.getRandomValues(new Uint32Array(4)).join('-');
    const body = {
      category: category.value, count: countable.has(category.value) ? amount : null, lat: chosen.lat, lon: chosen.lon,
      removedSafely: removed.checked, text: text.value.trim() || null, foundAt: new Date().toISOString(),
    };
    await queue.enqueue({ kind: 'findings', roundId: current.round.id, key, body, withPhoto: Boolean(file) });
    if (file) await queue.enqueue({ kind: 'photo', roundId: current.round.id, findingKey: key, photo: file });
    form.reset();
    delete form.dataset.started;
    countField.hidden = false;
    chosen = null;
    marker?.remove();
    marker = null;
    position.textContent = t('RoundsNoPosition');
    say(t('RoundsFindingSaved'));
    await renderFindings();
    category.focus();
  });

  function choose(lat, lon, description) {
    chosen = { lat, lon };
    started();
    position.textContent = description;
    if (map) {
      marker?.remove();
      marker = L.marker([lat, lon], { keyboard: false, title: t('RoundsChosenPosition') }).addTo(map);
    }
  }
  form.choose = choose;
  return form;
}

let marker = null;
let findingLayer = null;

function createMap() {
  const box = document.getElementById('yard-map');
  if (!box || typeof L === 'undefined') return;
  map?.remove();
  map = L.map(box, { zoomControl: true, maxZoom: 20 });
  if (app.dataset.tileUrl) L.tileLayer(app.dataset.tileUrl, { maxZoom: 20, maxNativeZoom: 19, attribution: app.dataset.tileAttribution }).addTo(map);
  const site = current.round.site;
  if (site.yard) {
    const yard = L.geoJSON(site.yard, { style: { color: '#1b5e20', weight: 2, fillOpacity: 0.12 } }).addTo(map);
    map.fitBounds(yard.getBounds(), { padding: [16, 16] });
  } else {
    map.setView([site.lat, site.lon], 18);
  }
  findingLayer = L.layerGroup().addTo(map);
  map.on('click', e => document.getElementById('finding-form').choose(e.latlng.lat, e.latlng.lng, t('RoundsFromMap')));
  drawFindings(current.findings);
}

function drawFindings(findings) {
  if (!findingLayer) return;
  findingLayer.clearLayers();
  for (const f of findings) {
    L.circleMarker([f.lat, f.lon], { radius: 7, color: '#b00020', fillOpacity: 0.8 }).bindTooltip(element('span', t('Finding' + f.category))).addTo(findingLayer);
  }
}

async function complete() {
  const draft = await draftOf(current.round.id);
  const answers = current.checklist.map((entry, i) => draft.answers[i] ?? { ok: entry.ok, note: entry.note });
  const missing = answers.findIndex(a => a.ok !== true && a.ok !== false);
  if (missing >= 0) {
    document.getElementById('complete-problem').textContent = t('RoundsAnswerAll');
    document.getElementById(`check-${missing}-true`)?.focus();
    return;
  }
  // An item with a "Brist" says what is wrong: the principal and the fault desk read it.
  const unexplained = answers.findIndex(a => a.ok === false && !(a.note || '').trim());
  if (unexplained >= 0) {
    document.getElementById('complete-problem').textContent = t('RoundsNoteForBrist');
    const note = document.getElementById(`check-note-${unexplained}`);
    note?.setAttribute('aria-invalid', 'true');
    note?.focus();
    return;
  }
  const completedAt = new Date().toISOString();
  current.round.status = 'Completed';
  current.round.completedAt = completedAt;
  current.round.completedBy = app.dataset.userName;
  // The phone's copy says completed too, so that a reload without the network does not offer it again.
  await queue.put('rounds', { ...current, id: queue.mine(current.round.id) });
  await queue.enqueue({
    kind: 'complete', roundId: current.round.id,
    body: { checklist: answers.map(a => ({ ok: a.ok, note: a.note || null })), note: draft.note || null, completedAt },
  });
  say(t('RoundsCompleteSaved'));
  await renderRound();
}

// --- Start -----------------------------------------------------------------------------------------------

const announce = element('p', '', 'visually-hidden');
announce.id = 'rounds-announce';
announce.setAttribute('aria-live', 'assertive');
app.append(announce);

// The page loads without the network too, once it has been open (see rounds-sw.js). The first time, the
// worker was not there when the page and its scripts loaded, so they are put in its caches by hand.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/rounds-sw.js', { scope: '/rounds' })
    .then(() => navigator.serviceWorker.ready)
    .then(async () => {
      const pages = await caches.open('lagesbild-rounds-pages-v1');
      await pages.add(location.pathname);
      const assets = await caches.open('lagesbild-rounds-assets-v1');
      const loaded = performance.getEntriesByType('resource').map(r => new URL(r.name))
        .filter(u => u.origin === location.origin && /^\/(lib|js|css|_content|_framework)\//.test(u.pathname));
      await Promise.all(loaded.map(u => assets.match(u.href).then(hit => hit ?? assets.add(u.href).catch(() => {}))));
    })
    .catch(() => {});
}

await showSync();
if (app.dataset.round) await loadRound(Number(app.dataset.round));
else await showList(app.dataset.today);
queue.sync();
