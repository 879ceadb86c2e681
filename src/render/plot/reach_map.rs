//! The reach map: where the standard trajectory can land from a launch site.
//!
//! Azimuthal equidistant projection centred on the launch site (distance and
//! bearing from the site true to scale), or an equirectangular world map. It shows
//! Natural Earth coastlines, the launch site, the reach contour with Earth's
//! rotation (the polygon of standard-trajectory impact points over all launch
//! azimuths), the non-rotating circle for comparison, and labelled places.

use std::f64::consts::PI;
use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{EARTH_LINE, FRAME, GRID, LOFTED, MUTED, STANDARD, TEXT};

/// The ring round a target's marker (vermilion, as the lofted test's colour).
const TARGET: RGBColor = LOFTED;
use super::{
    bold, clip_polygon, draw_header, draw_polyline, equal_aspect_view, fit_size, fmt_km, font, nice_length, render,
    DrawError, Figure, PlotError, Rect, XyChart,
};
use crate::geo;
use crate::geo::projection::{AzimuthalEquidistant, Equirectangular};

/// Default size of a reach map, px.
pub const REACH_MAP_SIZE_PX: (u32, u32) = (1600, 1200);

/// A place to mark on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPlace {
    /// Label.
    pub name: String,
    /// Latitude, rad.
    pub lat_rad: f64,
    /// Longitude, rad.
    pub lon_rad: f64,
    /// Inside the reach contour.
    pub in_reach: bool,
    /// One of the user's targets: a marker of its own, and always labelled.
    pub target: bool,
}

/// Where a spent stage came down, as the reach map marks it: a small cross in the colour
/// of the flight that dropped it (the test flight's, the standard trajectory's).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapStage {
    /// The flight that dropped it.
    pub flight: crate::vehicle::stages::StagesOf,
    /// Stage number, 1 for the first.
    pub stage: usize,
    /// Impact latitude, rad.
    pub lat_rad: f64,
    /// Impact longitude, rad.
    pub lon_rad: f64,
}

/// A leader line from a mark to its label, in the mark's colour: (from, to, colour).
type Leader = ((i32, i32), (i32, i32), RGBColor);

/// What the reach map shows.
#[derive(Clone, Debug)]
pub struct ReachMapFigure<'a> {
    /// Headline.
    pub title: String,
    /// The model's assumptions on one line.
    pub assumptions: String,
    /// Name of the launch site (label).
    pub site_name: String,
    /// Launch site latitude, rad.
    pub site_lat_rad: f64,
    /// Launch site longitude, rad.
    pub site_lon_rad: f64,
    /// Sphere radius for the projection, m.
    pub earth_radius_m: f64,
    /// Impact points (lat, lon) in rad, ordered by bearing from the site: the reach
    /// contour with Earth's rotation. Empty for global reach.
    pub contour: &'a [(f64, f64)],
    /// Launch-azimuth step of the contour, rad (for the legend).
    pub step_rad: f64,
    /// Sectors of bearings from the site with global reach, (from, to) rad clockwise
    /// (the contour runs out to the antipode there); `(0, 2π)` for every direction.
    pub global_sectors: &'a [(f64, f64)],
    /// Standard range on a non-rotating sphere for the same burnout speed, m
    /// (None: not computed or global reach).
    pub circle_range_m: Option<f64>,
    /// What the circle is, for the legend (e.g. "non-rotating sphere, same burnout speed").
    pub circle_label: &'a str,
    /// Places to mark, most important first (labels are placed in this order and
    /// skipped where they would overlap).
    pub places: &'a [MapPlace],
    /// Equirectangular world map instead of the azimuthal equidistant one.
    pub world: bool,
    /// How many places the report judged (the key says how many were not drawn).
    pub places_judged: usize,
    /// Spent stages' impacts (boost model with a staged vehicle): a small cross each, and
    /// the key says what they are; empty draws none and leaves the key as it was.
    pub stage_impacts: &'a [MapStage],
}

/// Draw `fig` to `path` (`.png` or `.svg`) at `width_px` × `height_px`
/// ([`REACH_MAP_SIZE_PX`] is the size the layout is tuned for). Written whole or not at all.
pub fn draw_reach_map(fig: &ReachMapFigure, path: &Path, width_px: u32, height_px: u32) -> Result<(), PlotError> {
    fig.check().map_err(|message| PlotError::InvalidData { path: path.to_path_buf(), message })?;
    render(fig, path, width_px, height_px)
}

