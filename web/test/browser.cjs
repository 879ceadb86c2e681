// The web page in a real browser (Debian's Chromium, headless, driven by playwright-core).
// Run by web/test.sh, which builds the page, serves web/www on 127.0.0.1 and passes:
//   PLAYWRIGHT_CORE  path of the playwright-core package
//   PAGE_URL         the served page
//   OUT_DIR          where screenshots go
//   EXPECT_JSON      what the command line (the same library, native) printed for the cases
// Prints one line per check and closes with "N passed, M failed".
'use strict';
const { chromium } = require(process.env.PLAYWRIGHT_CORE);
const path = require('path');

const URL = process.env.PAGE_URL;
const OUT = process.env.OUT_DIR;
const expect = JSON.parse(process.env.EXPECT_JSON);
// Speed limits in the page (issue 12): ms.
const LIMIT = { estimate: 100, reach: 500, monteCarlo: 5000 };

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
  await page.click('summary'); // open "More options"
}

// Fill the form (absent keys are cleared), submit, wait for the run to end.
async function runForm(page, inputs) {
  const names = ['apogee', 'range', 'flight_time', 'site', 'test_azimuth', 'azimuths', 'targets', 'beta',
    'burnout_speed', 'burnout_altitude', 'samples', 'seed'];
  for (const n of names) await page.fill(`[name="${n}"]`, inputs[n] || '');
  await page.selectOption('[name="model"]', inputs.model || '');
  await page.selectOption('[name="test"]', inputs.test || '');
  const before = await page.evaluate(() => window.loftrange.runs);
  await page.click('#run');
  await page.waitForFunction((b) => window.loftrange.runs > b && !window.loftrange.busy, before,
    { timeout: 60000 });
  return page.evaluate(() => ({ ...window.loftrange.timings }));
}

