// Charts for the outcome dashboard, with Chart.js and its annotation plugin (vendored under lib/), loaded on
// first use. Every chart has its numbers as a table beside it for screen readers; these functions also let a
// user save a chart as PNG and its data as CSV.
const charts = new Map();
let loading = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`Could not load ${src}`));
    document.head.appendChild(script);
  });
}

function ensureLoaded() {
  loading ??= loadScript('/lib/chartjs/chart.umd.min.js')
    .then(() => loadScript('/lib/chartjs-plugin-annotation/chartjs-plugin-annotation.min.js'))
    .then(() => {
      const annotation = window['chartjs-plugin-annotation'];
      if (annotation) window.Chart.register(annotation);
      window.Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
      window.Chart.defaults.color = '#1a1a1a';
    });
  return loading;
}

// Colours that keep 3:1 contrast against white (WCAG 1.4.11), told apart also by dash patterns.
const palette = ['#1b4f8a', '#b00020', '#1e6b2f', '#6a1b9a', '#8a4b00', '#00606e', '#5a5a5a', '#a0316b', '#3d4fa8', '#6b6b00', '#2f6fb3', '#7a1f1f', '#2d7a5a'];
const dashes = [[], [6, 4], [2, 3], [10, 3, 2, 3]];

function draw(elementId, config) {
  charts.get(elementId)?.destroy();
  const canvas = document.getElementById(elementId);
  if (!canvas) return;
  // A white background, so that a saved PNG is not transparent.
  config.plugins = [{ id: 'background', beforeDraw: chart => {
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  } }];
  charts.set(elementId, new window.Chart(canvas, config));
  canvas.setAttribute('data-ready', 'true');
}

// A line chart over time. terms: [{ from: index, to: index, label }] shaded as bands with a line at each start.
export async function line(elementId, chart) {
  await ensureLoaded();
  const annotations = {};
  (chart.terms || []).forEach((term, i) => {
    annotations[`term${i}`] = {
      type: 'box', xMin: term.from, xMax: term.to, backgroundColor: i % 2 ? 'rgba(27,79,138,0.06)' : 'rgba(27,79,138,0.14)', borderWidth: 0,
      // A band too narrow for its name (the present term, just begun) is named in the list under the chart.
      label: { display: term.to - term.from >= 8, content: term.label, position: { x: 'center', y: 'start' }, color: '#14365e', font: { weight: 'bold' } },
    };
    annotations[`start${i}`] = { type: 'line', xMin: term.from, xMax: term.from, borderColor: '#14365e', borderWidth: 1.5, borderDash: [4, 4] };
  });
  draw(elementId, {
    type: 'line',
    data: {
      labels: chart.labels,
      datasets: chart.series.map((s, i) => {
        const c = s.colour ?? i;
        return {
        label: s.name, data: s.values, borderColor: palette[c % palette.length], backgroundColor: palette[c % palette.length],
        borderDash: dashes[Math.floor(c / 4) % dashes.length], borderWidth: s.emphasis ? 4 : 2, pointRadius: chart.points ? 3 : 0, stepped: chart.stepped ? 'before' : false,
        spanGaps: true, tension: 0,
        };
      }),
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { ticks: { autoSkip: true, maxRotation: 0 } },
        y: { beginAtZero: true, title: { display: !!chart.yTitle, text: chart.yTitle }, ticks: { precision: 0 } },
      },
      plugins: {
        // The title and source are drawn on the chart, so that a saved PNG says what it shows and where it comes from.
        title: { display: !!chart.title, text: chart.title, font: { size: 15, weight: 'bold' }, color: '#14365e' },
        subtitle: { display: !!chart.subtitle, text: chart.subtitle, color: '#4a4a4a', padding: { bottom: 8 } },
        legend: { display: chart.series.length > 1, position: 'bottom' },
        annotation: { annotations },
      },
    },
  });
}

// Saves a drawn chart as a PNG file.
export function savePng(elementId, fileName) {
  const chart = charts.get(elementId);
  if (!chart) return;
  const link = document.createElement('a');
  link.href = chart.toBase64Image('image/png', 1);
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

// Saves text (CSV) the page made as a file, with a byte order mark so that spreadsheets read Swedish letters.
export function saveText(fileName, text, type) {
  const blob = new Blob(['\ufeff', text], { type: type || 'text/csv;charset=utf-8' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

export function dispose(elementId) {
  charts.get(elementId)?.destroy();
  charts.delete(elementId);
}
