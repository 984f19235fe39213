// The Leaflet map of the lägesbild. It reads the REST API with the page's cookie; the Blazor page owns
// the filters and receives the picture's numbers back. Text from the server is always set as text, never
// as HTML, so that hostile text in an observation stays text.

import { drawDistricts, mapView, outline } from './districts.js';
import { ownPage } from './dom.js';
import { drawPoliceEvents, policeLayer, policeLegend } from './police-events.js';

export const statusColours = {
  Suspected: '#8a5a00',
  Active: '#b00020',
  Declining: '#c45100',
  Ceased: '#5f6368',
  Reopened: '#6a1b9a',
};

const maps = new Map();

export function textElement(tag, text, className) {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

export async function getJson(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

export async function create(elementId, options, dotnet) {
  const element = document.getElementById(elementId);
  const map = L.map(element, { zoomControl: true, minZoom: 9, maxZoom: 19 }).setView(...mapView());
  if (options.tileUrl) {
    L.tileLayer(options.tileUrl, { maxZoom: 19, attribution: options.tileAttribution }).addTo(map);
  }
  const state = { map, options, dotnet, layers: {} };
  maps.set(elementId, state);

  const districts = await getJson('/api/districts');
  // The user may have left the page while the districts were on their way: the map is gone then.
  if (state.disposed) return;
  state.layers.districts = drawDistricts(map, districts, {
    interactive: true,
    onEachFeature: (feature, layer) => layer.bindTooltip(textElement('span', `${feature.properties.name} (${feature.properties.borough})`), { sticky: true }),
  });
  map.fitBounds(state.layers.districts.getBounds(), { padding: [8, 8] });

  state.layers.heat = L.heatLayer([], { radius: 18, blur: 14, max: 1, minOpacity: 0.15, maxZoom: 14,
    gradient: { 0.2: '#4575b4', 0.4: '#91bfdb', 0.6: '#fee090', 0.8: '#fc8d59', 1.0: '#d73027' } }).addTo(map);
  state.layers.observations = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45 });
  state.layers.observations.addTo(map);
  // A scene is drawn as its area and, so that it shows at city zoom, as a dot at its centre.
  state.layers.scenes = L.featureGroup().addTo(map);

  // The legend explains every symbol; on a phone it starts folded, so that it does not cover the map.
  const legend = L.control({ position: 'bottomleft' });
  legend.onAdd = () => {
    const box = L.DomUtil.create('div', 'map-legend');
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    const fold = document.createElement('details');
    fold.open = !window.matchMedia('(max-width: 800px)').matches;
    fold.appendChild(textElement('summary', options.labels.legend));
    const row = (text, swatchClass, style = {}, swatchText = '') => {
      const line = textElement('div', text, 'map-legend-row');
      const swatch = textElement('span', swatchText, swatchClass);
      swatch.setAttribute('aria-hidden', 'true');
      Object.assign(swatch.style, style);
      line.prepend(swatch);
      fold.appendChild(line);
    };
    fold.appendChild(textElement('div', options.labels.legendScenes, 'legend-heading'));
    for (const [status, colour] of Object.entries(statusColours)) row(options.labels.status[status] || status, 'swatch', { background: colour });
    fold.appendChild(textElement('div', options.labels.legendOther, 'legend-heading'));
    row(options.labels.legendObservation, 'swatch', { background: '#2f6fb3', borderColor: '#14365e' });
    row(options.labels.legendCluster, 'swatch swatch-cluster', {}, '12');
    row(options.labels.legendDensity, 'swatch swatch-heat');
    row(options.labels.sites, 'swatch', { background: '#1e6b2f' });
    row(options.labels.measures, 'swatch swatch-dashed', { borderColor: measureColour });
    row(options.labels.legendDistrict, 'swatch swatch-district');
    policeLegend(fold, options.labels);
    box.appendChild(fold);
    return box;
  };
  legend.addTo(map);
  keepPopupsClearOf(map, legend.getContainer());

  // Schools and preschools: the places the city protects near scenes.
  const sites = await getJson('/api/sites');
  if (state.disposed) return;
  state.layers.sites = L.geoJSON(sites, {
    pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 5, color: '#ffffff', weight: 1.5, fillColor: '#1e6b2f', fillOpacity: 1 }),
    onEachFeature: (feature, layer) => layer.bindPopup(() => sitePopup(feature, options)),
  }).addTo(map);

  // Planned and ongoing measures: a dashed outline of what they act on (off by default, from the layer control).
  // A map without the measures is better than no map: a failed request leaves the layer empty.
  const measures = await getJson('/api/measures?status=Planned,Ongoing').catch(() => ({ type: 'FeatureCollection', features: [] }));
  if (state.disposed) return;
  state.layers.measures = L.geoJSON(measures, {
    style: { color: measureColour, weight: 4, dashArray: '8 5', fill: false },
    pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 7, color: measureColour, weight: 2, fillColor: '#ffffff', fillOpacity: 1 }),
    onEachFeature: (feature, layer) => layer.bindTooltip(textElement('span', feature.properties.title)).bindPopup(() => measurePopup(feature, options)),
  });

  // The police's public events: context, loaded with the picture for the same dates.
  state.layers.police = policeLayer().addTo(map);

  L.control.layers(null, {
    [options.labels.districts]: state.layers.districts,
    [options.labels.heat]: state.layers.heat,
    [options.labels.observations]: state.layers.observations,
    [options.labels.scenes]: state.layers.scenes,
    [options.labels.sites]: state.layers.sites,
    [options.labels.measures]: state.layers.measures,
    [options.labels.police]: state.layers.police,
  }, { collapsed: true }).addTo(map);

  if (options.canAdd) {
    map.on('click', event => dotnet.invokeMethodAsync('OnMapClick', event.latlng.lat, event.latlng.lng));
  }
  element.setAttribute('data-ready', 'true');
}

