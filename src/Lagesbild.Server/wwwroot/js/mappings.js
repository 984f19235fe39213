// The reconciliation of a regional mapping with the register: matched places in green, places only in the mapping in
// orange (dashed), scenes only in the register in purple. Names are set as text, never as HTML.
import { drawDistricts, mapView, outline } from './districts.js';
import { getJson, textElement } from './map.js';

const maps = new Map();
const styles = {
  matched: { color: '#1b6e3a', weight: 3, fillOpacity: 0.25 },
  mapping: { color: '#a34700', weight: 3, dashArray: '6 4', fillOpacity: 0.2 },
  register: { color: '#5b2a86', weight: 3, fillOpacity: 0.2 },
};

function layer(features, style) {
  return L.geoJSON({ type: 'FeatureCollection', features }, {
    style,
    pointToLayer: (feature, latlng) => L.circleMarker(latlng, { ...style, radius: 9 }),
    onEachFeature: (feature, shape) => shape.bindTooltip(textElement('span', feature.properties.name)),
  });
}

export async function show(elementId, kinds, options) {
  dispose(elementId);
  const element = document.getElementById(elementId);
  const map = L.map(element, { zoomControl: true, scrollWheelZoom: false, minZoom: 9, maxZoom: 19 });
  const state = { map };
  maps.set(elementId, state);
  if (options.tileUrl) L.tileLayer(options.tileUrl, { maxZoom: 19, attribution: options.tileAttribution }).addTo(map);
  const districts = await getJson('/api/districts').catch(() => null);
  if (state.disposed) return;
  if (districts) drawDistricts(map, districts, { style: { ...outline, fillOpacity: 0.15 }, namesFrom: 12 });
  const group = L.featureGroup([
    layer(kinds.register, styles.register),
    layer(kinds.mapping, styles.mapping),
    layer(kinds.matched, styles.matched),
  ]).addTo(map);
  const bounds = group.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { maxZoom: 14, padding: [16, 16] });
  else map.setView(...mapView(-1));
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