/// The same figure as [`draw_reach_map`], as an SVG document in a `String` (nothing is written).
pub fn reach_map_svg(fig: &ReachMapFigure, width_px: u32, height_px: u32) -> Result<String, PlotError> {
    let label = Path::new(super::SVG_LABEL);
    fig.check().map_err(|message| PlotError::InvalidData { path: label.to_path_buf(), message })?;
    super::render_svg(fig, label, width_px, height_px)
}

impl ReachMapFigure<'_> {
    fn check(&self) -> Result<(), String> {
        let r = self.earth_radius_m;
        if !(r.is_finite() && r > 0.0) {
            return Err(format!("Earth radius {r} m is not a positive number"));
        }
        if !(self.site_lat_rad.is_finite() && self.site_lon_rad.is_finite()) {
            return Err("the launch site is not finite".into());
        }
        if self.contour.iter().any(|&(a, b)| !(a.is_finite() && b.is_finite())) {
            return Err("the reach contour has non-finite points".into());
        }
        if !self.contour.is_empty() && self.contour.len() < 3 {
            return Err(format!("the reach contour has {} points; at least 3 are needed", self.contour.len()));
        }
        if let Some(c) = self.circle_range_m {
            if !(c.is_finite() && c > 0.0) {
                return Err(format!("non-rotating range {c} m is not a positive number"));
            }
        }
        if self.stage_impacts.iter().any(|m| !(m.lat_rad.is_finite() && m.lon_rad.is_finite())) {
            return Err("a spent stage's impact is not finite".into());
        }
        Ok(())
    }

    /// Project (lat, lon) rad to chart coordinates, km; the world map is equirectangular
    /// with standard parallels ±`parallel_rad` (see [`world_parallel_rad`]).
    fn project(&self, parallel_rad: f64) -> impl Fn(f64, f64) -> (f64, f64) {
        let r = self.earth_radius_m;
        let ae = AzimuthalEquidistant::new(self.site_lat_rad, self.site_lon_rad, r);
        let eq = Equirectangular::new(self.site_lon_rad, parallel_rad, r);
        let world = self.world;
        move |lat, lon| {
            let (x, y) = if world { eq.forward(lat, lon) } else { ae.forward(lat, lon) };
            (x / 1000.0, y / 1000.0)
        }
    }

    /// Largest jump between consecutive projected points before a line is split (km):
    /// the map's cut (antimeridian of the centre, or the antipode's circle).
    fn jump_km(&self) -> f64 {
        // The world map's cut is the antimeridian; the azimuthal map is continuous
        // inside its disk (only lines through the antipode jump).
        if self.world {
            0.25 * PI * self.earth_radius_m / 1000.0
        } else {
            PI * self.earth_radius_m / 1000.0
        }
    }

    /// Split a projected polyline where it jumps across the map's cut.
    fn split_runs(&self, pts: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
        let jump = self.jump_km();
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (i, &p) in pts.iter().enumerate() {
            if i > 0 {
                let q = pts[i - 1];
                if (p.0 - q.0).hypot(p.1 - q.1) > jump {
                    runs.push(Vec::new());
                }
            }
            runs.last_mut().expect("non-empty").push(p);
        }
        runs.retain(|r| r.len() >= 2);
        runs
    }

    /// The closed polygon to fill for a projected contour (not closed: last != first).
    /// Azimuthal: the contour itself. World: the contour itself if it does not cross
    /// the map's cut; if it crosses once (it goes around a pole) it is cut there and
    /// closed along that pole's edge of the map; otherwise None (outline only).
    fn fill_polygon(&self, pts: &[(f64, f64)], parallel_rad: f64) -> Option<Vec<(f64, f64)>> {
        let n = pts.len();
        let jump = self.jump_km();
        let cuts: Vec<usize> = (0..n)
            .filter(|&i| {
                let (p, q) = (pts[i], pts[(i + 1) % n]);
                (q.0 - p.0).hypot(q.1 - p.1) > jump
            })
            .collect();
        match cuts.as_slice() {
            [] => Some(pts.to_vec()),
            [i] if self.world => {
                // Start right after the cut: the curve runs from one side of the map to the other.
                let mut curve: Vec<(f64, f64)> = (1..=n).map(|k| pts[(i + k) % n]).collect();
                let (first, last) = (curve[0], curve[n - 1]);
                // The enclosed pole is the one on the site's side of the curve.
                let site_y = self.site_lat_rad * self.earth_radius_m / 1000.0;
                let mean_y = curve.iter().map(|p| p.1).sum::<f64>() / n as f64;
                let pole_y = 0.5 * PI * self.earth_radius_m / 1000.0 * if site_y >= mean_y { 1.0 } else { -1.0 };
                let edge_x = |x: f64| x.signum() * PI * self.earth_radius_m / 1000.0 * parallel_rad.cos();
                curve.push((edge_x(last.0), last.1));
                curve.push((edge_x(last.0), pole_y));
                curve.push((edge_x(first.0), pole_y));
                curve.push((edge_x(first.0), first.1));
                Some(curve)
            }
            _ => None,
        }
    }

    /// The non-rotating circle as (lat, lon) points.
    fn circle_points(&self, range_m: f64) -> Vec<(f64, f64)> {
        let angle = range_m / self.earth_radius_m;
        (0..=720)
            .map(|i| {
                let b = std::f64::consts::TAU * i as f64 / 720.0;
                geo::destination_rad(self.site_lat_rad, self.site_lon_rad, b, angle)
            })
            .collect()
    }

    /// The data window, km.
    fn data_rect(&self, parallel_rad: f64) -> Rect {
        let r_km = self.earth_radius_m / 1000.0;
        if self.world {
            let half_w = PI * r_km * parallel_rad.cos();
            return Rect { x0: -half_w, x1: half_w, y0: -0.5 * PI * r_km, y1: 0.5 * PI * r_km };
        }
        let proj = self.project(parallel_rad);
        let mut reach = self
            .contour
            .iter()
            .map(|&(a, b)| {
                let (x, y) = proj(a, b);
                x.hypot(y)
            })
            .fold(0.0f64, f64::max);
        if self.contour.is_empty() {
            reach = PI * r_km;
        }
        if let Some(c) = self.circle_range_m {
            reach = reach.max(c / 1000.0);
        }
        let e = (reach * 1.12).min(PI * r_km * 1.01).max(1000.0);
        Rect { x0: -e, x1: e, y0: -e, y1: e }
    }
}