function scenePopup(feature, options) {
  const box = document.createElement('div');
  box.appendChild(textElement('strong', feature.properties.name));
  box.appendChild(textElement('div', `${options.labels.status[feature.properties.status] || feature.properties.status} · ${feature.properties.district || ''}`));
  const link = textElement('a', options.labels.openScene);
  link.href = `/scenes/${feature.id}`;
  box.appendChild(link);
  return box;
}

// Teal, apart from the scene statuses' colours (3:1 against the map).
const measureColour = '#00606e';

function measurePopup(feature, options) {
  const p = feature.properties;
  const box = document.createElement('div');
  box.appendChild(textElement('strong', p.title));
  box.appendChild(textElement('div', `${options.labels.measureKind[p.kind] || p.kind} · ${options.labels.measureStatus[p.status] || p.status}`));
  box.appendChild(textElement('div', `${p.startsOn}${p.endsOn ? ` – ${p.endsOn}` : ''} · ${p.scene || p.site || p.district || ''}`));
  const link = textElement('a', options.labels.openMeasure);
  link.href = `/measures/${feature.id}`;
  box.appendChild(link);
  return box;
}

function sitePopup(feature, options) {
  const p = feature.properties;
  const box = document.createElement('div');
  box.appendChild(textElement('strong', p.name));
  box.appendChild(textElement('div', `${options.labels.kind[p.kind] || p.kind} · ${p.district || ''}`));
  box.appendChild(textElement('div', p.openNow ? options.labels.openNow : options.labels.closedNow));
  return box;
}

function observationPopup(feature, options) {
  const p = feature.properties;
  const box = document.createElement('div');
  box.appendChild(textElement('strong', options.labels.category[p.category] || p.category));
  const when = new Date(p.occurredFrom).toLocaleString(options.locale, { timeZone: 'Europe/Stockholm' });
  const until = p.occurredTo ? ` – ${new Date(p.occurredTo).toLocaleString(options.locale, { timeZone: 'Europe/Stockholm' })}` : '';
  box.appendChild(textElement('div', when + until));
  box.appendChild(textElement('div', `${p.classification}${p.district ? ' · ' + p.district : ''}${p.count > 1 ? ' · ' + p.count : ''}`));
  if (p.text) box.appendChild(textElement('div', p.text, 'popup-text'));
  return box;
}

function query(filter) {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== null && value !== undefined && value !== '') parameters.set(key, value);
  }
  return parameters.toString();
}

