// The web page in a real browser (Debian's Chromium, headless, driven by playwright-core).
// Run by web/test.sh, which builds the page, serves web/www on 127.0.0.1 and passes:
//   PLAYWRIGHT_CORE  path of the playwright-core package
//   AXE_JS           axe-core's axe.min.js (the accessibility check)
//   PAGE_URL         the served page
//   OUT_DIR          where screenshots go
//   EXPECT_JSON      what the command line (the same library, native) printed for the cases
// Prints one line per check and closes with "N passed, M failed".
'use strict';
const { chromium } = require(process.env.PLAYWRIGHT_CORE);
const fs = require('fs');
const path = require('path');

const URL = process.env.PAGE_URL;
const OUT = process.env.OUT_DIR;
const expect = JSON.parse(process.env.EXPECT_JSON);
// Speed limits in the page (issue 12): ms. The computation runs in a worker; these are its times.
const LIMIT = { estimate: 100, reach: 500, monteCarlo: 5000 };
// The longest the page's own thread may be busy at once (issue 19: never frozen).
const LONG_TASK_MS = 200;

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
}
const grouped = (km) => Math.round(km).toLocaleString('en');

// Where two texts part: the line of `a` and of `b` ('' when equal).
function firstDifference(a, b) {
  if (a === b) return '';
  const [la, lb] = [a.split('\n'), b.split('\n')];
  const i = la.findIndex((l, k) => l !== lb[k]);
  const k = i < 0 ? la.length : i;
  return `line ${k + 1}: page "${la[k]}", CLI "${lb[k]}"`;
}

