// The reach map: the library's GeoJSON (contour, global-reach directions, the non-rotating
// circle, the site, the targets, every embedded place judged) over the country borders
// (world-atlas, Natural Earth), drawn with d3 (served from vendor/, loaded by index.html),
// with pan and zoom. The regions are the library's planar polygons (split at the
// antimeridian), so they are projected point by point, not as spherical polygons.
/* global d3, topojson */

let borders = null; // the countries, once loaded
let state = null;
let baseCache = null; // the projected borders for one width // the current map: { svg, zoom, features, places, opts }

const LABEL_PX = 13; // labels' size on screen, whatever the zoom
const MAX_ZOOM = 40;

async function loadBorders() {
  if (!borders) {
    borders = fetch('vendor/countries-50m.json')
      .then((r) => r.json())
      .then((topo) => ({
        countries: topojson.feature(topo, topo.objects.countries),
        mesh: topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b),
      }));
  }
  return borders;
}

const kindOf = (f) => f.properties.kind;

// A planar polygon (rings of [lon, lat]) as an SVG path through the projection.
function planarPath(projection, geometry) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates]
    : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  let d = '';
  for (const poly of polys) {
    for (const ring of poly) {
      // Long planar edges (along the antimeridian or a pole) densified to 1 degree, so they
      // follow the projection's curved edges.
      const pts = [];
      ring.forEach((p, i) => {
        if (i > 0) {
          const q = ring[i - 1];
          const n = Math.ceil(Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1])));
          for (let k = 1; k < n; k += 1) pts.push([q[0] + ((p[0] - q[0]) * k) / n, q[1] + ((p[1] - q[1]) * k) / n]);
        }
        pts.push(p);
      });
      pts.forEach((p, i) => {
        const [x, y] = projection(p);
        d += `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
      });
      d += 'Z';
    }
  }
  return d;
}

function placeKey(p) {
  return `${p.name}, ${p.country}`.toLowerCase();
}

export async function drawMap(container, features, opts) {
  const { countries, mesh } = await loadBorders();
  const width = Math.max(280, Math.round(container.clientWidth || 800));
  const height = Math.round(width * 0.52);
  const projection = d3.geoNaturalEarth1().fitExtent([[2, 2], [width - 2, height - 2]], { type: 'Sphere' });
  const geoPath = d3.geoPath(projection);
  const previous = opts.keepView && state ? d3.zoomTransform(state.svg.node()) : d3.zoomIdentity;

  const svg = d3.create('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', 'Reach map: the region in reach from the launch site, the places checked and every embedded place');
  const g = svg.append('g');
  // The base map's paths depend on the width only: projected once per width.
  if (!baseCache || baseCache.width !== width) {
    baseCache = { width, sphere: geoPath({ type: 'Sphere' }), graticule: geoPath(d3.geoGraticule10()),
      land: geoPath(countries), borders: geoPath(mesh) };
  }
  g.append('path').attr('class', 'ocean').attr('d', baseCache.sphere);
  g.append('path').attr('class', 'graticule').attr('d', baseCache.graticule);
  g.append('path').attr('class', 'land').attr('d', baseCache.land);
  g.append('path').attr('class', 'borders').attr('d', baseCache.borders);

  const of = (k) => features.filter((f) => kindOf(f) === k);
  for (const f of of('global_reach')) g.append('path').attr('class', 'global').attr('d', planarPath(projection, f.geometry));
  for (const f of of('reach_contour')) g.append('path').attr('class', 'contour').attr('d', planarPath(projection, f.geometry));
  for (const f of of('non_rotating_circle')) {
    if (f.geometry) g.append('path').attr('class', 'circle').attr('d', planarPath(projection, f.geometry));
  }
  g.append('path').attr('class', 'sphere-edge').attr('d', baseCache.sphere);

  // Every place, judged: a dot to click.
  const places = of('place').filter((f) => f.geometry && f.geometry.type === 'Point');
  const dots = g.append('g').attr('class', 'places').selectAll('circle').data(places).join('circle')
    .attr('class', (f) => (f.properties.in_reach ? 'in' : 'out'))
    .attr('cx', (f) => projection(f.geometry.coordinates)[0])
    .attr('cy', (f) => projection(f.geometry.coordinates)[1])
    .on('click', (ev, f) => pick(f));
  dots.append('title').text((f) => `${f.properties.name} (${f.properties.country})`);

  // The launch site and the user's targets: always marked and labelled.
  const marks = [...of('launch_site'), ...of('target')].filter((f) => f.geometry);
  const marked = g.append('g').attr('class', 'marks').selectAll('g').data(marks).join('g')
    .attr('class', (f) => (kindOf(f) === 'launch_site' ? 'site' : (f.properties.in_reach ? 'target in' : 'target out')))
    .attr('data-name', (f) => f.properties.name)
    .on('click', (ev, f) => pick(f));
  marked.append('path');
  marked.append('text').attr('class', 'label').text((f) => markLabel(f, opts, width));

  const selected = g.append('g').attr('class', 'selected');

  const zoom = d3.zoom().scaleExtent([1, MAX_ZOOM]).translateExtent([[0, 0], [width, height]])
    .on('zoom', (ev) => {
      g.attr('transform', ev.transform);
      scaleMarks(ev.transform.k);
    });
  svg.call(zoom);

  state = { svg, g, zoom, features, places, opts, projection, selected, width, height };
  container.replaceChildren(svg.node());
  svg.call(zoom.transform, previous);
  scaleMarks(previous.k);
  bindButtons();

  function pick(f) {
    showSelected(f);
    opts.onPick(f);
  }
  state.pick = pick;
}

// A mark's label: the short name and its verdict; on a narrow map the name alone (the
// headline gives each target's verdict, a click gives it on the map).
function markLabel(f, opts, width) {
  const p = f.properties;
  // "Washington, United States" shortened to "Washington"; coordinates ("40.62, 126.46") kept whole.
  const full = String(p.name).replace(/ \(catalog\)$/, '');
  const name = /^[-+.\d]/.test(full) ? full : full.split(',')[0];
  if (kindOf(f) === 'launch_site') return width < 600 ? name : `${name} (launch site)`;
  if (width < 600) return name;
  if (p.in_reach && (p.margin_km === null || p.margin_km === undefined)) return `${name}: in reach`;
  if (p.in_reach) return `${name}: in reach, ${opts.distance(Math.abs(p.margin_km))} to spare`;
  return `${name}: out of reach by ${opts.distance(Math.abs(p.margin_km))}`;
}

// Markers and labels keep their size on screen while the map zooms.
function scaleMarks(k) {
  if (!state) return;
  const { g } = state;
  const s = 1 / k;
  g.selectAll('.places circle').attr('r', 2.6 * s).attr('stroke-width', 0.6 * s);
  const placed = []; // label boxes so far, map units: [x0, x1, y0, y1]
  const marks = g.selectAll('.marks g').nodes()
    .map((node) => ({ node, f: d3.select(node).datum() }))
    .sort((a, b) => state.projection(a.f.geometry.coordinates)[1] - state.projection(b.f.geometry.coordinates)[1]);
  for (const { node: n, f } of marks) {
    const [x, y] = state.projection(f.geometry.coordinates);
    const node = d3.select(n);
    const r = (kindOf(f) === 'launch_site' ? 6 : 5.5) * s;
    node.select('path').attr('d', kindOf(f) === 'launch_site'
      ? `M${x},${y - r * 1.2}L${x + r},${y + r * 0.8}L${x - r},${y + r * 0.8}Z`
      : `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`)
      .attr('stroke-width', 1.5 * s);
    const text = node.select('text');
    const w = text.text().length * LABEL_PX * 0.62 * s;
    // Right of the mark, or left of it when it would leave the visible map on the right.
    const t = d3.zoomTransform(state.svg.node());
    const right = t.applyX(x + 8 * s + w);
    const left = right > state.width && t.applyX(x - 8 * s - w) >= 0;
    const x0 = left ? x - 8 * s - w : x + 8 * s;
    // Below any label already placed over the same stretch (no two labels overlap).
    let ly = y + 4 * s;
    const h = LABEL_PX * 1.15 * s;
    for (let moved = true; moved;) {
      moved = false;
      for (const b of placed) {
        if (x0 < b[1] && x0 + w > b[0] && ly - h * 0.8 < b[3] && ly + h * 0.2 > b[2]) {
          ly = b[3] + h * 0.8;
          moved = true;
        }
      }
    }
    placed.push([x0, x0 + w, ly - h * 0.8, ly + h * 0.2]);
    text.attr('x', left ? x - 8 * s : x + 8 * s).attr('y', ly)
      .attr('text-anchor', left ? 'end' : 'start')
      .attr('font-size', LABEL_PX * s).attr('stroke-width', 3 * s);
  }
  g.selectAll('.selected text').attr('font-size', LABEL_PX * s).attr('stroke-width', 3 * s);
  g.selectAll('.selected circle').attr('r', 6 * s).attr('stroke-width', 2 * s);
  g.selectAll('.graticule, .borders, .contour, .global, .circle, .sphere-edge').attr('stroke-width', null);
}

function showSelected(f) {
  const { selected, projection, opts } = state;
  const [x, y] = projection(f.geometry.coordinates);
  selected.selectAll('*').remove();
  selected.append('circle').attr('cx', x).attr('cy', y);
  const p = f.properties;
  const text = kindOf(f) === 'place'
    ? `${p.name}: ${p.in_reach ? (p.margin_km === null || p.margin_km === undefined ? 'in reach' : `in reach, ${opts.distance(Math.abs(p.margin_km))} to spare`) : `out by ${opts.distance(Math.abs(p.margin_km))}`}`
    : markLabel(f, opts, state.width);
  const left = x > state.width * 0.6;
  selected.append('text').attr('class', 'label').attr('x', x + (left ? -9 : 9)).attr('y', y - 8)
    .attr('text-anchor', left ? 'end' : 'start').text(text);
  scaleMarks(d3.zoomTransform(state.svg.node()).k);
}

// A place by the name the search box gives ("Seattle, US" or "Seattle"): selected on the
// map, zoomed to; returns its feature (undefined when none).
export function selectPlace(query) {
  if (!state) return undefined;
  const q = query.trim().toLowerCase();
  if (!q) return undefined;
  const all = [...state.features.filter((f) => ['target', 'launch_site'].includes(kindOf(f)) && f.geometry), ...state.places];
  // "Seattle, United States" as the list gives it, or "Seattle", or "Seattle, US".
  const name = q.split(',')[0].trim();
  const byName = (p) => p.properties.name.toLowerCase() === name;
  const f = all.find((p) => kindOf(p) === 'place' && placeKey(p.properties) === q)
    || all.find((p) => kindOf(p) === 'place' && byName(p))
    || all.find(byName)
    || all.find((p) => p.properties.name.toLowerCase().startsWith(name));
  if (!f) return undefined;
  const [x, y] = state.projection(f.geometry.coordinates);
  const k = Math.max(3, d3.zoomTransform(state.svg.node()).k);
  state.svg.call(state.zoom.transform, d3.zoomIdentity.translate(state.width / 2 - k * x, state.height / 2 - k * y).scale(k));
  showSelected(f);
  return f;
}

function bindButtons() {
  const by = (id) => document.getElementById(id);
  by('zoom-in').onclick = () => state && state.svg.call(state.zoom.scaleBy, 2);
  by('zoom-out').onclick = () => state && state.svg.call(state.zoom.scaleBy, 0.5);
  by('zoom-reset').onclick = () => state && state.svg.call(state.zoom.transform, d3.zoomIdentity);
}