// Loads the picture, the scenes and the latest observations for a filter; returns the picture's numbers.
export async function refresh(elementId, filter, withObservations) {
  const state = maps.get(elementId);
  if (!state) return null;
  const q = query(filter);
  const picture = await getJson(`/api/lagesbild?${q}`);
  // The user may have left the page while the request was under way.
  if (state.disposed) return null;
  // Scale by a high percentile rather than the maximum, so that hot spots stand out from the background.
  const counts = picture.grid.map(c => c.count).sort((a, b) => a - b);
  const scale = counts.length ? Math.max(counts[Math.floor(counts.length * 0.97)], 1) : 1;
  state.layers.heat.setLatLngs(picture.grid.map(c => [c.lat, c.lon, Math.min(1, c.count / scale)]));

  const scenes = await getJson(`/api/scenes${filter.district ? `?district=${filter.district}` : ''}`);
  if (state.disposed) return null;
  state.layers.scenes.clearLayers();
  for (const feature of scenes.features) {
    const colour = statusColours[feature.properties.status] || '#333';
    const popup = () => scenePopup(feature, state.options);
    // The area lets clicks through, so that an observation can be added inside a scene; the dot opens it.
    L.geoJSON(feature, { style: { color: colour, weight: 3, fillOpacity: 0.25 }, interactive: false }).addTo(state.layers.scenes);
    const [lon, lat] = feature.properties.centre;
    L.circleMarker([lat, lon], { radius: 8, color: '#fff', weight: 2, fillColor: colour, fillOpacity: 1 })
      .bindTooltip(textElement('span', feature.properties.name)).bindPopup(popup).addTo(state.layers.scenes);
  }

  if (withObservations) await refreshPolice(state, filter);
  if (state.disposed) return null;

  if (!withObservations) {
    // While the week plays, single observations would show the whole selection: the density shows the hour.
    state.layers.observations.clearLayers();
  } else {
    const observations = await getJson(`/api/observations?${q}&pageSize=2000`);
    if (state.disposed) return null;
    state.layers.observations.clearLayers();
    const markers = observations.features.map(feature => {
      const [lon, lat] = feature.geometry.coordinates;
      return L.circleMarker([lat, lon], { radius: 5, color: '#14365e', weight: 1, fillColor: '#2f6fb3', fillOpacity: 0.8 })
        .bindPopup(() => observationPopup(feature, state.options));
    });
    state.layers.observations.addLayers(markers);
  }
  // Which statuses count as an active scene is the server's rule: each scene says so.
  const active = scenes.features.filter(f => f.properties.active).length;
  return { total: picture.total, hourOfWeek: picture.hourOfWeek, byCategory: picture.byCategory, activeScenes: active, cells: picture.grid.length };
}

// The police's events for the same dates and district; a map without them is better than no map, so a failed
// request leaves the layer as it was.
async function refreshPolice(state, filter) {
  const q = query({ from: filter.from, to: filter.to, district: filter.district });
  const events = await getJson(`/api/police-events?${q}`).catch(() => null);
  if (state.disposed || !events || !state.layers.police) return;
  const shown = drawPoliceEvents(state.layers.police, events, state.options);
  state.map.getContainer().dataset.policeEvents = String(shown);
}

export function centre(elementId) {
  const state = maps.get(elementId);
  if (!state) return null;
  const c = state.map.getCenter();
  return { lat: c.lat, lon: c.lng };
}

export function marker(elementId, lat, lon) {
  const state = maps.get(elementId);
  if (!state) return;
  if (state.pending) state.pending.remove();
  state.pending = lat === null ? null : L.marker([lat, lon], { keyboard: false }).addTo(state.map);
  // A dialog comes over the map (or has just gone): the pointer leaves the map under it without a mouseout, so the
  // hover tooltip of where it was would stay open, over the map, after the dialog.
  closeHoverTooltips(state.map);
  if (lat === null) {
    giveBackFocus(state.map.getContainer());
    // Once more when the dialog's closing has settled: it still holds events for a moment after it reports closed.
    setTimeout(() => closeHoverTooltips(state.map), 250);
  }
}

function closeHoverTooltips(map) {
  map.eachLayer(layer => {
    const tooltip = layer.getTooltip && layer.getTooltip();
    if (tooltip && !tooltip.options.permanent) layer.closeTooltip();
  });
}

