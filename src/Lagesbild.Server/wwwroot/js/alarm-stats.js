// The alarm statistics page's chart: alarms, false alarms and escalations per month, drawn with the vendored
// Chart.js (js/charts.js). The month table under it holds the same numbers for screen readers and without script.
import { line } from './charts.js';

const data = JSON.parse(document.getElementById('stats-chart-data').textContent);
line('stats-chart', { ...data, points: true });