const text = (page, sel) => page.textContent(sel);
const visible = (page, sel) => page.isVisible(sel);
const svgIn = (page, sel) => page.evaluate((s) => {
  const svg = document.querySelector(`${s} svg`);
  return svg ? { paths: svg.querySelectorAll('path, polyline, polygon, line, rect, circle').length,
    texts: svg.querySelectorAll('text').length, width: svg.getBoundingClientRect().width } : null;
}, sel);

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const offsite = [];
  page.on('request', (r) => { if (!r.url().startsWith(URL.replace(/\/[^/]*$/, ''))) offsite.push(r.url()); });
  const speed = {};

  // 1. The README's case under kepler: 9,983 km (the closed form; Wright's 2017 estimate ~10,000 km).
  await fresh(page);
  let t = await runForm(page, { apogee: '4475km', range: '950km', flight_time: '53min', model: 'kepler' });
  let report = await text(page, '#report');
  check('kepler: standard range 9,983 km', /range\s+9,983 km/.test(report), report.match(/\n  range\s+[^\n]*/)?.[0].trim());
  check('kepler: the CLI\'s report, word for word', report === expect.kepler_text);
  let fig = await svgIn(page, '#trajectory-figure');
  check('kepler: trajectory figure drawn as SVG', fig && fig.paths > 5 && fig.texts > 5, JSON.stringify(fig));
  speed.estimate = t.estimate_ms;
  check(`kepler: estimate in ${t.estimate_ms.toFixed(1)} ms < ${LIMIT.estimate} ms`, t.estimate_ms < LIMIT.estimate);
  check('kepler: no reach map without a site', !(await visible(page, '#reach')));

  // 2. Rotating Earth from Pyongsong toward 90 deg: the CLI's number, reach map with places.
  t = await runForm(page, { apogee: '4475km', range: '950km', flight_time: '53min', site: 'pyongsong',
    test_azimuth: '90', azimuths: '270', targets: 'washington; Tokyo, JP' });
  report = await text(page, '#report');
  const east = grouped(expect.rotating_range_km);
  check(`rotating: standard range ${east} km (the CLI's)`, report.includes(`${east} km`),
    report.match(/\n  range\s+[^\n]*/)?.[0].trim());
  check('rotating: the CLI\'s report, word for word', report === expect.rotating_text);
  fig = await svgIn(page, '#reach-figure');
  check('rotating: reach map drawn as SVG', fig && fig.paths > 20 && fig.texts > 10, JSON.stringify(fig));
  const reachText = await text(page, '#reach-report');
  check('rotating: places in reach listed', /Capitals and large cities within reach: \d+ of \d+/.test(reachText));
  check('rotating: the CLI\'s reach report, word for word', reachText === expect.reach_text);
  speed.rotatingEstimate = t.estimate_ms;
  speed.reach = t.reach_ms;
  check(`rotating: reach map in ${t.reach_ms.toFixed(0)} ms < ${LIMIT.reach} ms`, t.reach_ms < LIMIT.reach);
  await page.screenshot({ path: path.join(OUT, 'desktop-rotating.png'), fullPage: true });
  await page.locator('#trajectory-figure svg').screenshot({ path: path.join(OUT, 'figure-trajectory.png') });
  await page.locator('#reach-figure svg').screenshot({ path: path.join(OUT, 'figure-reach-map.png') });

  // 3. Monte Carlo, 2,000 samples on the rotating model, with progress and a live page.
  await page.fill('[name="apogee"]', '4475+-50km');
  const before = await page.evaluate(() => window.loftrange.runs);
  await page.evaluate(() => {
    // Longest gap between timer ticks while the samples run: the page's responsiveness
    // (the estimate and the reach map before them are single calls, timed above).
    window.__lag = { last: null, max: 0, progress: [] };
    window.__lagTimer = setInterval(() => {
      const now = performance.now();
      const bar = document.getElementById('mc-progress');
      const running = !document.getElementById('mc').hidden && bar.value > 0 && bar.value < bar.max;
      if (running && window.__lag.last !== null) window.__lag.max = Math.max(window.__lag.max, now - window.__lag.last);
      window.__lag.last = running ? now : null;
      if (running) window.__lag.progress.push(bar.value);
    }, 20);
  });
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('mc-progress').value > 0, null, { timeout: 30000 });
  const typed0 = Date.now();
  await page.fill('[name="beta"]', '2000'); // input accepted while the samples run
  const typeMs = Date.now() - typed0;
  const midRun = await page.evaluate(() => window.loftrange.busy);
  await page.waitForFunction((b) => window.loftrange.runs > b && !window.loftrange.busy, before, { timeout: 120000 });
  const lag = await page.evaluate(() => { clearInterval(window.__lagTimer); return window.__lag; });
  await page.fill('[name="beta"]', '');
  t = await page.evaluate(() => ({ ...window.loftrange.timings }));
  speed.monteCarlo = t.monte_carlo_ms;
  speed.longestChunk = t.monte_carlo_longest_chunk_ms;
  speed.maxLag = lag.max;
  check(`Monte Carlo: ${t.monte_carlo_samples} samples in ${t.monte_carlo_ms.toFixed(0)} ms < ${LIMIT.monteCarlo} ms`,
    t.monte_carlo_samples === 2000 && t.monte_carlo_ms < LIMIT.monteCarlo);
  const distinct = new Set(lag.progress).size;
  check('Monte Carlo: progress shown as it runs', distinct > 5, `${distinct} distinct progress values`);
  check(`Monte Carlo: page responsive (longest gap ${lag.max.toFixed(0)} ms, typing ${typeMs} ms)`,
    midRun && lag.max < 250 && typeMs < 1000);
  const mc = await page.evaluate(() => window.loftrange.monteCarlo);
  const p50 = mc.p50_km;
  check('Monte Carlo: median equals the CLI\'s --samples 2000 (sample i depends on seed and i only)',
    Math.abs(p50 - expect.mc_p50_km) < 1e-6, `${p50} vs ${expect.mc_p50_km}`);
  fig = await svgIn(page, '#histogram-figure');
  check('Monte Carlo: histogram drawn as SVG', fig && fig.paths > 10, JSON.stringify(fig));
  await page.screenshot({ path: path.join(OUT, 'desktop-monte-carlo.png'), fullPage: true });
  await page.locator('#histogram-figure svg').screenshot({ path: path.join(OUT, 'figure-histogram.png') });

  // 3b. Model boost with the generic vehicle: the page's Monte Carlo is the command line's,
  // the vehicle's assumptions varied too (the same text and JSON; the page names its inputs
  // "the page's inputs" where the command line says "command line").
  t = await runForm(page, { apogee: '4475+-50km', range: '950+-20km', model: 'boost', samples: '40', seed: '7' });
  speed.boostEstimate = t.estimate_ms;
  speed.boostMonteCarlo = t.monte_carlo_ms;
  speed.boostLongestChunk = t.monte_carlo_longest_chunk_ms;
  const pageSource = (s) => s.replace(' inputs from command line\n', " inputs from the page's inputs\n");
  const boostText = await text(page, '#mc-report');
  check('boost Monte Carlo: varies the vehicle\'s assumptions', boostText.includes('vehicle assumptions varied'));
  check('boost Monte Carlo: the CLI\'s text for --model boost --samples 40 --seed 7, word for word',
    boostText === pageSource(expect.boost_mc_text), firstDifference(boostText, pageSource(expect.boost_mc_text)));
  const boostJson = await page.evaluate(() => window.loftrange.monteCarlo);
  const cliJson = { ...expect.boost_mc_json, uncertainty_source: "the page's inputs" };
  const diff = jsonDifference(boostJson, cliJson);
  check('boost Monte Carlo: the CLI\'s JSON (numbers to 1e-9 relative: wasm\'s and glibc\'s math differ in the last bits)',
    diff.problems.length === 0, diff.problems.length ? diff.problems.slice(0, 3).join('; ')
      : `p05/p50/p95 ${boostJson.p05_km.toFixed(3)}/${boostJson.p50_km.toFixed(3)}/${boostJson.p95_km.toFixed(3)} km, `
        + `largest relative difference ${diff.maxRelative.toExponential(1)}`);
  fig = await svgIn(page, '#histogram-figure');
  check('boost Monte Carlo: histogram drawn as SVG', fig && fig.paths > 10, JSON.stringify(fig));

  // 4. The catalog picker fills the form.
  await fresh(page);
  await page.selectOption('[name="test"]', '2017-11-28-hwasong15-kcna');
  const filled = await page.inputValue('[name="apogee"]');
  check('catalog: picking 2017-11-28-hwasong15-kcna fills apogee 4475 km', /^4475\s*km$/.test(filled), filled);
  const before2 = await page.evaluate(() => window.loftrange.runs);
  await page.click('#run');
  await page.waitForFunction((b) => window.loftrange.runs > b && !window.loftrange.busy, before2);
  report = await text(page, '#report');
  check('catalog: the CLI\'s report for --test 2017-11-28-hwasong15-kcna, word for word',
    report === expect.catalog_text, report.match(/\n  range\s+[^\n]*/)?.[0].trim());

  // 5. Bad input: the CLI's one-line message next to the field, and no result.
  await runForm(page, { apogee: '-5km', range: '950km' });
  const msg = (await text(page, 'output[data-for="apogee"]')).trim();
  check('bad input: one line next to the apogee field', msg.length > 0 && !msg.includes('\n'), msg);
  check('bad input: the CLI\'s message', msg === expect.bad_apogee_message, `CLI: ${expect.bad_apogee_message}`);
  check('bad input: no result shown', !(await visible(page, '#results')) && !(await visible(page, '#reach')));
  check('bad input: the field is marked', (await page.getAttribute('[name="apogee"]', 'aria-invalid')) === 'true');

  // 6. Global reach: 6000 km apogee, 1000 km range from Pyongyang toward 90 deg.
  await runForm(page, { apogee: '6000km', range: '1000km', site: 'pyongyang', test_azimuth: '90' });
  report = await text(page, '#report');
  check('global reach: the estimate says so', /GLOBAL REACH/.test(report), report.match(/\n  range\s+[^\n]*/)?.[0].trim());
  const reach2 = await text(page, '#reach-report');
  check('global reach: the reach report names its bearings', /global reach\s+toward bearings/.test(reach2));
  fig = await svgIn(page, '#trajectory-figure');
  check('global reach: trajectory figure still drawn (lofted test)', fig && fig.paths > 5);
  await page.screenshot({ path: path.join(OUT, 'desktop-global-reach.png'), fullPage: true });
  await page.locator('#reach-figure svg').screenshot({ path: path.join(OUT, 'figure-reach-map-global.png') });
  const titleFits = await page.evaluate(() => {
    const svg = document.querySelector('#reach-figure svg');
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].every((t) => {
      const r = t.getBoundingClientRect();
      return r.left >= box.left - 1 && r.right <= box.right + 1;
    });
  });
  check('global reach: every label of the reach map inside the figure', titleFits);

  // 7. Permalink: the inputs in the fragment give the same result in a new page.
  const href = await page.getAttribute('#permalink', 'href');
  const page2 = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await fresh(page2, href);
  await page2.waitForFunction(() => window.loftrange.runs > 0 && !window.loftrange.busy, null, { timeout: 60000 });
  check('permalink: reopens with the inputs and the result', (await page2.inputValue('[name="apogee"]')) === '6000km'
    && /GLOBAL REACH/.test(await text(page2, '#report')), href);

  // 8. Phone width: nothing wider than the screen but the scrollable reports.
  const overflow = await page2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check('phone: no horizontal overflow of the page', overflow <= 0, `${overflow} px`);
  fig = await svgIn(page2, '#reach-figure');
  check('phone: the reach map fits the screen', fig && fig.width <= 390, JSON.stringify(fig));
  await page2.screenshot({ path: path.join(OUT, 'phone-global-reach.png'), fullPage: true });
  await runForm(page2, { apogee: '4475km', range: '950km', flight_time: '53min', model: 'kepler' });
  await page2.screenshot({ path: path.join(OUT, 'phone-kepler.png'), fullPage: false });
  await fresh(page2);
  await runForm(page2, { apogee: '-5km', range: '950km' });
  await page2.screenshot({ path: path.join(OUT, 'phone-bad-input.png'), fullPage: false });

  check('no console errors', consoleErrors.length === 0, consoleErrors.join(' | '));
  check('no request leaves the page\'s host', offsite.length === 0, offsite.join(' '));
  await browser.close();

  console.log(`web speed (this machine's Chromium): seed estimate ${speed.estimate.toFixed(1)} ms, `
    + `rotating estimate ${speed.rotatingEstimate.toFixed(1)} ms, rotating reach map ${speed.reach.toFixed(0)} ms, `
    + `2,000-sample rotating Monte Carlo ${speed.monteCarlo.toFixed(0)} ms `
    + `(longest step ${speed.longestChunk.toFixed(0)} ms, longest pause of the page ${speed.maxLag.toFixed(0)} ms), `
    + `boost estimate ${speed.boostEstimate.toFixed(0)} ms, 40-sample boost model Monte Carlo `
    + `${speed.boostMonteCarlo.toFixed(0)} ms (longest step ${speed.boostLongestChunk.toFixed(0)} ms)`);
  console.log(`screenshots in ${OUT}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