// Leaflet focused the map on the click that opened the dialog, and the dialog hands the focus back when it has gone:
// on the whole map that draws a focus ring that nothing explains. A click is the pointer's way in (the keyboard's is
// the button that adds at the centre), so the map lets the focus go.
function giveBackFocus(container) {
  const blur = () => { if (document.activeElement === container) container.blur(); };
  blur();
  container.addEventListener('focus', blur, { once: true });
  setTimeout(() => container.removeEventListener('focus', blur), 1000);
}

// Sends a write to the API with an Idempotency-Key, so that a retry never makes a second record.
export async function post(url, body, idempotencyKey) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...ownPage, 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': idempotencyKey },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text };
}

// Schools and preschools as small dots on the small maps, for their surroundings (the one the page is about is drawn larger).
function drawSites(map, sites, except) {
  const nearby = L.geoJSON(sites, {
    filter: feature => feature.id !== except,
    pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 4, color: '#ffffff', weight: 1, fillColor: '#1e6b2f', fillOpacity: 1 }),
    onEachFeature: (feature, layer) => layer.bindTooltip(textElement('span', feature.properties.name)),
  }).addTo(map);
  return nearby;
}

// A small map that shows one area (a scene's polygon) over the districts, with the schools around it.
export async function showArea(elementId, geometryJson, options) {
  const element = document.getElementById(elementId);
  const geometry = JSON.parse(geometryJson);
  const map = L.map(element, { zoomControl: true, scrollWheelZoom: false, minZoom: 9, maxZoom: 19 });
  // Zoomed out enough to show the neighbouring districts, for context.
  const state = { map, options, layers: {} };
  maps.set(elementId, state);
  if (options.tileUrl) L.tileLayer(options.tileUrl, { maxZoom: 19, attribution: options.tileAttribution }).addTo(map);
  const districts = await getJson('/api/districts');
  if (state.disposed) return;
  drawDistricts(map, districts, { namesFrom: 12 });
  drawSites(map, await getJson('/api/sites').catch(() => ({ type: 'FeatureCollection', features: [] })));
  if (state.disposed) return;
  // Earlier outlines of the area (its dated history), dashed and unfilled under the present one.
  if (options.earlier?.length) L.geoJSON(options.earlier, { style: { color: '#4a4a4a', weight: 2, dashArray: '5 4', fill: false } }).addTo(map);
  const area = L.geoJSON(geometry, { style: { color: statusColours[options.status] || '#b00020', weight: 3, fillOpacity: 0.25 } }).addTo(map);
  state.layers.area = area;
  map.fitBounds(area.getBounds(), { maxZoom: 14, padding: [20, 20] });
  element.dataset.status = options.status;
  element.setAttribute('data-ready', 'true');
}

// A scene's new status colours its area at once, on the page where it was changed.
export function setAreaStatus(elementId, status) {
  const state = maps.get(elementId);
  if (!state?.layers.area) return;
  state.layers.area.setStyle({ color: statusColours[status] || '#b00020' });
  document.getElementById(elementId).dataset.status = status;
}

// The two areas of an effect estimate: where the measure acted and what it is compared with. Drawn again
// when the comparison changes.
// A measure's effect: the target in red, the comparison (or control) dashed in blue and, in the displacement
// design, the buffer between them in orange.
export async function showEffect(elementId, targetJson, comparisonJson, bufferJson, options) {
  let state = maps.get(elementId);
  if (!state) {
    const element = document.getElementById(elementId);
    const map = L.map(element, { zoomControl: true, scrollWheelZoom: false, minZoom: 9, maxZoom: 19 });
    state = { map, options, layers: {}, drawn: 0 };
    maps.set(elementId, state);
    if (options.tileUrl) L.tileLayer(options.tileUrl, { maxZoom: 19, attribution: options.tileAttribution }).addTo(map);
    state.districtsLoaded = getJson('/api/districts').then(districts => {
      if (!state.disposed) drawDistricts(map, districts, { style: { ...outline, fillOpacity: 0.2 }, namesFrom: 12 });
    });
  }
  // Only the latest estimate is drawn: an earlier call still waiting for the districts gives way.
  const call = ++state.drawn;
  await state.districtsLoaded;
  if (state.disposed || call !== state.drawn) return;
  if (state.layers.effect) state.layers.effect.remove();
  const comparison = L.geoJSON(JSON.parse(comparisonJson), { style: { color: '#1b4f8a', weight: 2, dashArray: '6 4', fillColor: '#1b4f8a', fillOpacity: 0.12 } });
  const target = L.geoJSON(JSON.parse(targetJson), { style: { color: '#b00020', weight: 3, fillOpacity: 0.3 } });
  const layers = [comparison, target];
  if (bufferJson) layers.splice(1, 0, L.geoJSON(JSON.parse(bufferJson), { style: { color: '#c45100', weight: 2, dashArray: '2 4', fillColor: '#c45100', fillOpacity: 0.15 } }));
  state.layers.effect = L.featureGroup(layers).addTo(state.map);
  state.map.fitBounds(state.layers.effect.getBounds(), { maxZoom: 15, padding: [16, 16] });
  document.getElementById(elementId).setAttribute('data-ready', 'true');
}

