// loftrange page: collects the inputs, hands them to the computing thread (worker.js, where
// the wasm module runs), shows what comes back. No physics here: every number of the answer
// comes from the library; the page only words errors with its labels, converts km to miles
// for display, and draws the map from the library's GeoJSON.
import { drawMap, selectPlace } from './map.js';

const $ = (id) => document.getElementById(id);
// The status, also under the answer while the run goes on (a phone shows the answer, not the form).
function status(text) {
  $('status').textContent = text;
  $('answer-status').textContent = window.loftrange && window.loftrange.busy ? text : '';
}
const form = $('inputs');
const FIELDS = ['test', 'apogee', 'range', 'flight_time', 'model', 'site', 'test_azimuth', 'azimuths', 'targets',
  'beta', 'burnout_speed', 'burnout_altitude', 'samples', 'seed'];
const LISTS = ['azimuths', 'targets'];
// What a catalog entry fills (every input the command line's --test ID supplies, and the model).
const FROM_TEST = ['apogee', 'range', 'flight_time', 'site', 'test_azimuth', 'model'];
// The page's label of each input, for messages ("Apogee: ... is not accepted: ...").
const LABELS = {
  test: 'Published test', apogee: 'Apogee', range: 'Ground range', flight_time: 'Flight time', model: 'Earth model',
  site: 'Launch site', test_azimuth: 'Direction of the test', azimuths: 'Other directions', targets: 'Places to check',
  beta: 'Re-entry beta', burnout_speed: 'Burnout speed', burnout_altitude: 'Burnout altitude',
  samples: 'Monte Carlo samples', seed: 'Random seed', vehicle: 'Vehicle', payload: 'Payload',
  extra_payload: 'Extra payload', step: 'Reach map step', inputs: 'Inputs',
};
const KM_PER_MI = 1.609344;

// What the browser test reads: the last run's timings (ms), results and state.
const timings = {};
window.loftrange = { timings, busy: false, runs: 0 };

// ---------------------------------------------------------------------------
// Inputs <-> form <-> URL fragment (the link)
// ---------------------------------------------------------------------------

let catalog = [];
const catalogEntry = (id) => catalog.find((e) => e.id === id);

function readFields() {
  const inputs = {};
  for (const name of FIELDS) {
    const v = form.elements[name].value.trim();
    if (v === '') continue;
    if (LISTS.includes(name)) {
      // Separated by ";" (a place name or LAT,LON holds a comma).
      inputs[name] = v.split(';').map((t) => t.trim()).filter((t) => t !== '');
    } else {
      inputs[name] = v;
    }
  }
  return inputs;
}

// What is sent is what the form shows. A picked test stays picked only while every field
// it filled still shows its value (any edit turns the picker back to "None"), so its id
// adds only the source's name to the report, never a value the form does not show.
function readForm() {
  return readFields();
}

function fillForm(given) {
  for (const name of FIELDS) {
    const el = form.elements[name];
    const v = given[name];
    if (name === 'model') {
      el.value = v || 'kepler';
      continue;
    }
    el.value = v === undefined ? '' : (Array.isArray(v) ? v.join('; ') : String(v));
  }
  showCatalogInfo();
}

// The picker back to "None" when a field a test filled no longer shows the test's value.
function checkPicked() {
  const entry = catalogEntry(form.elements.test.value);
  if (!entry) return;
  const differs = FROM_TEST.some((k) => (form.elements[k].value.trim()) !== (entry.inputs[k] || (k === 'model' ? 'kepler' : '')));
  if (differs) {
    form.elements.test.value = '';
    showCatalogInfo();
  }
}

function pickTest(id) {
  const entry = catalogEntry(id);
  if (!entry) {
    showCatalogInfo();
    return;
  }
  for (const k of FROM_TEST) {
    const el = form.elements[k];
    el.value = entry.inputs[k] !== undefined ? entry.inputs[k] : (k === 'model' ? 'kepler' : '');
  }
  form.elements.test.value = id;
  modelTouched = false;
  showCatalogInfo();
}