// Two JSON values compared: the same keys, strings and structure; numbers equal to 1e-9
// relative. Returns the differences (path: page vs CLI) and the largest relative one.
function jsonDifference(a, b, where = '', out = { problems: [], maxRelative: 0 }) {
  if (typeof a === 'number' && typeof b === 'number') {
    const rel = a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    out.maxRelative = Math.max(out.maxRelative, rel);
    if (!(rel <= 1e-9)) out.problems.push(`${where}: ${a} vs ${b}`);
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    if (Array.isArray(a) !== Array.isArray(b)) out.problems.push(`${where}: array vs object`);
    for (const k of keys) {
      if (!(k in a) || !(k in b)) out.problems.push(`${where}.${k}: ${k in a ? 'only in the page' : 'only in the CLI'}`);
      else jsonDifference(a[k], b[k], `${where}.${k}`, out);
    }
  } else if (a !== b) {
    out.problems.push(`${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  return out;
}

async function fresh(page, fragment = '') {
  await page.goto(URL + fragment);
  await page.waitForFunction(() => window.loftrange && window.loftrange.ready, null, { timeout: 30000 });
  await page.click('#more summary'); // open "More options"
}

const FORM = ['apogee', 'range', 'flight_time', 'site', 'test_azimuth', 'azimuths', 'targets', 'beta',
  'burnout_speed', 'burnout_altitude', 'samples', 'seed'];

// Fill the form by hand (absent keys are cleared; the model defaults to kepler), submit,
// wait for the run to end.
async function runForm(page, inputs) {
  await page.evaluate(() => { document.getElementById('more').open = true; });
  await page.selectOption('[name="test"]', '');
  for (const n of FORM) await page.fill(`[name="${n}"]`, inputs[n] || '');
  await page.selectOption('[name="model"]', inputs.model || 'kepler');
  return submit(page);
}

async function submit(page) {
  const before = await page.evaluate(() => window.loftrange.runs);
  await page.click('[data-testid="estimate"]');
  await page.waitForFunction((b) => window.loftrange.runs > b && !window.loftrange.busy, before, { timeout: 120000 });
  return page.evaluate(() => ({ ...window.loftrange.timings }));
}

const text = (page, sel) => page.textContent(sel);
const visible = (page, sel) => page.isVisible(sel);
const svgIn = (page, sel) => page.evaluate((s) => {
  const svg = document.querySelector(`${s} svg`);
  return svg ? { paths: svg.querySelectorAll('path, polyline, polygon, line, rect, circle').length,
    texts: svg.querySelectorAll('text').length, width: svg.getBoundingClientRect().width } : null;
}, sel);
const visibleValues = (page) => page.evaluate(() => Object.fromEntries(
  ['catalog', 'apogee', 'range', 'flight-time', 'model', 'site', 'test-azimuth', 'targets', 'beta']
    .map((t) => [t, document.querySelector(`[data-testid="${t}"]`).value])));

// Texts of the page a reader sees (closed details and hidden parts excluded).
const pageText = (page) => page.evaluate(() => document.body.innerText);

async function axe(page, name) {
  await page.addScriptTag({ path: process.env.AXE_JS });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
      first: v.nodes[0] && v.nodes[0].target.join(' ') }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(`axe-core (${name}): no serious or critical problem`, bad.length === 0,
    (bad.length ? bad : result).map((v) => `${v.impact} ${v.id} x${v.nodes} (${v.first})`).join('; '));
}

// Downloads: click, read the file.
async function downloaded(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click(selector)]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new globalThis.URL(URL).origin });
  const page = await context.newPage();
  const consoleErrors = [];
  const offsite = [];
  const watch = (p) => {
    p.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    p.on('pageerror', (e) => consoleErrors.push(String(e)));
    p.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(URL.replace(/\/[^/]*$/, '')) && !u.startsWith('blob:') && !u.startsWith('data:')) offsite.push(u);
    });
  };
  watch(page);
  const speed = {};

  // 0. Stable handles for outside tests.
  await fresh(page);
  const ids = ['headline', 'catalog', 'apogee', 'range', 'flight-time', 'model', 'site', 'test-azimuth', 'targets',
    'beta', 'estimate', 'map', 'error'];
  const missing = await page.evaluate((l) => l.filter((t) => !document.querySelector(`[data-testid="${t}"]`)), ids);
  check('data-testid: every stable handle is on the page', missing.length === 0, missing.join(', '));
  const unitsShown = await page.evaluate(() => ['u-apogee', 'u-range', 'u-flight_time', 'u-test_azimuth']
    .every((id) => { const e = document.getElementById(id); return e && e.offsetParent !== null && /\S/.test(e.textContent); }));
  check('units: shown as visible text beside the fields, not only as placeholders', unitsShown);

  const how = await page.evaluate(() => {
    const h = document.getElementById('how');
    for (const d of h.querySelectorAll('details')) d.open = true;
    const t = h.innerText;
    for (const d of h.querySelectorAll('details')) d.open = false;
    return t;
  });
  check('"How this works": the minimum-energy trajectory, global reach, each model\'s assumptions and limits, sources',
    /minimum-energy/.test(how) && /Global reach/.test(how) && ['kepler', 'sphere', 'rotating', 'earth', 'boost'].every((m) => how.includes(m))
      && /Sources/.test(how) && /Natural Earth/.test(how));

  // 1. The README's case under kepler: 9,983 km (the closed form).
  let t = await runForm(page, { apogee: '4475km', range: '950km', flight_time: '53min', model: 'kepler' });
  let report = await text(page, '#report');
  check('kepler: the CLI\'s report, word for word', report === expect.kepler_text, firstDifference(report, expect.kepler_text));
  let headline = (await text(page, '[data-testid="headline"]')).trim();
  check('headline: shown above the results, in plain words with the range', /9,983 km/.test(headline) && !/--/.test(headline), headline);
  const order = await page.evaluate(() => {
    const a = document.getElementById('answer').getBoundingClientRect().top;
    return ['details', 'reach', 'mc'].every((id) => { const e = document.getElementById(id); return e.hidden || e.getBoundingClientRect().top > a; });
  });
  check('headline: above every other result', order);
  let fig = await svgIn(page, '#trajectory-figure');
  check('kepler: trajectory figure drawn (in the worker) as SVG with its labels', fig && fig.paths > 5 && fig.texts > 5, JSON.stringify(fig));
  speed.estimate = t.estimate_ms;
  check(`kepler: estimate in ${t.estimate_ms.toFixed(1)} ms < ${LIMIT.estimate} ms`, t.estimate_ms < LIMIT.estimate);
  check('kepler: no reach map without a site', !(await visible(page, '#reach')));
  const svgDl = await downloaded(page, '[data-download="trajectory"][data-format="svg"]');
  check('take away: trajectory figure as SVG', /\.svg$/.test(svgDl.name) && svgDl.bytes.toString().includes('<svg'), svgDl.name);
  const pngDl = await downloaded(page, '[data-download="trajectory"][data-format="png"]');
  check('take away: trajectory figure as PNG', /\.png$/.test(pngDl.name) && pngDl.bytes.slice(1, 4).toString() === 'PNG',
    `${pngDl.name}, ${pngDl.bytes.length} bytes`);
  await page.click('input[name="unit"][value="mi"]');
  const miles = (await text(page, '[data-testid="headline"]')).trim();
  check('km/mi switch: the headline in miles', /6,203 mi/.test(miles) && !/ km\b/.test(miles), miles);
  await page.click('input[name="unit"][value="km"]');

  // 1b. Warnings beside the headline (an inconsistent flight time), before the status says done.
  await runForm(page, { apogee: '4475km', range: '950km', flight_time: '20min', model: 'kepler' });
  const warn = await page.evaluate(() => {
    const a = document.getElementById('warnings');
    const h = document.querySelector('[data-testid="headline"]').getBoundingClientRect();
    const w = a.getBoundingClientRect();
    return { shown: !a.hidden, text: a.innerText, beside: Math.abs(w.top - h.top) < 5 && w.left > h.right - 1 };
  });
  check('warnings: beside the headline', warn.shown && /inconsistent/.test(warn.text) && warn.beside, JSON.stringify(warn));
  await page.screenshot({ path: path.join(OUT, 'desktop-warning.png'), fullPage: false });

  // 1c. Values as people write them (the library reads them): the same answer as 4475km, 950km, 53min, 90.
  await runForm(page, { apogee: '4475km', range: '950km', flight_time: '53min', model: 'rotating', site: 'pyongsong', test_azimuth: '90' });
  const plainRange = await page.evaluate(() => window.loftrange.estimate.standard.range_km);
  await runForm(page, { apogee: '4,475 km', range: '950 kilometres', flight_time: '53 minutes', model: 'rotating', site: 'pyongsong',
    test_azimuth: 'east' });
  const wordsRange = await page.evaluate(() => window.loftrange.estimate.standard.range_km);
  check('input: "4,475 km", "950 kilometres", "53 minutes", "east" give the answer of 4475km, 950km, 53min, 90',
    wordsRange === plainRange && !(await page.isVisible('[data-testid="error"]')), `${wordsRange} vs ${plainRange}`);
  await runForm(page, { apogee: '4475km', range: '950km', flight_time: '1 h 14 min', model: 'kepler' });
  const ft = await page.evaluate(() => JSON.stringify(window.loftrange.estimate.input || {}));
  check('input: "1 h 14 min" accepted as 4,440 s', /4440/.test(ft) && !(await page.isVisible('[data-testid="error"]')), ft.slice(0, 200));

  // 2. Rotating Earth from Pyongsong toward 90 deg with targets: the CLI's numbers, the map.
  t = await runForm(page, { apogee: '4475km', range: '950km', flight_time: '53min', model: 'rotating', site: 'pyongsong',
    test_azimuth: '90', azimuths: '270', targets: 'washington; Tokyo, JP' });
  report = await text(page, '#report');
  const east = grouped(expect.rotating_range_km);
  check('rotating: the CLI\'s report, word for word', report === expect.rotating_text, firstDifference(report, expect.rotating_text));
  headline = (await text(page, '[data-testid="headline"]')).trim();
  check(`rotating: the headline gives ${east} km and each target's verdict`,
    headline.includes(`${east} km`) && /Washington/.test(headline) && /Tokyo/.test(headline), headline);
  const reachText = await text(page, '#reach-report');
  check('rotating: the CLI\'s reach report, word for word', reachText === expect.reach_text, firstDifference(reachText, expect.reach_text));
  const map = await page.evaluate(() => {
    const svg = document.querySelector('[data-testid="map"] svg');
    if (!svg) return null;
    const label = (n) => [...svg.querySelectorAll('.marks g')].find((g) => g.dataset.name.startsWith(n));
    const lab = label('Washington');
    const labText = lab && lab.querySelector('text');
    const r = labText && labText.getBoundingClientRect();
    return {
      borders: (svg.querySelector('.borders')?.getAttribute('d') || '').length,
      contour: (svg.querySelector('.contour')?.getAttribute('d') || '').length,
      places: svg.querySelectorAll('.places circle').length,
      washington: labText ? labText.textContent : null,
      tokyo: label('Tokyo') ? label('Tokyo').querySelector('text').textContent : null,
      labelPx: r ? r.height : 0,
      width: svg.getBoundingClientRect().width,
    };
  });
  check('map: country borders, the reach contour and every place drawn',
    map && map.borders > 10000 && map.contour > 500 && map.places > 200, JSON.stringify(map && { ...map, washington: undefined }));
  check('map: the targets marked and labelled with their verdicts',
    map && /Washington/.test(map.washington || '') && /Tokyo/.test(map.tokyo || '') && map.labelPx >= 12,
    `${map && map.washington} | ${map && map.tokyo} | ${map && map.labelPx.toFixed(1)} px`);
  const geo = JSON.parse(await page.evaluate(() => window.loftrange.reach && JSON.stringify(window.loftrange.reach)));
  speed.rotatingEstimate = t.estimate_ms;
  speed.reach = t.reach_ms;
  check(`rotating: reach map in ${t.reach_ms.toFixed(0)} ms < ${LIMIT.reach} ms (in the worker)`, t.reach_ms < LIMIT.reach);
  // Search any embedded place: in or out, by how much (the library's margin for it).
  await page.fill('#place-search', 'Seattle, US');
  await page.dispatchEvent('#place-search', 'change');
  const seattle = await text(page, '#place-info');
  const seattleFeature = await page.evaluate(() => window.loftrange.reach && null);
  check('map: searching Seattle (the list\'s "Seattle, United States" or "Seattle, US") says in or out of reach and by how much', /^Seattle \([^)]+\): (in reach, with [\d,]+ km to spare|out of reach by [\d,]+ km)/.test(seattle), seattle);
  const zoomed = await page.evaluate(() => document.querySelector('[data-testid="map"] svg g').getAttribute('transform'));
  check('map: the search zooms to the place', /scale\((\d+(\.\d+)?)\)/.test(zoomed || '') && Number(zoomed.match(/scale\(([\d.]+)/)[1]) >= 3, zoomed);
  await page.click('#zoom-reset');
  await page.click('#zoom-in');
  const z2 = await page.evaluate(() => document.querySelector('[data-testid="map"] svg g').getAttribute('transform'));
  check('map: zoom buttons', /scale\(2\)/.test(z2 || ''), z2);
  await page.click('#zoom-reset');
  // Clicking a dot: the verdict of that place.
  const dot = await page.evaluate(() => {
    const c = [...document.querySelectorAll('[data-testid="map"] .places circle.in')][0];
    return c ? c.querySelector('title').textContent : null;
  });
  await page.locator('[data-testid="map"] .places circle.in').first().dispatchEvent('click');
  const clicked = await text(page, '#place-info');
  check('map: clicking a place gives its verdict', dot && clicked.startsWith(dot) && /in reach/.test(clicked), `${dot}: ${clicked}`);
  const gj = await downloaded(page, '#dl-geojson');
  const parsed = JSON.parse(gj.bytes.toString());
  const kinds = new Set(parsed.features.map((f) => f.properties.kind));
  check('take away: the map as GeoJSON (contour, site, targets, places)', parsed.type === 'FeatureCollection'
    && ['reach_contour', 'launch_site', 'target', 'place'].every((k) => kinds.has(k)), `${gj.name}: ${[...kinds].join(', ')}`);
  const kml = await downloaded(page, '#dl-kml');
  check('take away: the map as KML', /\.kml$/.test(kml.name) && kml.bytes.toString().includes('<kml'), kml.name);
  const csv = await downloaded(page, '#dl-csv');
  const rows = csv.bytes.toString().trim().split('\r\n');
  const places = parsed.features.filter((f) => f.properties.kind === 'place').length;
  check('take away: every place judged, as CSV', rows[0].startsWith('name,country,kind') && rows.length - 1 === places,
    `${csv.name}: ${rows.length - 1} rows, ${places} places in the GeoJSON`);
  fig = await svgIn(page, '#reach-figure');
  check('rotating: the reach map figure (SVG) drawn in the worker', fig && fig.paths > 20 && fig.texts > 10, JSON.stringify(fig));
  const inside = await page.evaluate(() => {
    const svg = document.querySelector('#reach-figure svg');
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].filter((t) => {
      const r = t.getBoundingClientRect();
      return !(r.left >= box.left - 1 && r.right <= box.right + 1);
    }).map((t) => t.textContent);
  });
  check('figures drawn in the worker: every label of the reach map figure inside it (text measured there)', inside.length === 0, inside.join(' | '));
  const words = await pageText(page);
  const flags = words.match(/(^|\s)--[a-z][a-z-]*/g);
  check('plain words: no flag names in what the page shows', !flags, flags && flags.join(' '));
  await page.screenshot({ path: path.join(OUT, 'desktop-rotating.png'), fullPage: true });
  await page.locator('[data-testid="map"]').screenshot({ path: path.join(OUT, 'map-rotating.png') });
  await axe(page, 'desktop, rotating with a map');

  // 3. Monte Carlo, 2,000 samples on the rotating model, with progress named by its step.
  await page.fill('[name="apogee"]', '4475+-50km');
  const before = await page.evaluate(() => window.loftrange.runs);
  await page.evaluate(() => {
    window.__statuses = [];
    window.__watch = new MutationObserver(() => window.__statuses.push([window.loftrange.step, document.getElementById('status').textContent]));
    window.__watch.observe(document.getElementById('status'), { childList: true, characterData: true, subtree: true });
  });
  await page.click('[data-testid="estimate"]');
  await page.waitForFunction(() => document.getElementById('progress').value > 0, null, { timeout: 30000 });
  const typed0 = Date.now();
  await page.fill('[name="beta"]', '2000'); // input accepted while the samples run
  const typeMs = Date.now() - typed0;
  await page.waitForFunction((b) => window.loftrange.runs > b && !window.loftrange.busy, before, { timeout: 120000 });
  await page.fill('[name="beta"]', '');
  const statuses = await page.evaluate(() => { window.__watch.disconnect(); return window.__statuses; });
  t = await page.evaluate(() => ({ ...window.loftrange.timings }));
  speed.monteCarlo = t.monte_carlo_ms;
  speed.longestChunk = t.monte_carlo_longest_chunk_ms;
  check(`Monte Carlo: ${t.monte_carlo_samples} samples in ${t.monte_carlo_ms.toFixed(0)} ms < ${LIMIT.monteCarlo} ms`,
    t.monte_carlo_samples === 2000 && t.monte_carlo_ms < LIMIT.monteCarlo);
  const mcStatuses = statuses.filter(([step]) => step === 'monte-carlo').map(([, s]) => s);
  const counts = new Set(mcStatuses.filter((s) => /Monte Carlo, [\d,]+ of 2,000 samples/.test(s)));
  check('progress: the step named as it runs (Monte Carlo with its count, never the reach map\'s name)',
    counts.size > 5 && mcStatuses.every((s) => !/reach map/i.test(s)) && statuses.some(([step, s]) => step === 'reach' && /reach map/.test(s)),
    `${counts.size} Monte Carlo counts; ${[...new Set(statuses.map(([, s]) => s.replace(/[\d,]+ of/, 'N of')))].join(' | ')}`);
  check(`Monte Carlo: typing while it runs (${typeMs} ms)`, typeMs < 1000);
  const mc = await page.evaluate(() => window.loftrange.monteCarlo);
  check('Monte Carlo: median equals the CLI\'s --samples 2000 (sample i depends on seed and i only)',
    Math.abs(mc.p50_km - expect.mc_p50_km) < 1e-6, `${mc.p50_km} vs ${expect.mc_p50_km}`);
  fig = await svgIn(page, '#histogram-figure');
  check('Monte Carlo: histogram drawn as SVG', fig && fig.paths > 10, JSON.stringify(fig));
  const mcSummary = await text(page, '#mc-summary');
  check('Monte Carlo: summary in words', /median [\d,]+ km, 90% of the samples between/.test(mcSummary), mcSummary);
  await page.screenshot({ path: path.join(OUT, 'desktop-monte-carlo.png'), fullPage: true });

  // 3b. Model boost with the generic vehicle: the page's Monte Carlo is the command line's.
  t = await runForm(page, { apogee: '4475+-50km', range: '950+-20km', model: 'boost', samples: '40', seed: '7' });
  speed.boostEstimate = t.estimate_ms;
  speed.boostMonteCarlo = t.monte_carlo_ms;
  const pageSource = (s) => s.replace(' inputs from command line\n', " inputs from the page's inputs\n");
  const boostText = await text(page, '#mc-report');
  check('boost Monte Carlo: the CLI\'s text for --model boost --samples 40 --seed 7, word for word',
    boostText === pageSource(expect.boost_mc_text), firstDifference(boostText, pageSource(expect.boost_mc_text)));
  const boostJson = await page.evaluate(() => window.loftrange.monteCarlo);
  const diff = jsonDifference(boostJson, { ...expect.boost_mc_json, uncertainty_source: "the page's inputs" });
  check('boost Monte Carlo: the CLI\'s JSON (numbers to 1e-9 relative)', diff.problems.length === 0,
    diff.problems.length ? diff.problems.slice(0, 3).join('; ') : `largest relative difference ${diff.maxRelative.toExponential(1)}`);

  // 4. Never frozen: earth + beta 500 in the worker, no long task on the page's thread;
  // Cancel stops a run and the next one works.
  await runForm(page, { apogee: '4475km', range: '950km', flight_time: '53min', model: 'kepler' });
  await page.evaluate(() => {
    window.__long = [];
    window.__longObserver = new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); });
    window.__longObserver.observe({ type: 'longtask' });
  });
  t = await runForm(page, { apogee: '4475+-50km', range: '950km', flight_time: '53min', model: 'earth', beta: '500',
    site: 'pyongsong', test_azimuth: '90', samples: '200' });
  const long = await page.evaluate(() => new Promise((r) => setTimeout(() => { window.__longObserver.disconnect(); r(window.__long); }, 300)));
  const earthRange = await page.evaluate(() => window.loftrange.estimate && window.loftrange.estimate.standard.range_km);
  // The run must be longer than a long task, or the check would prove nothing.
  const work = t.estimate_ms + (t.reach_ms || 0) + (t.monte_carlo_ms || 0);
  check(`never frozen: earth + beta 500 with its reach map and 200 Monte Carlo samples (${work.toFixed(0)} ms in the worker, more than ${LONG_TASK_MS} ms), `
    + `no task over ${LONG_TASK_MS} ms on the page's thread`,
    earthRange > 0 && Math.round(earthRange) !== 9983 && work > LONG_TASK_MS && long.every((d) => d < LONG_TASK_MS),
    `long tasks: ${long.map((d) => d.toFixed(0)).join(', ') || 'none'}; range ${earthRange && earthRange.toFixed(0)} km`);
  speed.earthBeta = work;
  await page.fill('[name="samples"]', ''); // earth + beta and 2,000 samples: a long run
  await page.click('[data-testid="estimate"]');
  await page.waitForSelector('#cancel:not([hidden])');
  const t0 = Date.now();
  await page.click('#cancel');
  const cancelled = await text(page, '#status');
  check('cancel: stops the run at once', /Cancelled/.test(cancelled) && Date.now() - t0 < 1000 && !(await page.evaluate(() => window.loftrange.busy)), cancelled);
  await runForm(page, { apogee: '4475km', range: '950km', flight_time: '53min', model: 'kepler' });
  check('cancel: the next run works (a new worker)',
    Math.round(await page.evaluate(() => window.loftrange.estimate.standard.range_km)) === 9983);

  // 5. The form shows everything the answer uses: a picked test fills every field visibly,
  // shows its sources, and the same visible values typed by hand give the same answer.
  await fresh(page);
  await page.selectOption('[data-testid="catalog"]', '2017-11-28-hwasong15-kcna');
  const picked = await visibleValues(page);
  check('catalog: picking 2017-11-28-hwasong15-kcna fills apogee, range, flight time, site, direction and model',
    /^4475\s*km$/.test(picked.apogee) && /^950\s*km$/.test(picked.range) && picked['flight-time'] !== '' && picked.site !== ''
      && picked['test-azimuth'] !== '' && picked.model === 'rotating', JSON.stringify(picked));
  const info = await text(page, '#catalog-info');
  check('catalog: the entry\'s source, site and notes shown', /KCNA/.test(info) && /Launch site/.test(info)
    && (await page.locator('#catalog-info a').count()) > 0, info.slice(0, 160));
  await submit(page);
  const pickedRange = await page.evaluate(() => window.loftrange.estimate.standard.range_km);
  const pickedHeadline = (await text(page, '[data-testid="headline"]')).trim();
  check('catalog: the picked test gives the CLI\'s --test 2017-11-28-hwasong15-kcna range',
    Math.abs(pickedRange - expect.catalog_range_km) < 1e-6, `${pickedRange} vs ${expect.catalog_range_km}`);
  await fresh(page);
  await page.fill('[data-testid="apogee"]', picked.apogee);
  await page.fill('[data-testid="range"]', picked.range);
  await page.fill('[data-testid="flight-time"]', picked['flight-time']);
  await page.fill('[data-testid="site"]', picked.site);
  await page.fill('[data-testid="test-azimuth"]', picked['test-azimuth']);
  await page.selectOption('[data-testid="model"]', picked.model);
  await submit(page);
  const typedRange = await page.evaluate(() => window.loftrange.estimate.standard.range_km);
  const typedHeadline = (await text(page, '[data-testid="headline"]')).trim();
  check('catalog: the same visible values typed by hand in a fresh page give the same answer (range and headline)',
    typedRange === pickedRange && typedHeadline === pickedHeadline, `${typedRange} vs ${pickedRange}; "${typedHeadline}" vs "${pickedHeadline}"`);
  await runForm(page, { apogee: '3000km', range: '800km', model: 'rotating', site: 'pyongyang', test_azimuth: '120' });
  await page.selectOption('[data-testid="catalog"]', '2017-07-28-hwasong14-kcna');
  await submit(page);
  await page.screenshot({ path: path.join(OUT, 'desktop-catalog.png'), fullPage: false });
  const hs14 = await page.evaluate(() => window.loftrange.estimate.standard.range_km);
  check('catalog: picking Hwasong-14 2017-07-28 after a hand-typed case gives the catalog\'s answer',
    Math.abs(hs14 - expect.hs14_range_km) < 1e-6, `${grouped(hs14)} vs ${grouped(expect.hs14_range_km)} km`);
  await page.fill('[data-testid="site"]', '');
  await page.dispatchEvent('[data-testid="site"]', 'input');
  check('catalog: editing a filled field turns the picker back to "None" (no hidden value)',
    (await page.inputValue('[data-testid="catalog"]')) === '');

  // 6. Bad input: one line next to the field, in the page's words.
  await runForm(page, { apogee: '-5km', range: '950km' });
  const msg = (await text(page, 'output[data-for="apogee"]')).trim();
  check('bad input: one line next to the apogee field, named by its label', /^Apogee: /.test(msg) && !msg.includes('\n'), msg);
  check('bad input: the library\'s value and reason, no flag name', msg.includes('-5 km') && !/--/.test(msg)
    && msg.endsWith(expect.bad_apogee_message.replace(/^[^:]*: -5 km is not accepted: /, '')), `CLI: ${expect.bad_apogee_message}`);
  check('bad input: shown in the error area too', (await text(page, '[data-testid="error"]')).trim() === msg);
  check('bad input: no result shown', !(await visible(page, '#answer')) && !(await visible(page, '#reach')));
  check('bad input: the field is marked', (await page.getAttribute('[name="apogee"]', 'aria-invalid')) === 'true');
  await runForm(page, { apogee: '4475km' });
  const missingRange = (await text(page, '[data-testid="error"]')).trim();
  check('bad input: a missing value named by its label, no command-line words', /Ground range/.test(missingRange)
    && !/--|loftrange /.test(missingRange), missingRange);

  // 7. Global reach: 6000 km apogee, 1000 km range from Pyongyang toward 90 deg.
  await runForm(page, { apogee: '6000km', range: '1000km', model: 'rotating', site: 'pyongyang', test_azimuth: '90' });
  headline = (await text(page, '[data-testid="headline"]')).trim();
  check('global reach: the headline says so', /global reach/.test(headline), headline);
  const globalPaths = await page.evaluate(() => document.querySelectorAll('[data-testid="map"] .global').length);
  check('global reach: the sectors drawn on the map', globalPaths > 0);
  await page.screenshot({ path: path.join(OUT, 'desktop-global-reach.png'), fullPage: true });

  // 8. The link: copied, it reopens the same inputs and result (on a phone).
  await page.click('#copy-link');
  await page.waitForFunction(() => window.loftrange.link, null, { timeout: 10000 }).catch(() => {});
  const copied = await text(page, '#copy-link');
  const href = await page.evaluate(() => window.loftrange.link);
  check('copy link: a visible button that says "Link copied"', copied === 'Link copied', `${copied}: ${href}`);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true });
  const page2 = await phone.newPage();
  watch(page2);
  await page2.goto(href);
  await page2.waitForFunction(() => window.loftrange && window.loftrange.runs > 0 && !window.loftrange.busy, null, { timeout: 60000 });
  check('copy link: reopens with the inputs and the result', (await page2.inputValue('[name="apogee"]')) === '6000km'
    && /global reach/.test(await text(page2, '[data-testid="headline"]')), href);

  // 9. Phone width: the result in view after Estimate, no horizontal overflow, a readable map.
  await page2.evaluate(() => window.scrollTo(0, 0));
  await runForm(page2, { apogee: '4475km', range: '950km', flight_time: '53min', model: 'rotating', site: 'pyongsong',
    test_azimuth: '90', targets: 'washington; Tokyo, JP' });
  const inView = await page2.evaluate(() => {
    const r = document.querySelector('[data-testid="headline"]').getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, h: window.innerHeight };
  });
  check('phone: the answer scrolls into view', inView.top >= 0 && inView.top < inView.h * 0.6, JSON.stringify(inView));
  await page2.screenshot({ path: path.join(OUT, 'phone-answer.png'), fullPage: false });
  await page2.click('summary:has-text("full report")');
  const overflow = await page2.evaluate(() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    cut: [...document.querySelectorAll('pre')].filter((p) => p.offsetParent && p.scrollWidth > p.clientWidth + 1).length,
  }));
  check('phone: no horizontal overflow, reports wrapped (none cut at the right edge)', overflow.page <= 0 && overflow.cut === 0, JSON.stringify(overflow));
  const phoneMap = await page2.evaluate(() => {
    const svg = document.querySelector('[data-testid="map"] svg');
    const l = [...svg.querySelectorAll('.marks text')].map((t) => t.getBoundingClientRect());
    return { width: svg.getBoundingClientRect().width, labels: l.length, minPx: Math.min(...l.map((r) => r.height)) };
  });
  check('phone: the map fits the screen, its labels readable (12 px or more)', phoneMap.width <= 390 && phoneMap.labels >= 3
    && phoneMap.minPx >= 12, JSON.stringify(phoneMap));
  const listed = await page2.evaluate(() => [...document.querySelectorAll('#target-verdicts li')].map((l) => l.textContent));
  check('phone: each target\'s verdict listed under the map', listed.length === 2 && /^Washington/.test(listed[0]) && /out of reach by [\d,]+ km/.test(listed[0])
    && /^Tokyo/.test(listed[1]) && /in reach/.test(listed[1]), listed.join(' | '));
  await page2.screenshot({ path: path.join(OUT, 'phone-full.png'), fullPage: true });
  await page2.locator('#reach').screenshot({ path: path.join(OUT, 'phone-map.png') });
  await axe(page2, 'phone, rotating with a map');
  await runForm(page2, { apogee: '-5km', range: '950km' });
  await page2.screenshot({ path: path.join(OUT, 'phone-bad-input.png'), fullPage: false });

  check('no console errors', consoleErrors.length === 0, consoleErrors.join(' | '));
  check('no request leaves the page\'s host', offsite.length === 0, offsite.join(' '));
  await browser.close();

  console.log(`web speed (this machine's Chromium, in the worker): seed estimate ${speed.estimate.toFixed(1)} ms, `
    + `rotating estimate ${speed.rotatingEstimate.toFixed(1)} ms, rotating reach map ${speed.reach.toFixed(0)} ms, `
    + `2,000-sample rotating Monte Carlo ${speed.monteCarlo.toFixed(0)} ms (longest step ${speed.longestChunk.toFixed(0)} ms), `
    + `boost estimate ${speed.boostEstimate.toFixed(0)} ms, 40-sample boost model Monte Carlo `
    + `${speed.boostMonteCarlo.toFixed(0)} ms, earth + beta 500 estimate, reach map and 200 samples ${speed.earthBeta.toFixed(0)} ms`);
  console.log(`screenshots in ${OUT}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