// The triage map: the reports in the list as dots over the districts, the picked one larger; a click on a dot
// picks its report on the page. Drawn again when the list or the pick changes; the view moves only when the
// list does.
export async function showReports(elementId, reports, selected, options, dotnet) {
  let state = maps.get(elementId);
  if (!state) {
    const element = document.getElementById(elementId);
    const map = L.map(element, { zoomControl: true, scrollWheelZoom: false, minZoom: 9, maxZoom: 19 }).setView(...mapView());
    state = { map, options, layers: {}, listed: null };
    maps.set(elementId, state);
    if (options.tileUrl) L.tileLayer(options.tileUrl, { maxZoom: 19, attribution: options.tileAttribution }).addTo(map);
    state.districtsLoaded = getJson('/api/districts').then(districts => {
      if (!state.disposed) state.layers.districts = drawDistricts(map, districts, { namesFrom: 13 });
    });
  }
  state.dotnet = dotnet;
  await state.districtsLoaded;
  if (state.disposed) return;
  state.layers.reports?.remove();
  const group = L.featureGroup();
  for (const report of reports) {
    const picked = report.id === selected;
    L.circleMarker([report.lat, report.lon], picked
      ? { radius: 10, color: '#ffffff', weight: 3, fillColor: '#b00020', fillOpacity: 1 }
      : { radius: 6, color: '#ffffff', weight: 1.5, fillColor: '#1b4f8a', fillOpacity: 0.9 })
      .bindTooltip(textElement('span', report.label))
      .on('click', () => state.dotnet.invokeMethodAsync('OnReportPicked', report.id))
      .addTo(group);
  }
  state.layers.reports = group.addTo(state.map);
  const listed = reports.map(r => r.id).join(',');
  if (listed !== state.listed) {
    state.listed = listed;
    if (reports.length > 0) state.map.fitBounds(group.getBounds(), { maxZoom: 15, padding: [24, 24] });
    else if (state.layers.districts) state.map.fitBounds(state.layers.districts.getBounds());
  }
  const element = document.getElementById(elementId);
  element.dataset.reports = String(reports.length);
  element.setAttribute('data-ready', 'true');
}

export function dispose(elementId) {
  const state = maps.get(elementId);
  if (state) {
    state.disposed = true;
    state.map.remove();
    maps.delete(elementId);
  }
}

// A site's map: its yard, the active scenes near it and the findings of its rounds. A coordinator can draw
// the yard by clicking its corners; the page asks for the ring when they save.
export async function showSite(elementId, site, options) {
  const element = document.getElementById(elementId);
  const map = L.map(element, { zoomControl: true, scrollWheelZoom: false, minZoom: 11, maxZoom: 20 });
  const state = { map, options, layers: {}, drawing: null };
  maps.set(elementId, state);
  // Leaflet draws vector layers only on a map with a view.
  map.setView([site.lat, site.lon], 17);
  if (options.tileUrl) L.tileLayer(options.tileUrl, { maxZoom: 20, maxNativeZoom: 19, attribution: options.tileAttribution }).addTo(map);
  // The district and the other schools around it, readable without tiles.
  const [districts, sites] = await Promise.all([getJson('/api/districts'), getJson('/api/sites').catch(() => ({ type: 'FeatureCollection', features: [] }))]);
  if (state.disposed) return;
  drawDistricts(map, districts, { namesFrom: 14 });
  drawSites(map, sites, site.id);
  const context = L.featureGroup().addTo(map);
  for (const scene of site.scenes) {
    L.geoJSON(JSON.parse(scene.area), { style: { color: statusColours[scene.status] || '#b00020', weight: 2, fillOpacity: 0.2 } })
      .bindTooltip(textElement('span', scene.name)).addTo(context);
  }
  for (const finding of site.findings) {
    L.circleMarker([finding.lat, finding.lon], { radius: 5, color: '#6a1b9a', weight: 1, fillOpacity: 0.8 }).bindTooltip(textElement('span', finding.label)).addTo(map);
  }
  L.circleMarker([site.lat, site.lon], { radius: 7, color: '#1b5e20', fillColor: '#2e7d32', fillOpacity: 1 }).bindTooltip(textElement('span', site.name)).addTo(map);
  drawYard(state, site.yard ? JSON.parse(site.yard) : null);
  // The yard large enough to draw on, with its surroundings (and often the nearest scene's edge) around it.
  if (state.layers.yard) map.fitBounds(state.layers.yard.getBounds().pad(1.5), { maxZoom: 18 });
  element.setAttribute('data-ready', 'true');
}

