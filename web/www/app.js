// loftrange page: collects the inputs, calls the wasm module, shows what it returns.
// No physics here: every number and every word of the reports comes from the library.
import init, * as engine from './pkg/loftrange_web.js';

const $ = (id) => document.getElementById(id);
const form = $('inputs');
const FIELDS = ['test', 'apogee', 'range', 'flight_time', 'model', 'site', 'test_azimuth', 'azimuths', 'targets',
  'beta', 'burnout_speed', 'burnout_altitude', 'samples', 'seed'];
const LISTS = ['azimuths', 'targets'];
// Monte Carlo samples per call: about 50 ms of work, then the page gets the thread back.
const MC_CHUNK = 25;

// What the browser test reads: the last run's timings (ms) and state.
const timings = {};
window.loftrange = { timings, busy: false, runs: 0 };

// ---------------------------------------------------------------------------
// Inputs <-> form <-> URL fragment (the permalink)
// ---------------------------------------------------------------------------

let catalog = [];
const catalogEntry = (id) => catalog.find((e) => e.id === id);

// A catalog test's own values are left to its `test` key (as `--test ID` on the command
// line); only what the user changed is sent as an override.
function readForm() {
  const inputs = readFields();
  const entry = inputs.test && catalogEntry(inputs.test);
  if (entry) {
    for (const [k, v] of Object.entries(entry.inputs)) if (inputs[k] === v) delete inputs[k];
  }
  return inputs;
}

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

function fillForm(given) {
  const entry = given.test && catalogEntry(given.test);
  const inputs = entry ? { ...entry.inputs, ...given } : given;
  for (const name of FIELDS) {
    const el = form.elements[name];
    const v = inputs[name];
    el.value = v === undefined ? '' : (Array.isArray(v) ? v.join('; ') : String(v));
  }
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
  return inputs;
}

// ---------------------------------------------------------------------------
// Errors: one line, next to the field it names (as the command line prints it)
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
  if (FIELDS.includes(k)) return k;
  // "site latitude" belongs to the site field.
  return FIELDS.filter((f) => k.startsWith(f + '_')).sort((a, b) => b.length - a.length)[0] || '';
}

function showError(message, field) {
  const key = fieldKey(field);
  const out = form.querySelector(`output.error[data-for="${key}"]`) || $('form-error');
  out.textContent = message;
  if (key) {
    const el = form.elements[key];
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-describedby', out.id || (out.id = `error-${key}`));
    el.closest('details')?.setAttribute('open', '');
    el.focus(); // brings the field and its message into view (a phone scrolls to it)
  }
}

