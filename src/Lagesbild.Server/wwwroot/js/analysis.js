// The analysis map: hot spot cells (Gi* bins, density or emerging patterns), candidate scenes as hulls, and the
// registered scenes. The Blazor page computes the layers and hands them over as GeoJSON text; text from the
// server is always set as text, never as HTML.
import { getJson, statusColours, textElement } from './map.js';
import { mapView } from './districts.js';

const binColours = { 3: '#b2182b', 2: '#ef8a62', 1: '#f4c6a8', '-1': '#c6dbef', '-2': '#6baed6', '-3': '#2166ac' };
const patternColours = {
  New: '#ff7f00', Consecutive: '#e31a1c', Intensifying: '#800026', Persistent: '#bd0026',
  Diminishing: '#fd8d3c', Sporadic: '#d4a017', Oscillating: '#7b68ae', Historical: '#7f7f7f',
};
const states = new Map();

export async function create(elementId, options) {
  const element = document.getElementById(elementId);
  const map = L.map(element, { zoomControl: true, minZoom: 9, maxZoom: 18 }).setView(...mapView());
  if (options.tileUrl) L.tileLayer(options.tileUrl, { maxZoom: 19, attribution: options.tileAttribution }).addTo(map);
  const state = { map, options, layers: {}, candidates: new Map() };
  states.set(elementId, state);
  const districts = await getJson('/api/districts');
  // The user may have left the page while the districts were on their way: the map is gone then.
  if (state.disposed) return;
  state.layers.districts = L.geoJSON(districts, {
    style: { color: '#14365e', weight: 1, fillColor: '#dde6f0', fillOpacity: 0.3 },
    onEachFeature: (feature, layer) => layer.bindTooltip(textElement('span', feature.properties.name), { sticky: true }),
  }).addTo(map);
  map.fitBounds(state.layers.districts.getBounds(), { padding: [8, 8] });
  state.layers.hotspots = L.featureGroup().addTo(map);
  state.layers.scenes = L.featureGroup().addTo(map);
  state.layers.candidates = L.featureGroup().addTo(map);
  state.legend = L.control({ position: 'bottomleft' });
  state.legend.onAdd = () => L.DomUtil.create('div', 'map-legend');
  state.legend.addTo(map);
  L.control.layers(null, {
    [options.labels.districts]: state.layers.districts,
    [options.labels.hotspots]: state.layers.hotspots,
    [options.labels.scenes]: state.layers.scenes,
    [options.labels.candidates]: state.layers.candidates,
  }, { collapsed: true }).addTo(map);
  element.setAttribute('data-ready', 'true');
}

function cellStyle(properties, method, maxDensity) {
  if (method === 'Kde') {
    const share = Math.min(1, properties.density / maxDensity);
    return { color: '#00000000', weight: 0, fillColor: `hsl(${40 - share * 40}, 90%, ${88 - share * 50}%)`, fillOpacity: 0.35 + share * 0.45 };
  }
  const colour = method === 'Emerging' ? patternColours[properties.pattern] : binColours[properties.bin];
  return { color: colour, weight: 1, fillColor: colour, fillOpacity: 0.55 };
}

function cellLabel(properties, method, labels) {
  if (method === 'Kde') return `${labels.density}: ${properties.density.toLocaleString(labels.locale)} / km²`;
  if (method === 'Emerging') return labels.pattern[properties.pattern] || properties.pattern;
  return `${labels.bin[properties.bin] || properties.bin} · z ${properties.z.toLocaleString(labels.locale)} · ${labels.count}: ${properties.count}`;
}