const esc = (t) => String(t).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const link = (s) => (s ? `<a href="${esc(s.url)}" rel="noopener noreferrer" target="_blank">${esc(s.publisher)}${s.title ? `: ${esc(s.title)}` : ''}</a>${s.date ? ` (${esc(s.date)})` : ''}` : '');

function showCatalogInfo() {
  const box = $('catalog-info');
  const e = catalogEntry(form.elements.test.value);
  if (!e) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const parts = [`<p><strong>${esc(e.date)} ${esc(e.missile)}</strong>, as reported by ${esc(e.agency)}: ${link(e.source)}.</p>`];
  if (e.site_name) {
    parts.push(`<p>Launch site: ${esc(e.site_name)}${e.site_quality ? ` (${esc(e.site_quality)})` : ''}, named by ${link(e.site_named_by)}. `
      + `Direction of the test: ${esc(e.inputs.test_azimuth)}° from north${e.azimuth_derivation ? `: ${esc(e.azimuth_derivation)}` : ''}</p>`);
  } else {
    parts.push('<p>No launch site or direction is published for this test: the simple model is used.</p>');
  }
  if (e.published_standard_range_km) {
    parts.push(`<p>Published standard range: <strong>${distance(e.published_standard_range_km)}</strong>, by ${link(e.published_standard_range_source)} (as published; often a lower bound, see the notes).</p>`);
  }
  if (e.notes) parts.push(`<p class="notes">Notes: ${esc(e.notes)}</p>`);
  box.innerHTML = parts.join('');
  box.hidden = false;
}

function toFragment(inputs) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(inputs)) {
    if (Array.isArray(v)) v.forEach((t) => p.append(k, t));
    else p.set(k, v);
  }
  return '#' + p.toString();
}

function fromFragment(hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const inputs = {};
  for (const name of FIELDS) {
    if (LISTS.includes(name)) {
      const t = p.getAll(name);
      if (t.length) inputs[name] = t;
    } else if (p.has(name)) {
      inputs[name] = p.get(name);
    }
  }
  // An old link with only a test id: the test's values, shown.
  const entry = inputs.test && catalogEntry(inputs.test);
  if (entry) for (const k of FROM_TEST) if (inputs[k] === undefined && entry.inputs[k] !== undefined) inputs[k] = entry.inputs[k];
  return inputs;
}

// ---------------------------------------------------------------------------
// km or miles (display only)
// ---------------------------------------------------------------------------

const unit = () => form.elements.unit.value;
function distance(km) {
  if (km === null || km === undefined) return '';
  const v = unit() === 'mi' ? km / KM_PER_MI : km;
  return `${Math.round(v).toLocaleString('en')} ${unit() === 'mi' ? 'mi' : 'km'}`;
}
// The library's sentences give distances as "9,983 km": shown in miles when asked.
function inUnits(text) {
  if (unit() !== 'mi') return text;
  return text.replace(/(\d[\d,]*(?:\.\d+)?) km\b/g, (_, n) => distance(Number(n.replace(/,/g, ''))));
}

// ---------------------------------------------------------------------------
// Errors: one line, next to the field it names, in the page's words
// ---------------------------------------------------------------------------