/// Line widths at text scale `s`.
struct Strokes {
    hair: u32,
    thin: u32,
    thick: u32,
    marker: i32,
    min_seg_px: f64,
}

impl Strokes {
    fn new(s: f64) -> Self {
        Strokes {
            hair: s.round().max(1.0) as u32,
            thin: (1.5 * s).round().max(1.0) as u32,
            thick: (3.5 * s).round().max(2.0) as u32,
            marker: (4.0 * s).round().max(2.0) as i32,
            min_seg_px: (3.0 * s).max(2.0),
        }
    }
}

/// The world map's standard parallel: the latitude whose scale east–west is true,
/// chosen so that the whole world (360° by 180°) fills a plot `pw` × `ph` pixels
/// (width 2π R cos φ over height π R), between 0 (plate carrée, for a plot twice as
/// wide as high or wider) and 60°.
fn world_parallel_rad(pw: u32, ph: u32) -> f64 {
    let c = (pw as f64 / ph.max(1) as f64 / 2.0).clamp(0.5, 1.0);
    c.acos()
}

/// Does the segment a–b cross or touch the pixel box (x0, y0, x1, y1)? (Liang–Barsky.)
fn segment_hits_box(a: (i32, i32), b: (i32, i32), bx: (i32, i32, i32, i32)) -> bool {
    let (x0, y0) = (a.0 as f64, a.1 as f64);
    let (dx, dy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, x0 - bx.0 as f64), (dx, bx.2 as f64 - x0), (-dy, y0 - bx.1 as f64), (dy, bx.3 as f64 - y0)] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// Pixel boxes already taken by labels and markers.
struct Occupied(Vec<(i32, i32, i32, i32)>);

impl Occupied {
    fn free(&self, b: (i32, i32, i32, i32)) -> bool {
        self.0.iter().all(|o| b.2 <= o.0 || b.0 >= o.2 || b.3 <= o.1 || b.1 >= o.3)
    }
}

impl Figure for ReachMapFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, s: f64) -> Result<(), DrawError> {
        let (w, _) = root.dim_in_pixel();
        let px = |v: f64| (v * s).round() as i32;
        let pad = px(16.0);
        let st = Strokes::new(s);

        // --- Header ---------------------------------------------------------
        let mut y = draw_header(root, &self.title, &self.assumptions, s)? + px(8.0);

