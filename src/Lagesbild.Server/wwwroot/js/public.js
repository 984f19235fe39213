// The residents' pages: the map of reports per 250 m cell, and choosing the place of a report by tapping the
// map or using the phone's position. The form works without this script (an address is enough).

import { drawDistricts, fetchDistricts, mapView } from './districts.js';


function baseMap(element) {
  const map = L.map(element, { scrollWheelZoom: false }).setView(...mapView());
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
  }
  // The districts' outlines and names under the rest: readable without tiles, and a resident sees which district is which.
  fetchDistricts(element.dataset.districts).then(districts => districts && drawDistricts(map, districts, { namesFrom: 12 }));
  return map;
}

async function showCells(element) {
  const map = baseMap(element);
  const response = await fetch(element.dataset.cells, { headers: { Accept: 'application/json' } });
  if (!response.ok) return;
  const cells = await response.json();
  const most = Math.max(1, ...cells.features.map(f => f.properties.count));
  const layer = L.geoJSON(cells, {
    style: f => ({ color: '#1b4f72', weight: 1, fillColor: '#1b4f72', fillOpacity: 0.2 + (0.6 * f.properties.count / most) }),
    onEachFeature: (f, shape) => shape.bindTooltip(`${f.properties.count}`),
  }).addTo(map);
  if (cells.features.length > 0) map.fitBounds(layer.getBounds(), { maxZoom: 14 });
}

function choosePlace(element) {
  const map = baseMap(element);
  const lat = document.getElementById('lat');
  const lon = document.getElementById('long');
  const chosen = document.getElementById('place-chosen');
  const template = element.dataset.chosenText;
  let marker = null;
  const set = (latitude, longitude) => {
    lat.value = latitude.toFixed(6);
    lon.value = longitude.toFixed(6);
    if (marker) marker.setLatLng([latitude, longitude]); else marker = L.marker([latitude, longitude]).addTo(map);
    chosen.textContent = template.replace('{0}', lat.value).replace('{1}', lon.value);
  };
  if (lat.value && lon.value) {
    set(Number(lat.value), Number(lon.value));
    map.setView([Number(lat.value), Number(lon.value)], 16);
  }
  map.on('click', e => set(e.latlng.lat, e.latlng.lng));

  const button = document.getElementById('use-position');
  if (navigator.geolocation) {
    button.hidden = false;
    button.addEventListener('click', () => {
      chosen.textContent = element.dataset.locatingText;
      navigator.geolocation.getCurrentPosition(
        p => { set(p.coords.latitude, p.coords.longitude); map.setView([p.coords.latitude, p.coords.longitude], 16); },
        () => { chosen.textContent = element.dataset.noPositionText; },
        { enableHighAccuracy: true, timeout: 15000 });
    });
  }
}

const cells = document.getElementById('public-map');
if (cells) showCells(cells);
const place = document.getElementById('place-map');
if (place) choosePlace(place);

// After a refused submit, the list of what to correct takes the focus, so that a screen reader reads it first.
document.getElementById('errors')?.focus();
