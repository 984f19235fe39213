// The police's public events (polisen.se) on the main map: context beside the city's own picture, never counted in
// it. A diamond, apart from the round dots of observations, sites and scenes: filled where the summary named the
// district, hollow at the municipality's centroid, since that is only an approximate place. Text from the feed is
// always set as text.

import { textElement } from './map.js';

export const policeColour = '#0b2a5b';

function icon(placement) {
  return L.divIcon({
    className: 'police-icon',
    html: `<span class="police-marker police-${placement === 'Municipality' ? 'approximate' : 'placed'}"></span>`,
    iconSize: [20, 20],
    iconAnchor: [10, 10],
    popupAnchor: [0, -8],
  });
}

// Several events on one place (the centroid holds most of them) as one diamond with their number; a click spreads them.
function clusterIcon(cluster) {
  return L.divIcon({
    className: 'police-icon',
    html: `<span class="police-marker police-cluster"><span>${cluster.getChildCount()}</span></span>`,
    iconSize: [30, 30],
  });
}

export function policeLayer() {
  return L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 24, spiderfyDistanceMultiplier: 1.6, iconCreateFunction: clusterIcon });
}

function when(at, options) {
  return new Date(at).toLocaleString(options.locale, { timeZone: 'Europe/Stockholm', dateStyle: 'medium', timeStyle: 'short' });
}

export function placementText(p, labels) {
  if (p.placement === 'District') return labels.policePlacedDistrict.replace('{0}', p.district || p.namedAs || '');
  if (p.placement === 'Municipality') return labels.policePlacedMunicipality;
  return labels.policePlacedReported;
}

function popup(feature, options) {
  const p = feature.properties;
  const labels = options.labels;
  const box = document.createElement('div');
  box.className = 'police-popup';
  box.appendChild(textElement('strong', p.type));
  box.appendChild(textElement('div', `${when(p.at, options)} · ${p.locationName}`));
  if (p.summary) box.appendChild(textElement('div', p.summary, 'popup-text'));
  box.appendChild(textElement('div', placementText(p, labels), 'police-placement'));
  if (p.url) {
    const link = textElement('a', labels.policeLink);
    link.href = p.url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer external';
    box.appendChild(link);
  }
  box.appendChild(textElement('div', labels.policeSource, 'police-source'));
  return box;
}

export function drawPoliceEvents(layer, collection, options) {
  layer.clearLayers();
  const markers = collection.features.map(feature => {
    const [lon, lat] = feature.geometry.coordinates;
    const p = feature.properties;
    const name = `${options.labels.policeEvent}: ${p.type}, ${when(p.at, options)}`;
    return L.marker([lat, lon], { icon: icon(p.placement), title: name, alt: name, keyboard: true })
      .bindPopup(() => popup(feature, options), { maxWidth: 300 });
  });
  layer.addLayers(markers);
  return markers.length;
}

// The legend's rows: the placed diamond and the approximate one.
export function policeLegend(fold, labels) {
  fold.appendChild(textElement('div', labels.police, 'legend-heading'));
  for (const [kind, text] of [['placed', labels.policeLegendDistrict], ['approximate', labels.policeLegendMunicipality]]) {
    const line = textElement('div', text, 'map-legend-row');
    const swatch = document.createElement('span');
    swatch.className = `police-marker police-${kind} police-swatch`;
    swatch.setAttribute('aria-hidden', 'true');
    line.prepend(swatch);
    fold.appendChild(line);
  }
}
