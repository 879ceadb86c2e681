// loftrange's computing thread: the wasm module runs here, never on the page's thread, so
// the page stays live through a 5-second estimate; the page stops a run by terminating
// this worker and starting another.
//
// Messages in:  {run: ID, inputs: {...}}
// Messages out: {run: ID, step: 'estimate' | 'reach' | 'monte-carlo', label}   a step starts
//               {run: ID, progress: {done, total}}                          Monte Carlo progress
//               {run: ID, result: 'estimate' | 'reach' | 'monte-carlo', out, ms}
//               {run: ID, done: true} / {run: ID, failed: message}
//               {ready: true, catalog, places} once the module is loaded
//
// plotters (the figures' library) measures text through `window.document` on wasm32: a
// span appended to <body>, read back with offsetWidth/offsetHeight. A worker has no DOM,
// so this file gives it a stand-in that measures with an OffscreenCanvas in the same font
// (the browser's own text metrics, as the DOM would give them), enough for plotters'
// layout; the SVG itself is text the page inserts.

// ---------------------------------------------------------------------------
// The stand-in document (only what plotters' font measure touches)
// ---------------------------------------------------------------------------
const measure = new OffscreenCanvas(1, 1).getContext('2d');

class MeasuredSpan {
  constructor() { this.textContent = ''; this.style = {}; }
  setAttribute(name, value) {
    if (name !== 'style') return;
    for (const decl of String(value).split(';')) {
      const i = decl.indexOf(':');
      if (i > 0) this.style[decl.slice(0, i).trim()] = decl.slice(i + 1).trim();
    }
  }
  font() {
    const s = this.style;
    // plotters writes bold as "font-style:bold" (the page's CSS measures it as bold too).
    const style = s['font-style'] === 'bold' ? 'bold' : (s['font-style'] === 'normal' ? '' : (s['font-style'] || ''));
    return `${style} ${s['font-size'] || '10px'} ${s['font-family'] || 'sans-serif'}`.trim();
  }
  metrics() {
    measure.font = this.font();
    return measure.measureText(this.textContent);
  }
  get offsetWidth() { return Math.round(this.metrics().width); }
  get offsetHeight() {
    const m = this.metrics();
    return Math.round(m.fontBoundingBoxAscent + m.fontBoundingBoxDescent);
  }
  remove() {}
}
const standIn = {
  body: { append() {}, appendChild() {} },
  createElement() { return new MeasuredSpan(); },
};
globalThis.document = standIn;
globalThis.Window = class { static [Symbol.hasInstance](o) { return o === globalThis; } };
globalThis.HTMLElement = class { static [Symbol.hasInstance](o) { return o instanceof MeasuredSpan; } };
globalThis.Element = globalThis.HTMLElement;
globalThis.Node = class { static [Symbol.hasInstance](o) { return o instanceof MeasuredSpan || o === standIn.body; } };

// ---------------------------------------------------------------------------
// The runs
// ---------------------------------------------------------------------------
// Monte Carlo samples per step between progress messages.
const MC_CHUNK = 25;

const engineReady = import('./pkg/loftrange_web.js').then(async (engine) => {
  await engine.default();
  return engine;
});

function timed(fn) {
  const t0 = performance.now();
  const out = JSON.parse(fn());
  return [out, performance.now() - t0];
}

async function run(id, inputs) {
  const engine = await engineReady;
  const text = JSON.stringify(inputs);
  const post = (m) => postMessage({ run: id, ...m });
  post({ step: 'estimate', label: 'Solving the lofted test and the standard trajectory' });
  const [est, ms] = timed(() => engine.estimate(text));
  post({ result: 'estimate', out: est, ms });
  if (!est.ok) return;
  if (est.has_site) {
    post({ step: 'reach', label: 'Sweeping every launch direction for the reach map' });
    const [reach, rms] = timed(() => engine.reach(text));
    post({ result: 'reach', out: reach, ms: rms });
  }
  if (est.monte_carlo) {
    const t0 = performance.now();
    post({ step: 'monte-carlo', label: 'Monte Carlo' });
    const mc = new engine.MonteCarloRun(text);
    try {
      const total = mc.total();
      let longest = 0;
      post({ progress: { done: 0, total } });
      while (mc.done() < total) {
        const c0 = performance.now();
        const done = mc.step(MC_CHUNK);
        longest = Math.max(longest, performance.now() - c0);
        post({ progress: { done, total } });
      }
      const out = JSON.parse(mc.finish());
      post({ result: 'monte-carlo', out, ms: performance.now() - t0, longest, samples: total });
    } finally {
      mc.free();
    }
  }
}

onmessage = async (ev) => {
  const { run: id, inputs } = ev.data;
  try {
    await run(id, inputs);
    postMessage({ run: id, done: true });
  } catch (e) {
    // The Monte Carlo's constructor throws the error object as JSON text on bad input.
    let out = null;
    try { out = JSON.parse(String(e)); } catch (_) { /* not JSON: a bug */ }
    postMessage({ run: id, failed: out || { ok: false, error: `internal error: ${e.message || e}`, field: null } });
  }
};

engineReady.then((engine) => {
  postMessage({ ready: true, catalog: JSON.parse(engine.catalog()), places: JSON.parse(engine.places()) });
}, (e) => postMessage({ loadFailed: String(e.message || e) }));