function clearErrors() {
  for (const o of form.querySelectorAll('output.error')) o.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// The library names a field in words ("flight time", "test azimuth"); the form's names are keys.
function fieldKey(field) {
  if (!field) return '';
  const k = field.toLowerCase().replace(/^--/, '').replace(/[\s-]+/g, '_');
  if (k === 'target') return 'targets';
  if (k === 'azimuth') return 'azimuths';
  if (LABELS[k]) return k;
  // "site latitude" belongs to the site field.
  return FIELDS.filter((f) => k.startsWith(f + '_')).sort((a, b) => b.length - a.length)[0] || '';
}

// The command line's words in a message ("--apogee", "loftrange catalog") as the page's.
function pageWords(text) {
  return String(text)
    .replace(/--test ID from loftrange catalog/g, 'a published test picked above')
    .replace(/loftrange catalog/g, 'the list of published tests')
    .replace(/loftrange reach/g, 'the reach map')
    .replace(/--([a-z][a-z-]*)(?: (?:FILE|ID|N|LAT,LON))?/g, (_, f) => {
      const k = fieldKey(f);
      return LABELS[k] ? `“${LABELS[k]}”` : `“${f.replace(/-/g, ' ')}”`;
    })
    .replace(/\bthe command line's\b/g, "the command-line tool's");
}

function errorMessage(out) {
  const key = fieldKey(out.field);
  if (out.value !== undefined && out.accepted !== undefined) {
    const label = LABELS[key] || (out.field ? out.field[0].toUpperCase() + out.field.slice(1) : 'Input');
    const value = out.value === 'none' ? 'empty' : out.value;
    return `${label}: ${pageWords(value)} is not accepted: ${pageWords(out.accepted)}`;
  }
  return pageWords(out.error);
}

function showError(out) {
  const key = fieldKey(out.field);
  const message = errorMessage(out);
  $('form-error').textContent = message;
  const beside = form.querySelector(`output.error[data-for="${key}"]`);
  if (key && beside) {
    beside.textContent = message;
    const el = form.elements[key];
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-describedby', beside.id || (beside.id = `error-${key}`));
    el.closest('details')?.setAttribute('open', '');
    el.focus(); // brings the field and its message into view (a phone scrolls to it)
  }
  return message;
}

function hideResults() {
  for (const id of ['answer', 'reach', 'mc', 'details']) $(id).hidden = true;
  for (const id of ['report', 'reach-report', 'mc-report', 'headline', 'mc-summary']) $(id).textContent = '';
  for (const id of ['trajectory-figure', 'reach-figure', 'histogram-figure']) $(id).replaceChildren();
  $('reach-figure-block').hidden = true;
  $('histogram-block').hidden = true;
  $('warnings').hidden = true;
  figures.trajectory = figures.reach = figures.histogram = null;
  mapData.geojson = mapData.kml = mapData.csv = mapData.features = null;
  $('target-verdicts').replaceChildren();
}

// SVG text from the library, parsed as SVG (not HTML) and put in place.
function showSvg(figureId, svgText, label) {
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') throw new Error('the figure is not SVG');
  if (!svg.hasAttribute('viewBox')) {
    svg.setAttribute('viewBox', `0 0 ${svg.getAttribute('width')} ${svg.getAttribute('height')}`);
  }
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  $(figureId).replaceChildren(document.importNode(svg, true));
}

// ---------------------------------------------------------------------------
// The computing thread: one run at a time; Cancel (or a new run) ends it
// ---------------------------------------------------------------------------

let worker = null;
let workerReady = null;
let runId = 0;
let current = null; // { id, inputs, resolve }
const figures = {};
const mapData = {};

function startWorker() {
  worker = new Worker('worker.js', { type: 'module' });
  workerReady = new Promise((resolve, reject) => {
    worker.onmessage = (ev) => {
      const m = ev.data;
      if (m.ready) resolve(m);
      else if (m.loadFailed) reject(new Error(m.loadFailed));
      else onWorkerMessage(m);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(e.message || 'the computing thread failed'));
      if (current) finishRun(`The computation failed: ${e.message || 'the computing thread stopped'}.`);
    };
  });
  return workerReady;
}

function setBusy(busy) {
  window.loftrange.busy = busy;
  $('cancel').hidden = !busy;
  if (!busy) $('answer-status').textContent = '';
  $('run').textContent = busy ? 'Estimate again' : 'Estimate';
}

function finishRun(message) {
  if (message) status(message);
  $('progress').hidden = true;
  setBusy(false);
  window.loftrange.runs += 1;
  showTimings();
  current = null;
}

function cancel() {
  if (!current) return;
  worker.terminate();
  finishRun('Cancelled. The results shown are from before.');
  startWorker();
}

let scrolled = false;
function onWorkerMessage(m) {
  if (!current || m.run !== current.id) return; // a cancelled run's late message
  if (m.step) {
    status(`Working: ${m.label}…`);
    window.loftrange.step = m.step;
    if (m.step === 'monte-carlo') {
      $('progress').hidden = false;
      $('progress').value = 0;
    }
  } else if (m.progress) {
    const { done, total } = m.progress;
    $('progress').max = total;
    $('progress').value = done;
    status(`Working: Monte Carlo, ${done.toLocaleString('en')} of ${total.toLocaleString('en')} samples…`);
  } else if (m.result === 'estimate') {
    timings.estimate_ms = m.ms;
    showEstimate(m.out);
  } else if (m.result === 'reach') {
    timings.reach_ms = m.ms;
    showReach(m.out);
  } else if (m.result === 'monte-carlo') {
    timings.monte_carlo_ms = m.ms;
    timings.monte_carlo_longest_chunk_ms = m.longest;
    timings.monte_carlo_samples = m.samples;
    showMonteCarlo(m.out);
  } else if (m.done) {
    finishRun(current.failed ? null : 'Done.');
  } else if (m.failed) {
    hideResults();
    const message = showError(m.failed);
    finishRun(m.failed.input_error ? `Not computed: ${message}` : `No result: ${message}`);
  }
}

function showEstimate(est) {
  if (!est.ok) {
    current.failed = true;
    hideResults();
    const message = showError(est);
    status(est.input_error ? `Not computed: check the highlighted field.` : `No solution: ${message}`);
    return;
  }
  current.estimate = est;
  window.loftrange.estimate = est.json;
  const headline = est.json.headline || '';
  $('headline').dataset.km = headline;
  $('headline').textContent = inUnits(headline);
  const warnings = est.json.warnings || [];
  $('warning-list').replaceChildren(...warnings.map((w) => {
    const li = document.createElement('li');
    li.textContent = pageWords(w);
    return li;
  }));
  $('warnings').hidden = warnings.length === 0;
  $('answer').hidden = false;
  $('report').textContent = est.text;
  figures.trajectory = { svg: est.svg, name: 'loftrange-trajectory' };
  showSvg('trajectory-figure', est.svg, 'Trajectory figure: the lofted test and the standard trajectory');
  $('details').hidden = false;
  if (!est.has_site) $('reach').hidden = true;
  if (!est.monte_carlo) $('mc').hidden = true;
  // A phone shows the answer, not the form it just left.
  if (!scrolled) {
    scrolled = true;
    $('answer').scrollIntoView({ behavior: 'instant', block: 'start' });
  }
}

function showReach(reach) {
  if (!reach.ok) {
    $('reach').hidden = false;
    $('place-info').textContent = errorMessage(reach);
    $('map').replaceChildren();
    return;
  }
  window.loftrange.reach = reach.json;
  mapData.geojson = reach.geojson;
  mapData.kml = reach.kml;
  mapData.csv = reach.places_csv;
  mapData.features = JSON.parse(reach.geojson).features;
  $('reach').hidden = false;
  drawMap($('map'), mapData.features, { distance, onPick: (f) => showPlace(f) });
  $('place-info').textContent = 'Click a place on the map or search one above.';
  // The targets' verdicts under the map too (a narrow map labels them by name only).
  $('target-verdicts').replaceChildren(...mapData.features.filter((f) => f.properties.kind === 'target').map((f) => {
    const li = document.createElement('li');
    li.textContent = verdict(f.properties);
    return li;
  }));
  $('reach-report').textContent = reach.text;
  $('reach-report').hidden = false;
  figures.reach = { svg: reach.svg, name: 'loftrange-reach-map' };
  showSvg('reach-figure', reach.svg, 'Reach map figure');
  $('reach-figure-block').hidden = false;
}

// One place's verdict, from the library's per-place numbers.
function verdict(p) {
  const name = p.kind === 'place' ? `${p.name} (${p.country})` : String(p.name).replace(/ \(catalog\)$/, '');
  const far = p.distance_km !== undefined ? `, ${distance(p.distance_km)} from the launch site` : '';
  if (p.in_reach && (p.margin_km === null || p.margin_km === undefined)) return `${name}: in reach (global reach in its direction)${far}.`;
  if (p.in_reach) return `${name}: in reach, with ${distance(Math.abs(p.margin_km))} to spare${far}.`;
  return `${name}: out of reach by ${distance(Math.abs(p.margin_km))}${far}.`;
}

function showPlace(f) {
  $('place-info').textContent = verdict(f.properties);
}

function showMonteCarlo(out) {
  $('mc').hidden = false;
  if (!out.ok) {
    $('mc-summary').textContent = errorMessage(out);
    return;
  }
  window.loftrange.monteCarlo = out.json;
  const j = out.json;
  $('mc-summary').textContent = j.p50_km !== undefined
    ? `Over ${j.samples.toLocaleString('en')} samples of the uncertain inputs: median ${distance(j.p50_km)}, `
      + `90% of the samples between ${distance(j.p05_km)} and ${distance(j.p95_km)}.`
    : '';
  $('mc-report').textContent = out.text;
  $('mc-report').hidden = false;
  if (out.svg) {
    figures.histogram = { svg: out.svg, name: 'loftrange-monte-carlo' };
    showSvg('histogram-figure', out.svg, 'Monte Carlo histogram of the standard range');
    $('histogram-block').hidden = false;
  }
}

async function run(inputs) {
  if (current) cancel();
  await workerReady;
  const id = ++runId;
  current = { id, inputs };
  scrolled = false;
  for (const k of Object.keys(timings)) delete timings[k];
  clearErrors();
  $('form-error').textContent = '';
  setBusy(true);
  status('Working…');
  history.replaceState(null, '', toFragment(inputs));
  worker.postMessage({ run: id, inputs });
}

function showTimings() {
  const f = (k, label) => (timings[k] === undefined ? '' : `${label} ${timings[k].toFixed(0)} ms`);
  $('timings').textContent = ['estimate_ms', 'reach_ms', 'monte_carlo_ms']
    .map((k, i) => f(k, ['estimate', 'reach map', 'Monte Carlo'][i]))
    .filter((s) => s)
    .join(' · ');
}

// ---------------------------------------------------------------------------
// Take away: figures (SVG, PNG), the map (GeoJSON, KML), the places (CSV)
// ---------------------------------------------------------------------------

function save(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function svgToPng(svgText) {
  return new Promise((resolve, reject) => {
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
    const w = Number(doc.getAttribute('width')) || 1024;
    const h = Number(doc.getAttribute('height')) || 768;
    const img = new Image();
    img.onload = () => {
      const scale = 2; // sharp on high-density screens and in print
      const c = document.createElement('canvas');
      c.width = w * scale;
      c.height = h * scale;
      const g = c.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, c.width, c.height);
      g.drawImage(img, 0, 0, c.width, c.height);
      c.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png');
    };
    img.onerror = () => reject(new Error('the figure did not load as an image'));
    img.src = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  });
}

async function download(kind, format) {
  const f = figures[kind];
  if (!f) return;
  if (format === 'svg') save(new Blob([f.svg], { type: 'image/svg+xml' }), `${f.name}.svg`);
  else save(await svgToPng(f.svg), `${f.name}.png`);
}

// ---------------------------------------------------------------------------
// The link: copy it
// ---------------------------------------------------------------------------

async function copyLink() {
  const url = location.href.replace(/#.*$/, '') + toFragment(readForm());
  history.replaceState(null, '', toFragment(readForm()));
  let ok = false;
  try {
    await navigator.clipboard.writeText(url);
    ok = true;
  } catch (_) {
    const t = document.createElement('textarea');
    t.value = url;
    t.setAttribute('readonly', '');
    t.style.position = 'fixed';
    t.style.opacity = '0';
    document.body.append(t);
    t.select();
    try { ok = document.execCommand('copy'); } catch (_) { ok = false; }
    t.remove();
  }
  window.loftrange.link = url;
  $('copy-link').textContent = ok ? 'Link copied' : 'Copy link';
  status(ok ? 'Link copied: it opens this page with these values.' : `Copy this link: ${url}`);
  if (ok) setTimeout(() => { $('copy-link').textContent = 'Copy link'; }, 4000);
}

// ---------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------

let modelTouched = false;

async function main() {
  const ready = await startWorker();
  catalog = ready.catalog;
  const select = $('f-test');
  for (const entry of catalog) {
    const o = document.createElement('option');
    o.value = entry.id;
    o.textContent = entry.label;
    select.append(o);
  }
  select.addEventListener('change', () => pickTest(select.value));
  const list = $('places');
  for (const p of ready.places) {
    const o = document.createElement('option');
    o.value = p.name;
    list.append(o);
  }
  for (const k of FROM_TEST) {
    form.elements[k].addEventListener('input', checkPicked);
    form.elements[k].addEventListener('change', checkPicked);
  }
  form.elements.model.addEventListener('change', () => { modelTouched = true; });
  // A launch site typed on the simple model: the rotating Earth is chosen, visibly (the
  // user can choose another).
  form.elements.site.addEventListener('change', () => {
    if (!modelTouched && form.elements.site.value.trim() && form.elements.model.value === 'kepler') {
      form.elements.model.value = 'rotating';
      checkPicked();
    }
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(readForm());
  });
  $('cancel').addEventListener('click', cancel);
  $('copy-link').addEventListener('click', copyLink);
  for (const r of form.querySelectorAll('input[name="unit"]')) {
    r.addEventListener('change', () => {
      localStorage.setItem('loftrange-unit', unit());
      $('headline').textContent = inUnits($('headline').dataset.km || '');
      showCatalogInfo();
      if (current === null && window.loftrange.monteCarlo) showMonteCarlo({ ok: true, json: window.loftrange.monteCarlo, text: $('mc-report').textContent, svg: figures.histogram?.svg });
      if (mapData.features) {
        drawMap($('map'), mapData.features, { distance, onPick: (f) => showPlace(f), keepView: true });
        for (const [i, f] of mapData.features.filter((x) => x.properties.kind === 'target').entries()) {
          const li = $('target-verdicts').children[i];
          if (li) li.textContent = verdict(f.properties);
        }
      }
    });
  }
  const saved = localStorage.getItem('loftrange-unit');
  if (saved === 'mi') form.querySelector('input[name="unit"][value="mi"]').checked = true;
  for (const b of document.querySelectorAll('[data-download]')) {
    b.addEventListener('click', () => download(b.dataset.download, b.dataset.format));
  }
  $('dl-geojson').addEventListener('click', () => mapData.geojson && save(new Blob([mapData.geojson], { type: 'application/geo+json' }), 'loftrange-reach.geojson'));
  $('dl-kml').addEventListener('click', () => mapData.kml && save(new Blob([mapData.kml], { type: 'application/vnd.google-earth.kml+xml' }), 'loftrange-reach.kml'));
  $('dl-csv').addEventListener('click', () => mapData.csv && save(new Blob([mapData.csv], { type: 'text/csv' }), 'loftrange-places.csv'));
  $('place-search').addEventListener('change', () => {
    const f = selectPlace($('place-search').value);
    $('place-info').textContent = f ? verdict(f.properties) : `“${$('place-search').value}” is not among the embedded places.`;
  });
  window.addEventListener('hashchange', () => {
    const inputs = fromFragment(location.hash);
    if (toFragment(inputs) !== toFragment(readForm())) {
      fillForm(inputs);
      run(inputs);
    }
  });
  $('run').disabled = false;
  status('Ready.');
  window.loftrange.ready = true;
  const inputs = fromFragment(location.hash);
  if (Object.keys(inputs).length) {
    fillForm(inputs);
    run(readForm());
  }
}

main().catch((e) => {
  status(`The engine did not load: ${e.message || e}`);
  console.error(e);
});