        // --- Legend -----------------------------------------------------------
        let size = 15.0 * s;
        let line_h = px(22.0);
        let sample = px(36.0);
        let mut legend = |color: RGBColor, dashed: bool, text: String| -> Result<(), DrawError> {
            let mid = y + line_h / 2;
            if dashed {
                for k in 0..3 {
                    let x0 = pad + k * sample / 3;
                    root.draw(&PathElement::new(
                        vec![(x0, mid), (x0 + sample / 5, mid)],
                        color.stroke_width(st.thick),
                    ))?;
                }
            } else {
                root.draw(&PathElement::new(vec![(pad, mid), (pad + sample, mid)], color.stroke_width(st.thick)))?;
            }
            let text_size = fit_size(root, &text, size, w - (3 * pad + sample) as u32, font);
            root.draw(&Text::new(
                text,
                (pad + sample + px(8.0), mid),
                font(text_size).color(&TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            y += line_h;
            Ok(())
        };
        if self.contour.is_empty() {
            legend(STANDARD, false, "global reach in every direction: every point is in reach (no contour)".into())?;
        } else {
            let ranges: Vec<f64> = {
                let proj = AzimuthalEquidistant::new(self.site_lat_rad, self.site_lon_rad, self.earth_radius_m);
                // Points out at the antipode stand for global sectors, not impacts.
                self.contour
                    .iter()
                    .map(|&(a, b)| proj.polar(a, b).0)
                    .filter(|&r| r < 0.99 * PI * self.earth_radius_m)
                    .collect()
            };
            let (lo, hi) = ranges.iter().fold((f64::INFINITY, 0.0f64), |(l, h), &r| (l.min(r), h.max(r)));
            legend(
                STANDARD,
                false,
                format!(
                    "reach with Earth's rotation: impact points of the standard trajectory, launched every {:.3}° of azimuth ({}–{} km)",
                    self.step_rad.to_degrees(),
                    fmt_km(lo),
                    fmt_km(hi)
                )
                .replace(".000°", "°"),
            )?;
        }
        if !self.contour.is_empty() && !self.global_sectors.is_empty() {
            let sectors: Vec<String> = self
                .global_sectors
                .iter()
                .map(|&(a, b)| format!("{:.0}°–{:.0}°", a.to_degrees(), b.to_degrees()))
                .collect();
            legend(
                STANDARD,
                false,
                format!(
                    "global reach toward bearings {}: the flight passes the farthest point from the site; the contour is drawn out to the antipode there",
                    sectors.join(", ")
                ),
            )?;
        }
        if let Some(c) = self.circle_range_m {
            legend(
                LOFTED,
                true,
                format!("without rotation ({}): {} km in every direction", self.circle_label, fmt_km(c)),
            )?;
        }
        y += px(6.0);

        // --- Map ---------------------------------------------------------------
        let area = root.margin(y as u32, pad as u32, pad as u32, pad as u32);
        let strip_h = px(28.0);
        let plot = area.margin(0, strip_h as u32, 0, 0);
        let (pw, ph) = plot.dim_in_pixel();
        let parallel_rad = if self.world { world_parallel_rad(pw, ph) } else { 0.0 };
        let data = self.data_rect(parallel_rad);
        let view = equal_aspect_view(data, (pw, ph), [px(6.0) as f64; 4], false);
        let mut chart = ChartBuilder::on(&plot).build_cartesian_2d(view.x0..view.x1, view.y0..view.y1)?;
        let km_per_px = (view.x1 - view.x0) / pw as f64;
        let proj = self.project(parallel_rad);
        let r_km = self.earth_radius_m / 1000.0;

        // Grid: range rings (azimuthal) or a graticule (world).
        if self.world {
            for lat in (-60..=60).step_by(30) {
                let line: Vec<(f64, f64)> =
                    (-180..=180).map(|lon| proj((lat as f64).to_radians(), (lon as f64).to_radians())).collect();
                for run in self.split_runs(&line) {
                    draw_polyline(&mut chart, &run, GRID.stroke_width(st.hair), st.min_seg_px)?;
                }
            }
            for lon in (-180..180).step_by(30) {
                let line: Vec<(f64, f64)> =
                    (-90..=90).map(|lat| proj((lat as f64).to_radians(), (lon as f64).to_radians())).collect();
                for run in self.split_runs(&line) {
                    draw_polyline(&mut chart, &run, GRID.stroke_width(st.hair), st.min_seg_px)?;
                }
            }
            // Graticule labels: latitudes at the left edge, longitudes along the bottom.
            let label = font(12.0 * s).color(&MUTED);
            let hemi = |v: i32, pos: &str, neg: &str| match v.cmp(&0) {
                std::cmp::Ordering::Greater => format!("{v}°{pos}"),
                std::cmp::Ordering::Less => format!("{}°{neg}", -v),
                std::cmp::Ordering::Equal => "0°".to_string(),
            };
            for lat in (-60..=60).step_by(30) {
                let (_, y) = proj((lat as f64).to_radians(), self.site_lon_rad);
                chart.draw_series(std::iter::once(Text::new(
                    hemi(lat, "N", "S"),
                    (view.x0 + 4.0 * s * km_per_px, y + 2.0 * s * km_per_px),
                    label.clone().pos(Pos::new(HPos::Left, VPos::Bottom)),
                )))?;
            }
            for lon in (-180..180).step_by(30) {
                let (x, _) = proj(0.0, (lon as f64).to_radians());
                if x - view.x0 < 40.0 * s * km_per_px || view.x1 - x < 20.0 * s * km_per_px {
                    continue; // keep clear of the latitude labels and the frame
                }
                let text = if lon == -180 { "180°".to_string() } else { hemi(lon, "E", "W") };
                chart.draw_series(std::iter::once(Text::new(
                    text,
                    (x + 3.0 * s * km_per_px, view.y0 + 3.0 * s * km_per_px),
                    label.clone().pos(Pos::new(HPos::Left, VPos::Bottom)),
                )))?;
            }
        } else {
            let extent = 0.5 * (view.x1 - view.x0).min(view.y1 - view.y0);
            // Ring labels along the bearing farthest from any marked place.
            let label_bearing = {
                let mut b: Vec<f64> = self
                    .places
                    .iter()
                    .map(|p| {
                        let (x, y) = proj(p.lat_rad, p.lon_rad);
                        x.atan2(y).rem_euclid(std::f64::consts::TAU)
                    })
                    .collect();
                b.sort_by(f64::total_cmp);
                let mut best = (0.0, 225f64.to_radians());
                for i in 0..b.len() {
                    let next = if i + 1 < b.len() { b[i + 1] } else { b[0] + std::f64::consts::TAU };
                    if next - b[i] > best.0 {
                        best = (next - b[i], 0.5 * (b[i] + next));
                    }
                }
                best.1
            };
            let ring = nice_length(extent / 4.0).max(500.0);
            let mut d = ring;
            while d < PI * r_km && d < 1.5 * extent {
                let circle: Vec<(f64, f64)> = (0..=360)
                    .map(|i| {
                        let a = (i as f64).to_radians();
                        (d * a.sin(), d * a.cos())
                    })
                    .collect();
                draw_polyline(&mut chart, &circle, GRID.stroke_width(st.thin), st.min_seg_px)?;
                let a = label_bearing;
                let p = (d * a.sin(), d * a.cos());
                // Not on top of the launch site's label.
                if view.contains(p) && d / km_per_px > 110.0 * s {
                    // On a white ground, so the ring does not strike the label through.
                    let text = format!("{} km", fmt_km(d * 1000.0));
                    let style = font(12.0 * s).color(&MUTED).pos(Pos::new(HPos::Center, VPos::Center));
                    let (tw, th) = plot.estimate_text_size(&text, &style)?;
                    let (hw, hh) = (0.5 * (tw as f64 + 6.0 * s) * km_per_px, 0.5 * (th as f64 + 2.0 * s) * km_per_px);
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(p.0 - hw, p.1 - hh), (p.0 + hw, p.1 + hh)],
                        WHITE.filled(),
                    )))?;
                    chart.draw_series(std::iter::once(Text::new(text, p, style)))?;
                }
                d += ring;
            }
            // The edge of the world (the antipode), when in view.
            let edge: Vec<(f64, f64)> = (0..=720)
                .map(|i| {
                    let a = (i as f64 * 0.5).to_radians();
                    (PI * r_km * a.sin(), PI * r_km * a.cos())
                })
                .collect();
            draw_polyline(&mut chart, &edge, FRAME.stroke_width(st.thin), st.min_seg_px)?;
        }

        // Coastlines.
        for line in crate::data::coastlines::polylines() {
            let pts: Vec<(f64, f64)> =
                line.iter().map(|&(lon, lat)| proj(lat.to_radians(), lon.to_radians())).collect();
            for run in self.split_runs(&pts) {
                draw_polyline(&mut chart, &run, EARTH_LINE.stroke_width(st.hair), st.min_seg_px)?;
            }
        }

        // Reach contour with rotation: filled, then outlined.
        if !self.contour.is_empty() {
            let mut pts: Vec<(f64, f64)> = self.contour.iter().map(|&(a, b)| proj(a, b)).collect();
            pts.push(pts[0]);
            let runs = self.split_runs(&pts);
            if let Some(fill) = self.fill_polygon(&pts[..pts.len() - 1], parallel_rad) {
                let poly = clip_polygon(&fill, &view);
                if poly.len() >= 3 {
                    chart.draw_series(std::iter::once(Polygon::new(poly, STANDARD.mix(0.10).filled())))?;
                }
            }
            for run in runs {
                draw_polyline(&mut chart, &run, STANDARD.stroke_width(st.thick), st.min_seg_px)?;
            }
        }

        // Non-rotating circle, dashed.
        if let Some(c) = self.circle_range_m {
            let pts: Vec<(f64, f64)> = self.circle_points(c).into_iter().map(|(a, b)| proj(a, b)).collect();
            for run in self.split_runs(&pts) {
                draw_dashed(&mut chart, &run, LOFTED.stroke_width(st.thin + 1), 14.0 * s, km_per_px, st.min_seg_px)?;
            }
        }

        // Each global sector labelled on the map, at its middle bearing.
        if !self.contour.is_empty() {
            for &(a, b) in self.global_sectors {
                let width = (b - a).rem_euclid(std::f64::consts::TAU);
                let mid = a + 0.5 * width;
                let (la, lo) = geo::destination_rad(self.site_lat_rad, self.site_lon_rad, mid, 0.6 * PI);
                chart.draw_series(std::iter::once(Text::new(
                    "GLOBAL REACH".to_string(),
                    proj(la, lo),
                    bold(15.0 * s).color(&STANDARD).pos(Pos::new(HPos::Center, VPos::Center)),
                )))?;
            }
        }

        // Places, then the site on top; labels placed greedily without overlap.
        let mut taken = Occupied(Vec::new());
        let site_xy = proj(self.site_lat_rad, self.site_lon_rad);
        // backend_coord is in root pixels; markers are drawn on `plot`.
        let (base_x, base_y) = plot.get_base_pixel();
        let to_px = |p: (f64, f64)| {
            let (x, y) = chart.backend_coord(&p);
            (x - base_x, y - base_y)
        };
        // The contour and the circle in pixels: labels keep off them.
        let mut lines_px: Vec<((i32, i32), (i32, i32))> = Vec::new();
        {
            let mut add = |pts: Vec<(f64, f64)>| {
                for run in self.split_runs(&pts) {
                    let run: Vec<(i32, i32)> = run.into_iter().map(&to_px).collect();
                    lines_px.extend(run.windows(2).map(|w| (w[0], w[1])));
                }
            };
            if !self.contour.is_empty() {
                let mut pts: Vec<(f64, f64)> = self.contour.iter().map(|&(a, b)| proj(a, b)).collect();
                pts.push(pts[0]);
                add(pts);
            }
            if let Some(c) = self.circle_range_m {
                add(self.circle_points(c).into_iter().map(|(a, b)| proj(a, b)).collect());
            }
        }
        let off_lines = |b: (i32, i32, i32, i32)| lines_px.iter().all(|&(p, q)| !segment_hits_box(p, q, b));
        // The north mark's corner (drawn last, top right).
        taken.0.push((pw as i32 - px(44.0), 0, pw as i32, px(70.0)));
        let (sx, sy) = to_px(site_xy);
        let m = st.marker + 2;
        taken.0.push((sx - m, sy - m, sx + m, sy + m));
        let site_style = bold(16.0 * s).color(&TEXT);
        let (tw, th) = super::text_size(&plot, &self.site_name, &site_style)?;
        let site_label = (sx + m + px(3.0), sy - th as i32 - px(2.0));
        taken.0.push((site_label.0, site_label.1, site_label.0 + tw as i32, site_label.1 + th as i32));
        let mut marks: Vec<(&MapPlace, (i32, i32))> = Vec::new();
        for p in self.places {
            if marks.iter().any(|(q, _)| q.name == p.name) {
                continue;
            }
            let xy = proj(p.lat_rad, p.lon_rad);
            if !view.contains(xy) {
                continue;
            }
            let (x, y) = to_px(xy);
            let r = st.marker;
            let box_ = (x - r, y - r, x + r, y + r);
            taken.0.push(box_);
            marks.push((p, (x, y)));
        }
        // Spent stages: small crosses that place labels keep off.
        let stages_px: Vec<((i32, i32), RGBColor)> = self
            .stage_impacts
            .iter()
            .filter_map(|m| {
                let xy = proj(m.lat_rad, m.lon_rad);
                let color = match m.flight {
                    crate::vehicle::stages::StagesOf::Test => LOFTED,
                    crate::vehicle::stages::StagesOf::Standard => STANDARD,
                };
                view.contains(xy).then(|| (to_px(xy), color))
            })
            .collect();
        for &((x, y), _) in &stages_px {
            let r = st.marker + 1;
            taken.0.push((x - r, y - r, x + r, y + r));
        }
        let mut labels = Vec::new();
        // Each cross labelled with its stage ("stage 1"), in its flight's colour, before the
        // places take the room: beside it where there is room, else farther out with a
        // leader line (the first stage often falls by the site's own label), else beside it.
        let mut leaders: Vec<Leader> = Vec::new();
        for (m, &((x, y), color)) in
            self.stage_impacts.iter().filter(|m| view.contains(proj(m.lat_rad, m.lon_rad))).zip(&stages_px)
        {
            let name = format!("stage {}", m.stage);
            let style = font(12.0 * s).color(&color);
            let (tw, th) = super::text_size(&plot, &name, &style)?;
            let (tw, th) = (tw as i32, th as i32);
            let within = |(lx, ly): (i32, i32)| lx >= 0 && ly >= 0 && lx + tw <= pw as i32 && ly + th <= ph as i32;
            let around =
                |g: i32| [(x + g, y - th / 2), (x - g - tw, y - th / 2), (x - tw / 2, y + g), (x - tw / 2, y - g - th)];
            let g0 = st.marker + px(3.0);
            let mut at = None;
            'rings: for k in 1..=5 {
                for c in around(g0 + (k - 1) * px(14.0)) {
                    if within(c) && taken.free((c.0, c.1, c.0 + tw, c.1 + th)) {
                        at = Some((c, k > 1));
                        break 'rings;
                    }
                }
            }
            let (at, leader) =
                at.unwrap_or_else(|| (around(g0).into_iter().find(|&c| within(c)).unwrap_or(around(g0)[0]), false));
            if leader {
                // To the label's nearest point.
                let lx = x.clamp(at.0, at.0 + tw);
                let ly = y.clamp(at.1, at.1 + th);
                leaders.push(((x, y), (lx, ly), color));
            }
            taken.0.push((at.0, at.1, at.0 + tw, at.1 + th));
            labels.push((name, at, style));
        }
        for (p, (x, y)) in &marks {
            let color = if p.in_reach { TEXT } else { MUTED };
            let style = if p.target { bold(14.0 * s).color(&color) } else { font(13.0 * s).color(&color) };
            let (tw, th) = super::text_size(&plot, &p.name, &style)?;
            let (tw, th) = (tw as i32, th as i32);
            let g = st.marker + px(3.0);
            let candidates =
                [(x + g, y - th / 2), (x - g - tw, y - th / 2), (x - tw / 2, y - g - th), (x - tw / 2, y + g)];
            let within = |(lx, ly): (i32, i32)| lx >= 0 && ly >= 0 && lx + tw <= pw as i32 && ly + th <= ph as i32;
            let free = candidates.iter().copied().find(|&(lx, ly)| {
                let b = (lx, ly, lx + tw, ly + th);
                within((lx, ly)) && taken.free(b) && off_lines(b)
            });
            // A target is always labelled: where room, else where it fits on the map.
            let at = match free {
                Some(at) => Some(at),
                None if p.target => candidates.iter().copied().find(|&c| within(c)).or(Some(candidates[0])),
                None => None,
            };
            if let Some((lx, ly)) = at {
                taken.0.push((lx, ly, lx + tw, ly + th));
                labels.push((p.name.clone(), (lx, ly), style));
            }
        }
        for (p, (x, y)) in &marks {
            if p.target {
                // A target: a ring round its dot.
                plot.draw(&Circle::new((*x, *y), st.marker + px(4.0), TARGET.stroke_width(st.hair + 2)))?;
            }
            if p.in_reach {
                plot.draw(&Circle::new((*x, *y), st.marker, TEXT.filled()))?;
            } else {
                plot.draw(&Circle::new((*x, *y), st.marker, MUTED.stroke_width(st.hair + 1)))?;
            }
        }
        for (from, to, color) in leaders {
            plot.draw(&PathElement::new(vec![from, to], color.stroke_width(st.hair)))?;
        }
        for (name, at, style) in labels {
            plot.draw(&Text::new(name, at, style))?;
        }
        // Launch site: a star-like marker (filled circle with a ring).
        plot.draw(&Circle::new((sx, sy), st.marker + 3, WHITE.filled()))?;
        plot.draw(&Circle::new((sx, sy), st.marker + 3, TEXT.stroke_width(st.hair + 1)))?;
        plot.draw(&Circle::new((sx, sy), st.marker, RED.filled()))?;
        plot.draw(&Text::new(self.site_name.clone(), site_label, site_style))?;
        // Spent stages on top: the first often falls under the site's label.
        for &(at, color) in &stages_px {
            plot.draw(&Cross::new(at, st.marker + 1, color.stroke_width(st.hair + 1)))?;
        }

        plot.draw(&Rectangle::new([(0, 0), (pw as i32 - 1, ph as i32 - 1)], FRAME.stroke_width(st.hair)))?;
        // North mark, top right: north is up at the site (azimuthal map) and everywhere (world map).
        {
            let (nx, ny) = (pw as i32 - px(28.0), px(14.0));
            let len = px(30.0);
            let head = px(7.0);
            let base = ny + px(18.0);
            plot.draw(&PathElement::new(vec![(nx, base + len), (nx, base)], TEXT.stroke_width(st.thin + 1)))?;
            plot.draw(&Polygon::new(
                vec![(nx, base - head / 2), (nx - head / 2, base + head), (nx + head / 2, base + head)],
                TEXT.filled(),
            ))?;
            plot.draw(&Text::new(
                "N".to_string(),
                (nx, ny),
                bold(15.0 * s).color(&TEXT).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }

        // --- Below the map: scale bar (azimuthal) and key ----------------------
        let by = ph as i32 + strip_h - px(8.0);
        let mut key_x = px(2.0);
        if !self.world {
            let bar_km = nice_length(0.2 * (view.x1 - view.x0));
            let bar_px = (bar_km / km_per_px).round() as i32;
            area.draw(&PathElement::new(vec![(key_x, by), (key_x + bar_px, by)], TEXT.stroke_width(st.thin + 1)))?;
            for x in [key_x, key_x + bar_px] {
                area.draw(&PathElement::new(vec![(x, by - px(5.0)), (x, by + px(1.0))], TEXT.stroke_width(st.thin)))?;
            }
            area.draw(&Text::new(
                format!("{} km", fmt_km(bar_km * 1000.0)),
                (key_x + bar_px + px(8.0), by),
                font(13.0 * s).color(&TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            key_x += bar_px + px(90.0);
        }
        let drawn = marks.iter().filter(|(p, _)| !p.target).count();
        let stages_key = if self.stage_impacts.is_empty() { "" } else { "  × spent stage impacts" };
        let counts = format!(
            "; {drawn} of {} places drawn, {} not (--json lists all)",
            self.places_judged,
            self.places_judged.saturating_sub(drawn)
        );
        let note = if self.world {
            &format!(
                "Equirectangular world map centred on the launch site's meridian, standard parallels ±{:.0}° (distances not to scale). ● in reach  ○ out of reach  ◎ target{stages_key} (labels where room){counts}",
                parallel_rad.to_degrees()
            )
        } else {
            &format!(
                "Azimuthal equidistant, centred on the launch site: distance and direction from the site are true. ● in reach  ○ out of reach  ◎ target{stages_key} (labels where room){counts}"
            )
        };
        let note_size = fit_size(&area, note, 13.0 * s, (pw as i32 - key_x).max(10) as u32, font);
        area.draw(&Text::new(
            note.to_string(),
            (key_x, by),
            font(note_size).color(&MUTED).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        Ok(())
    }
}

/// Draw a dashed polyline: dashes of `dash_px` pixels with equal gaps.
fn draw_dashed<DB: DrawingBackend>(
    chart: &mut XyChart<DB>,
    pts: &[(f64, f64)],
    style: ShapeStyle,
    dash_px: f64,
    km_per_px: f64,
    min_px: f64,
) -> Result<(), DrawError> {
    let dash = dash_px * km_per_px;
    let mut on = true;
    let mut left = dash;
    let mut current = vec![pts[0]];
    for w in pts.windows(2) {
        let (mut a, b) = (w[0], w[1]);
        let mut seg = (b.0 - a.0).hypot(b.1 - a.1);
        while seg > left {
            let t = left / seg;
            let c = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
            if on {
                current.push(c);
                draw_polyline(chart, &current, style, min_px)?;
            }
            current = vec![c];
            on = !on;
            seg -= left;
            left = dash;
            a = c;
        }
        left -= seg;
        if on {
            current.push(b);
        } else {
            current = vec![b];
        }
    }
    if on && current.len() >= 2 {
        draw_polyline(chart, &current, style, min_px)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_world_map_fills_its_plot() {
        // Width 2πR cos φ over height πR equals the plot's aspect.
        let phi = world_parallel_rad(1600, 1000);
        assert!((2.0 * phi.cos() - 1.6).abs() < 1e-12);
        assert_eq!(world_parallel_rad(2000, 1000), 0.0);
        assert_eq!(world_parallel_rad(3000, 1000), 0.0);
        assert!((world_parallel_rad(500, 1000) - 60f64.to_radians()).abs() < 1e-12);
    }

    #[test]
    fn segments_and_label_boxes() {
        let b = (10, 10, 20, 20);
        assert!(segment_hits_box((0, 15), (30, 15), b)); // straight through
        assert!(segment_hits_box((12, 12), (14, 14), b)); // inside
        assert!(!segment_hits_box((0, 0), (30, 5), b)); // above
        assert!(!segment_hits_box((0, 30), (5, 0), b)); // left, diagonal
        assert!(segment_hits_box((0, 0), (30, 30), b)); // diagonal through
    }
}
