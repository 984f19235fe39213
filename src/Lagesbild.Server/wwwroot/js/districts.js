// The districts on every map, so that a map can be read without its tiles (a city network that blocks the tile
// server, a phone offline): their outlines, and their names from a zoom where the names do not overlap. Names are
// set as text, never as HTML: a municipality's own districts are imported from a file.

// Where the maps open: [[lat, lon], zoom] as the server's configuration or the municipality's districts give it.
export function mapView(zoomOffset = 0) {
  const content = document.querySelector('meta[name="lagesbild-map-view"]')?.content ?? '';
  const [lat, lon, zoom] = content.split(',').map(Number);
  return Number.isFinite(lat) && Number.isFinite(lon) ? [[lat, lon], (Number.isFinite(zoom) ? zoom : 11) + zoomOffset] : [[0, 0], 2];
}

export const outline = { color: '#14365e', weight: 1, opacity: 0.8, fillColor: '#dde6f0', fillOpacity: 0.35 };

// The districts' outlines under everything else, and their names from `namesFrom` on, as one layer (for a layer
// control); `interactive` false leaves clicks to the map beneath.
export function drawDistricts(map, districts, { style = outline, namesFrom = 13, interactive = false, onEachFeature } = {}) {
  const outlines = L.geoJSON(districts, { style, interactive, onEachFeature });
  const names = L.geoJSON(districts, {
    style: { stroke: false, fill: false },
    interactive: false,
    onEachFeature: (feature, shape) => {
      const label = document.createElement('span');
      label.textContent = feature.properties.name;
      shape.bindTooltip(label, { permanent: true, direction: 'center', className: 'district-label', interactive: false });
    },
  });
  const group = L.featureGroup([outlines, names]).addTo(map);
  outlines.bringToBack();
  const container = map.getContainer();
  const show = () => container.classList.toggle('show-district-names', map.getZoom() >= namesFrom);
  map.on('zoomend', show);
  show();
  container.dataset.districts = 'true';
  return group;
}

export async function fetchDistricts(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).catch(() => null);
  return response?.ok ? response.json() : null;
}