function drawYard(state, yard) {
  state.layers.yard?.remove();
  state.layers.yard = yard ? L.geoJSON(yard, { style: { color: '#1b5e20', weight: 3, fillOpacity: 0.12 } }).addTo(state.map) : null;
}

export function startYard(elementId) {
  const state = maps.get(elementId);
  cancelYard(elementId);
  state.drawing = [];
  state.layers.draft = L.polygon([], { color: '#8a5a00', weight: 3, dashArray: '6 4' }).addTo(state.map);
  state.layers.corners = L.layerGroup().addTo(state.map);
  state.onDraw = e => {
    state.drawing.push([Math.round(e.latlng.lng * 1e6) / 1e6, Math.round(e.latlng.lat * 1e6) / 1e6]);
    redrawDraft(state);
  };
  state.map.on('click', state.onDraw);
  state.map.getContainer().style.cursor = 'crosshair';
}

function redrawDraft(state) {
  state.layers.draft.setLatLngs(state.drawing.map(p => [p[1], p[0]]));
  state.layers.corners.clearLayers();
  for (const [lon, lat] of state.drawing) L.circleMarker([lat, lon], { radius: 5, color: '#8a5a00', fillColor: '#fff', fillOpacity: 1, weight: 2 }).addTo(state.layers.corners);
}

// Takes back the last corner clicked.
export function undoYardCorner(elementId) {
  const state = maps.get(elementId);
  if (!state?.drawing?.length) return 0;
  state.drawing.pop();
  redrawDraft(state);
  return state.drawing.length;
}

// The drawn ring, closed, or null when fewer than three corners were clicked.
export function finishYard(elementId) {
  const state = maps.get(elementId);
  const ring = state.drawing && state.drawing.length >= 3 ? [...state.drawing, state.drawing[0]] : null;
  return ring;
}

export function cancelYard(elementId) {
  const state = maps.get(elementId);
  if (!state) return;
  if (state.onDraw) state.map.off('click', state.onDraw);
  state.layers.draft?.remove();
  state.layers.corners?.remove();
  state.drawing = null;
  state.onDraw = null;
  state.map.getContainer().style.cursor = '';
}

export function setYard(elementId, yardJson) {
  const state = maps.get(elementId);
  cancelYard(elementId);
  drawYard(state, yardJson ? JSON.parse(yardJson) : null);
}

// Leaflet draws its controls above its popups, so a popup opened near the legend would hide behind it: the map is
// moved by the least that shows the whole popup (up, or to the right), once the popup has its size.
function keepPopupsClearOf(map, control) {
  map.on('popupopen', (event) => requestAnimationFrame(() => {
    const popup = event.popup.getElement();
    if (!popup || !control.isConnected) return;
    const box = control.getBoundingClientRect();
    const shown = popup.getBoundingClientRect();
    const overlaps = shown.left < box.right && shown.right > box.left && shown.top < box.bottom && shown.bottom > box.top;
    if (!overlaps) return;
    const up = shown.bottom - box.top + 8;
    const right = box.right - shown.left + 8;
    // Up only if the popup's top then stays on the map.
    const roomAbove = shown.top - map.getContainer().getBoundingClientRect().top;
    map.panBy(up <= right && up <= roomAbove ? [0, up] : [-right, 0]);
  }));
}