function hideResults() {
  for (const id of ['results', 'reach', 'mc']) $(id).hidden = true;
  for (const id of ['report', 'reach-report', 'mc-report']) $(id).textContent = '';
  for (const id of ['trajectory-figure', 'reach-figure', 'histogram-figure']) $(id).replaceChildren();
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
// One run: estimate (+ trajectory figure), reach map when there is a site, Monte Carlo
// when an input is uncertain
// ---------------------------------------------------------------------------

const nextFrame = () => new Promise((r) => setTimeout(r, 0));
let generation = 0;

function call(fn, inputs, ...rest) {
  const t0 = performance.now();
  const out = JSON.parse(fn(JSON.stringify(inputs), ...rest));
  return [out, performance.now() - t0];
}

async function run(inputs) {
  const gen = ++generation;
  window.loftrange.busy = true;
  for (const k of Object.keys(timings)) delete timings[k];
  clearErrors();
  $('status').textContent = 'Computing…';
  $('permalink').href = toFragment(inputs);
  history.replaceState(null, '', toFragment(inputs));
  await nextFrame();
  try {
    const [est, ms] = call(engine.estimate, inputs);
    timings.estimate_ms = ms;
    if (!est.ok) {
      hideResults();
      showError(est.error, est.field);
      const named = fieldKey(est.field) ? ` (${est.field})` : '';
      $('status').textContent = est.input_error ? `Bad input${named}.` : 'No solution.';
      return;
    }
    $('report').textContent = est.text;
    showSvg('trajectory-figure', est.svg, 'trajectory figure');
    $('results').hidden = false;
    window.loftrange.estimate = est.json;

    if (est.has_site) {
      $('status').textContent = 'Reach map…';
      await nextFrame();
      if (gen !== generation) return;
      const [reach, rms] = call(engine.reach, inputs);
      timings.reach_ms = rms;
      if (reach.ok) {
        showSvg('reach-figure', reach.svg, 'reach map');
        $('reach-report').textContent = reach.text;
        window.loftrange.reach = reach.json;
      } else {
        $('reach-report').textContent = reach.error;
        $('reach-figure').replaceChildren();
      }
      $('reach').hidden = false;
    } else {
      $('reach').hidden = true;
    }

    if (est.monte_carlo) {
      await monteCarlo(inputs, gen);
    } else {
      $('mc').hidden = true;
    }
    if (gen === generation) $('status').textContent = 'Done.';
  } catch (e) {
    hideResults();
    showError(`internal error: ${e.message || e}`, '');
    $('status').textContent = 'Failed.';
    console.error(e);
  } finally {
    if (gen === generation) {
      window.loftrange.busy = false;
      window.loftrange.runs += 1;
      showTimings();
    }
  }
}

async function monteCarlo(inputs, gen) {
  const t0 = performance.now();
  const mc = new engine.MonteCarloRun(JSON.stringify(inputs));
  try {
    const total = mc.total();
    const bar = $('mc-progress');
    bar.max = total;
    bar.value = 0;
    $('mc').hidden = false;
    $('histogram-figure').replaceChildren();
    $('mc-report').textContent = '';
    let longest = 0;
    while (mc.done() < total) {
      if (gen !== generation) return; // a newer run started: drop this one
      const c0 = performance.now();
      const done = mc.step(MC_CHUNK);
      longest = Math.max(longest, performance.now() - c0);
      bar.value = done;
      $('mc-count').textContent = `${done.toLocaleString('en')} of ${total.toLocaleString('en')} samples`;
      await nextFrame(); // the page stays responsive between chunks
    }
    const out = JSON.parse(mc.finish());
    timings.monte_carlo_ms = performance.now() - t0;
    timings.monte_carlo_longest_chunk_ms = longest;
    timings.monte_carlo_samples = total;
    if (out.ok) {
      $('mc-report').textContent = out.text;
      if (out.svg) showSvg('histogram-figure', out.svg, 'Monte Carlo histogram');
      window.loftrange.monteCarlo = out.json;
    } else {
      $('mc-report').textContent = out.error;
    }
  } finally {
    mc.free();
  }
}

function showTimings() {
  const f = (k, label) => (timings[k] === undefined ? '' : `${label} ${timings[k].toFixed(0)} ms`);
  $('timings').textContent = ['estimate_ms', 'reach_ms', 'monte_carlo_ms']
    .map((k, i) => f(k, ['estimate', 'reach map', 'Monte Carlo'][i]))
    .filter((s) => s)
    .join(' · ');
}

// ---------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------

async function main() {
  await init();
  catalog = JSON.parse(engine.catalog());
  const select = $('f-test');
  for (const entry of catalog) {
    const o = document.createElement('option');
    o.value = entry.id;
    o.textContent = entry.label;
    select.append(o);
  }
  // Picking a test fills the form with its values (explicit values override it, as on the CLI).
  select.addEventListener('change', () => {
    const entry = catalogEntry(select.value);
    if (!entry) return;
    const keep = readFields();
    fillForm({ ...Object.fromEntries(['model', 'site', 'test_azimuth', 'azimuths', 'targets', 'beta', 'samples', 'seed']
      .filter((k) => keep[k] !== undefined).map((k) => [k, keep[k]])), ...entry.inputs, test: entry.id });
  });
  const list = $('places');
  for (const p of JSON.parse(engine.places())) {
    const o = document.createElement('option');
    o.value = p.name;
    o.label = p.country;
    list.append(o);
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(readForm());
  });
  window.addEventListener('hashchange', () => {
    const inputs = fromFragment(location.hash);
    if (toFragment(inputs) !== toFragment(readForm())) {
      fillForm(inputs);
      run(inputs);
    }
  });
  $('run').disabled = false;
  $('status').textContent = 'Ready.';
  window.loftrange.ready = true;
  const inputs = fromFragment(location.hash);
  if (Object.keys(inputs).length) {
    fillForm(inputs);
    run(inputs);
  }
}

main().catch((e) => {
  $('status').textContent = `The engine did not load: ${e.message || e}`;
  console.error(e);
});