function drawLegend(state, method) {
  const box = state.legend.getContainer();
  box.replaceChildren(textElement('strong', state.options.labels.legend[method]));
  const entries = method === 'Emerging' ? Object.entries(patternColours).map(([p, c]) => [state.options.labels.pattern[p], c])
    : method === 'Kde' ? [[state.options.labels.low, 'hsl(40, 90%, 85%)'], [state.options.labels.high, 'hsl(0, 90%, 38%)']]
      : ['3', '2', '1', '-1', '-2', '-3'].map(b => [state.options.labels.bin[b], binColours[b]]);
  for (const [label, colour] of entries) {
    const row = textElement('div', label);
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = colour;
    row.prepend(swatch);
    box.appendChild(row);
  }
  const candidate = textElement('div', state.options.labels.candidateNew);
  const dash = document.createElement('span');
  dash.className = 'swatch swatch-dashed';
  candidate.prepend(dash);
  box.appendChild(candidate);
}

// Shows a computed analysis: the hot spot layer, the candidates and the registered scenes.
export function show(elementId, hotspotsJson, candidatesJson, scenesJson) {
  const state = states.get(elementId);
  if (!state || !state.layers.districts) return;
  const hotspots = JSON.parse(hotspotsJson);
  const candidates = JSON.parse(candidatesJson);
  const scenes = JSON.parse(scenesJson);
  const labels = state.options.labels;
  state.layers.hotspots.clearLayers();
  const maxDensity = Math.max(1e-9, ...hotspots.features.map(f => f.properties.density || 0));
  for (const feature of hotspots.features) {
    L.geoJSON(feature, { style: cellStyle(feature.properties, hotspots.method, maxDensity) })
      .bindTooltip(textElement('span', cellLabel(feature.properties, hotspots.method, labels))).addTo(state.layers.hotspots);
  }
  drawLegend(state, hotspots.method);
  state.layers.scenes.clearLayers();
  for (const feature of scenes.features) {
    const colour = statusColours[feature.properties.status] || '#333';
    L.geoJSON(feature, { style: { color: colour, weight: 2, fillOpacity: 0.1 } })
      .bindTooltip(textElement('span', `${feature.properties.name} (${labels.status[feature.properties.status]})`)).addTo(state.layers.scenes);
  }
  state.layers.candidates.clearLayers();
  state.candidates.clear();
  for (const feature of candidates.features) {
    const isNew = feature.properties.match === 'New';
    const layer = L.geoJSON(feature, { style: { color: isNew ? '#6a1b9a' : '#424242', weight: isNew ? 3 : 2, dashArray: '6 4', fillOpacity: 0.08 } })
      .bindTooltip(textElement('span', `${labels.candidate} ${feature.properties.cluster + 1}: ${feature.properties.observations} ${labels.observations}`))
      .addTo(state.layers.candidates);
    // A hull is a few dozen metres across: at city zoom a ring at its centre shows where it is.
    L.circleMarker(layer.getBounds().getCenter(), { radius: 8, color: isNew ? '#6a1b9a' : '#424242', weight: 2.5, dashArray: '3 3', fillColor: '#ffffff', fillOpacity: 0.6 })
      .bindTooltip(textElement('span', `${labels.candidate} ${feature.properties.cluster + 1}: ${feature.properties.observations} ${labels.observations}`))
      .addTo(state.layers.candidates);
    state.candidates.set(feature.id, layer);
  }
  const all = L.featureGroup([state.layers.hotspots, state.layers.candidates]);
  if (all.getLayers().some(l => l.getLayers().length)) state.map.fitBounds(all.getBounds(), { padding: [20, 20], maxZoom: 15 });
}

export function focus(elementId, candidateId) {
  const state = states.get(elementId);
  const layer = state?.candidates.get(candidateId);
  if (!layer) return;
  state.map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [40, 40] });
  layer.openTooltip();
}

// Moves the keyboard's focus to an element of the page (after a form on it closes).
export function focusElement(id) {
  document.getElementById(id)?.focus();
}

export function dispose(elementId) {
  const state = states.get(elementId);
  if (state) {
    state.disposed = true;
    state.map.remove();
    states.delete(elementId);
  }
}
