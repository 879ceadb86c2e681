//! The trajectory figure: the lofted test and the standard trajectory, to scale
//! over the curved Earth (left) and as altitude against ground distance (right).

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{EARTH_FILL, EARTH_LINE, FRAME, GRID, LOFTED, MUTED, STANDARD, TEXT};
use super::{
    bold, clip_polygon, draw_header, draw_polyline, equal_aspect_view, fit_size, fmt_km, fmt_min, fmt_thousands,
    fmt_tick, font, nice_length, render, DrawError, Figure, PlotError, Rect, XyChart,
};
use crate::flight::trajectory::Trajectory;
use crate::vehicle::stages::StagesOf;

/// Name of the lofted trajectory in the figure.
pub const LOFTED_NAME: &str = "lofted test";
/// Name of the standard trajectory in the figure.
pub const STANDARD_NAME: &str = "standard trajectory";
/// Name of the spent stages' impact markers in the legend.
pub const STAGES_NAME: &str = "spent stage impacts";

/// Where one spent stage came down, as the figure draws it: on the ground line of the
/// flight it was dropped from, labelled "stage N".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StageMark {
    /// The flight that dropped it (drawn in that flight's colour).
    pub flight: StagesOf,
    /// Stage number, 1 for the first.
    pub stage: usize,
    /// Ground distance from the launch site to the impact, m.
    pub downrange_m: f64,
}

/// What the trajectory figure shows.
#[derive(Clone, Debug)]
pub struct TrajectoryFigure<'a> {
    /// Headline, e.g. "Hwasong-15 2017-11-28 — standard range 9,983 km".
    pub title: String,
    /// The model's assumptions on one line, e.g. "model kepler: non-rotating
    /// spherical Earth, point-mass gravity, no air, impulsive burnout at 0 km".
    pub assumptions: String,
    /// Radius of the Earth drawn in the cross-section, m.
    pub earth_radius_m: f64,
    /// The test as flown (`None` in forward mode, where there is no lofted test).
    pub lofted: Option<&'a Trajectory>,
    /// The standard trajectory; `None` when it has global reach (or was not computed).
    pub standard: Option<&'a Trajectory>,
    /// The standard trajectory has global reach: the figure says so instead of drawing
    /// it. Only consulted when `standard` is `None`.
    pub global_reach: bool,
    /// Global reach in the words of the text report: "global reach toward 66.6°
    /// (other directions may be bounded)" or "global reach in every direction".
    pub global_reach_text: String,
    /// The test's reported flight time, s, shown beside the computed one.
    pub reported_flight_time_s: Option<f64>,
    /// Spent stages' impacts (boost model with a staged vehicle); empty draws none and
    /// adds no legend entry. Marks of a flight that is not drawn are left out.
    pub stage_impacts: Vec<StageMark>,
}

/// Draw `fig` to `path` (`.png` or `.svg`, chosen by extension) at
/// `width_px` × `height_px` (1200 × 800 is the default the layout is tuned for).
/// The file is written whole or not at all.
pub fn draw_trajectories(fig: &TrajectoryFigure, path: &Path, width_px: u32, height_px: u32) -> Result<(), PlotError> {
    fig.check().map_err(|message| PlotError::InvalidData { path: path.to_path_buf(), message })?;
    render(fig, path, width_px, height_px)
}

/// The same figure as [`draw_trajectories`], as an SVG document in a `String` (nothing is written).
pub fn trajectories_svg(fig: &TrajectoryFigure, width_px: u32, height_px: u32) -> Result<String, PlotError> {
    let label = Path::new(super::SVG_LABEL);
    fig.check().map_err(|message| PlotError::InvalidData { path: label.to_path_buf(), message })?;
    super::render_svg(fig, label, width_px, height_px)
}

/// One trajectory as drawn: name, colour, data.
struct Series<'a> {
    name: &'static str,
    color: RGBColor,
    traj: &'a Trajectory,
}

impl<'a> TrajectoryFigure<'a> {
    fn series(&self) -> Vec<Series<'a>> {
        let mut v = Vec::new();
        if let Some(t) = self.lofted {
            v.push(Series { name: LOFTED_NAME, color: LOFTED, traj: t });
        }
        if let Some(t) = self.standard {
            v.push(Series { name: STANDARD_NAME, color: STANDARD, traj: t });
        }
        v
    }

    /// The stage marks of the flights drawn, each with its flight's colour.
    fn stage_marks(&self) -> Vec<(StageMark, RGBColor)> {
        self.stage_impacts
            .iter()
            .filter_map(|m| match m.flight {
                StagesOf::Test if self.lofted.is_some() => Some((*m, LOFTED)),
                StagesOf::Standard if self.standard.is_some() => Some((*m, STANDARD)),
                _ => None,
            })
            .collect()
    }

    fn any_powered(&self) -> bool {
        self.series().iter().any(|s| s.traj.points.iter().any(|p| p.powered))
    }

    /// Refuse data that cannot be drawn, with a message naming what is wrong.
    fn check(&self) -> Result<(), String> {
        let r = self.earth_radius_m;
        if !(r.is_finite() && r > 0.0) {
            return Err(format!("Earth radius {r} m is not a positive number"));
        }
        if self.series().is_empty() {
            return Err("no trajectory to draw (no lofted test, and the standard trajectory has global reach)".into());
        }
        for s in self.series() {
            let t = s.traj;
            if t.points.len() < 2 {
                return Err(format!("{} has {} point(s); at least 2 are needed", s.name, t.points.len()));
            }
            let summary_ok = [t.apogee_m, t.range_m, t.flight_time_s].iter().all(|v| v.is_finite());
            let points_ok = t
                .points
                .iter()
                .all(|p| p.altitude_m.is_finite() && p.ground_distance_m.is_finite() && p.time_s.is_finite());
            if !(summary_ok && points_ok) {
                return Err(format!("{} has non-finite values", s.name));
            }
            if t.points.iter().any(|p| p.altitude_m <= -r) {
                return Err(format!("{} goes below the centre of the Earth", s.name));
            }
        }
        if let Some(m) = self.stage_impacts.iter().find(|m| !(m.downrange_m.is_finite() && m.downrange_m >= 0.0)) {
            return Err(format!("stage {} impact distance {} m is not a distance", m.stage, m.downrange_m));
        }
        Ok(())
    }
}

/// Summary of one trajectory for its legend entry, saying which flight time it is:
/// the computed free flight (impulsive burnout) or launch to impact (a powered flight).
fn summary(t: &Trajectory) -> String {
    let what = if t.points.iter().any(|p| p.powered) { "launch to impact" } else { "free flight" };
    format!(
        "apogee {} km · range {} km · {what} {} min (computed)",
        crate::fmt::km_tenths(t.apogee_m / 1e3),
        crate::fmt::km_tenths(t.range_m / 1e3),
        fmt_min(t.flight_time_s)
    )
}

/// The legend's words for the stage marks, flight by flight: "test flight: stage 1 at
/// 58 km, stage 2 at 512 km · standard trajectory: stage 1 at 75 km".
fn stages_summary(marks: &[(StageMark, RGBColor)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (flight, name) in [(StagesOf::Test, "test flight"), (StagesOf::Standard, STANDARD_NAME)] {
        let at: Vec<String> = marks
            .iter()
            .filter(|(m, _)| m.flight == flight)
            .map(|(m, _)| format!("stage {} at {} km", m.stage, fmt_thousands(m.downrange_m / 1e3, 0)))
            .collect();
        if !at.is_empty() {
            parts.push(format!("{name}: {}", at.join(", ")));
        }
    }
    parts.join(" · ")
}

/// A point at ground distance `gd_m` and altitude `alt_m` in the cross-section, km:
/// radius R + altitude at polar angle gd/R − `phi0_rad` from the vertical.
fn cross_section_xy_km(gd_m: f64, alt_m: f64, phi0_rad: f64, earth_radius_m: f64) -> (f64, f64) {
    let phi = gd_m / earth_radius_m - phi0_rad;
    let r = (earth_radius_m + alt_m) / 1000.0;
    (r * phi.sin(), r * phi.cos())
}

/// "×3.6", or "×0.5 (compressed)" when altitudes are drawn smaller than distances.
fn exaggeration_label(x: f64) -> String {
    if x >= 1.0 {
        format!("×{}", fmt_tick((x * 10.0).round() / 10.0))
    } else {
        format!("×{} (compressed)", fmt_tick((x * 100.0).round() / 100.0))
    }
}

/// Consecutive runs of points with the same `powered` flag, as (powered, indices);
/// neighbouring runs share their boundary point so the curve stays continuous.
fn powered_runs(t: &Trajectory) -> Vec<(bool, std::ops::Range<usize>)> {
    let pts = &t.points;
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..pts.len() {
        if pts[i].powered != pts[start].powered {
            // A powered run ends at the first unpowered point (burnout), and vice versa.
            runs.push((pts[start].powered, start..i + 1));
            start = i;
        }
    }
    runs.push((pts[start].powered, start..pts.len()));
    runs
}

/// Index of the highest point.
fn apogee_index(t: &Trajectory) -> usize {
    t.points
        .iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |best, (i, p)| if p.altitude_m > best.1 { (i, p.altitude_m) } else { best })
        .0
}

/// Line widths and marker sizes at text scale `s`.
struct Strokes {
    /// Frames, axes, grid.
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
            thin: (2.5 * s).round().max(1.0) as u32,
            thick: (6.0 * s).round().max(3.0) as u32,
            marker: (4.0 * s).round().max(2.0) as i32,
            min_seg_px: (4.0 * s).max(3.0),
        }
    }
}

impl Figure for TrajectoryFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, s: f64) -> Result<(), DrawError> {
        let px = |v: f64| (v * s).round() as i32;
        let pad = px(16.0);

        // --- Header: title and assumptions -------------------------------
        let mut y = draw_header(root, &self.title, &self.assumptions, s)? + px(10.0);

        // --- Legend, shared by both panels ------------------------------
        y = self.draw_legend(root, pad, y, s)?;
        y += px(10.0);

        // --- Panels, each with a caption on the same line -----------------
        let body = root.margin(y as u32, pad as u32, pad as u32, pad as u32);
        let (bw, _) = body.dim_in_pixel();
        let (left, right) = body.split_horizontally((bw as f64 * 0.56).round() as u32);
        let gap = px(14.0) as u32;
        let left = left.margin(0, 0, 0, gap);
        let right = right.margin(0, 0, gap, 0);
        let cap_h = px(24.0) as u32;
        let caption = |area: &DrawingArea<DB, Shift>, text: &str| -> Result<(), DrawError> {
            let (aw, _) = area.dim_in_pixel();
            let size = fit_size(area, text, 15.0 * s, aw, font);
            area.draw(&Text::new(
                text.to_string(),
                (aw as i32 / 2, 0),
                font(size).color(&TEXT).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
            Ok(())
        };
        caption(
            &left,
            &format!(
                "Cross-section through the flight plane, to scale (Earth radius {} km)",
                fmt_km(self.earth_radius_m)
            ),
        )?;
        self.draw_cross_section(&left.margin(cap_h, 0, 0, 0), s)?;
        let exaggeration = self.draw_profile(&right.margin(cap_h, 0, 0, 0), s)?;
        caption(
            &right,
            &format!("Altitude against ground distance (vertical exaggeration {})", exaggeration_label(exaggeration)),
        )?;
        Ok(())
    }
}

impl TrajectoryFigure<'_> {
    /// One line per trajectory (line sample, bold name, summary) below the
    /// header; returns the y below the legend.
    fn draw_legend<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        x: i32,
        mut y: i32,
        s: f64,
    ) -> Result<i32, DrawError> {
        let px = |v: f64| (v * s).round() as i32;
        let st = Strokes::new(s);
        let size = 15.0 * s;
        let line_h = px(22.0);
        let sample = px(36.0);
        let text_x = x + sample + px(8.0);
        let mut entry = |color: RGBColor, name: &str, rest: &str, line_width: Option<u32>| -> Result<(), DrawError> {
            let mid = y + line_h / 2;
            match line_width {
                Some(0) => {
                    root.draw(&Cross::new((x + sample / 2, mid), st.marker + 1, color.stroke_width(st.hair + 1)))?
                }
                Some(lw) => root.draw(&PathElement::new(vec![(x, mid), (x + sample, mid)], color.stroke_width(lw)))?,
                None => {}
            }
            let name_style = bold(size).color(&color).pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(name.to_string(), (text_x, mid), name_style.clone()))?;
            let (name_w, _) = super::text_size(root, name, &name_style)?;
            root.draw(&Text::new(
                rest.to_string(),
                (text_x + name_w as i32, mid),
                font(size).color(&TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            y += line_h;
            Ok(())
        };
        if let Some(t) = self.lofted {
            let reported = self
                .reported_flight_time_s
                .map(|r| format!(" · reported flight time {} min", fmt_min(r)))
                .unwrap_or_default();
            entry(LOFTED, LOFTED_NAME, &format!(": {}{reported}", summary(t)), Some(st.thin))?;
        }
        match self.standard {
            Some(t) => entry(STANDARD, STANDARD_NAME, &format!(": {}", summary(t)), Some(st.thin))?,
            // One text element, so the SVG carries the whole statement.
            None if self.global_reach => {
                entry(STANDARD, &format!("{STANDARD_NAME}: {}", self.global_reach_text), " — not drawn", None)?
            }
            None => entry(STANDARD, &format!("{STANDARD_NAME}: not available"), " — not drawn", None)?,
        }
        if self.any_powered() {
            entry(MUTED, "thick line", ": powered flight", Some(st.thick))?;
        }
        let marks = self.stage_marks();
        if !marks.is_empty() {
            // Some(0): the cross the panels draw, not a line.
            entry(TEXT, STAGES_NAME, &format!(": {}", stages_summary(&marks)), Some(0))?;
        }
        Ok(y)
    }

    /// Left panel: a cross-section of the Earth through the flight plane, to
    /// scale. Each point sits at radius R + altitude and polar angle
    /// ground distance / R from the common launch point; the launch point and
    /// the farthest point are placed symmetrically about the vertical.
    fn draw_cross_section<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> Result<(), DrawError> {
        let px = |v: f64| (v * s).round() as i32;
        let st = Strokes::new(s);
        let r_km = self.earth_radius_m / 1000.0;
        // Map on top, a strip below it for the scale bar and the key.
        let strip_h = px(30.0);
        let plot = area.margin(0, strip_h as u32, 0, 0);
        let (pw, ph) = plot.dim_in_pixel();

        let series = self.series();
        let max_angle = series
            .iter()
            .flat_map(|sr| sr.traj.points.iter())
            .map(|p| p.ground_distance_m / self.earth_radius_m)
            .fold(0.0f64, f64::max);
        // The lofted test's apogee straight up, so that its arc leans forward from the
        // launch point as it does over the local horizon; without one, the launch point
        // and the farthest point sit symmetrically about the vertical.
        let phi0 = match self.lofted {
            Some(t) => t.points[apogee_index(t)].ground_distance_m / self.earth_radius_m,
            None => 0.5 * max_angle,
        };
        let to_xy = |gd_m: f64, alt_m: f64| cross_section_xy_km(gd_m, alt_m, phi0, self.earth_radius_m);
        let curves: Vec<Vec<(f64, f64)>> = series
            .iter()
            .map(|sr| sr.traj.points.iter().map(|p| to_xy(p.ground_distance_m, p.altitude_m)).collect())
            .collect();
        let launch = to_xy(0.0, 0.0);
        let marks = self.stage_marks();
        let stage_xy: Vec<(f64, f64)> = marks.iter().map(|(m, _)| to_xy(m.downrange_m, 0.0)).collect();
        // Data box: all trajectory points, the launch point and the stage impacts.
        let mut data = Rect { x0: launch.0, x1: launch.0, y0: launch.1, y1: launch.1 };
        for &(x, y) in curves.iter().flatten().chain(&stage_xy) {
            data.x0 = data.x0.min(x);
            data.x1 = data.x1.max(x);
            data.y0 = data.y0.min(y);
            data.y1 = data.y1.max(y);
        }
        // Never zoom in below 100 km across, so a very short test keeps some context.
        let min_span = 100.0;
        for (lo, hi) in [(&mut data.x0, &mut data.x1), (&mut data.y0, &mut data.y1)] {
            if *hi - *lo < min_span {
                let mid = 0.5 * (*lo + *hi);
                *lo = mid - 0.5 * min_span;
                *hi = mid + 0.5 * min_span;
            }
        }
        let margin = 20.0 * s;
        let view = equal_aspect_view(data, (pw, ph), [margin; 4], true);

        let mut chart = ChartBuilder::on(&plot).build_cartesian_2d(view.x0..view.x1, view.y0..view.y1)?;
        let km_per_px = (view.x1 - view.x0) / pw as f64;

        // Earth: the disk clipped to the view, and its surface.
        let n = 4096;
        let circle: Vec<(f64, f64)> = (0..=n)
            .map(|i| {
                let a = std::f64::consts::TAU * i as f64 / n as f64;
                (r_km * a.sin(), r_km * a.cos())
            })
            .collect();
        let disk = clip_polygon(&circle[..n], &view);
        if disk.len() >= 3 {
            chart.draw_series(std::iter::once(Polygon::new(disk, EARTH_FILL.filled())))?;
        }
        draw_polyline(
            &mut chart,
            &circle,
            EARTH_LINE.stroke_width((1.5 * s).round().max(1.0) as u32),
            // The surface curves gently: longer segments keep it from wobbling.
            3.0 * st.min_seg_px,
        )?;

        // Trajectories: the standard one first so the lofted test stays on top.
        for (sr, curve) in series.iter().zip(&curves).rev() {
            for (powered, idx) in powered_runs(sr.traj) {
                let width = if powered { st.thick } else { st.thin };
                draw_polyline(&mut chart, &curve[idx], sr.color.stroke_width(width), st.min_seg_px)?;
            }
            let apo = curve[apogee_index(sr.traj)];
            let end = *curve.last().expect("checked: at least 2 points");
            for p in [apo, end] {
                if view.contains(p) {
                    chart.draw_series(std::iter::once(Circle::new(p, st.marker, sr.color.filled())))?;
                }
            }
        }
        // Spent stages: a cross on the ground line, "stage N" above it.
        for ((m, color), &p) in marks.iter().zip(&stage_xy) {
            if view.contains(p) {
                draw_stage_mark(&mut chart, p, m, *color, s)?;
            }
        }
        if view.contains(launch) {
            chart.draw_series(std::iter::once(Circle::new(launch, st.marker + 1, TEXT.filled())))?;
        }
        plot.draw(&Rectangle::new([(0, 0), (pw as i32 - 1, ph as i32 - 1)], FRAME.stroke_width(st.hair)))?;

        // Below the map (drawn on `area`: plotters clamps points to the area
        // they are drawn on): scale bar, then the key to the markers.
        let bar_km = nice_length(0.25 * (view.x1 - view.x0));
        let bar_px = (bar_km / km_per_px).round() as i32;
        let (bx, by) = (px(2.0), ph as i32 + strip_h - px(7.0));
        let tick = px(6.0);
        area.draw(&PathElement::new(
            vec![(bx, by - tick), (bx, by), (bx + bar_px, by), (bx + bar_px, by - tick)],
            TEXT.stroke_width((2.0 * s).round().max(1.0) as u32),
        ))?;
        let small = font(13.0 * s).color(&TEXT);
        area.draw(&Text::new(
            format!("{} km", fmt_thousands(bar_km, 0)),
            (bx + bar_px + px(8.0), by),
            small.pos(Pos::new(HPos::Left, VPos::Bottom)),
        ))?;
        // Key, right-aligned: ● launch point   ●● apogee, impact
        let r = st.marker;
        let dot_y = by - px(7.0);
        let apo_text = "apogee, impact";
        let launch_text = "launch point";
        let text_w = |t: &str| -> Result<i32, DrawError> { Ok(super::text_size(area, t, &small)?.0 as i32) };
        let mut x = pw as i32 - text_w(apo_text)?;
        area.draw(&Text::new(apo_text, (x, by), small.pos(Pos::new(HPos::Left, VPos::Bottom))))?;
        for sr in series.iter().rev() {
            x -= 2 * r + px(3.0);
            area.draw(&Circle::new((x + r, dot_y), r, sr.color.filled()))?;
        }
        x -= px(18.0) + text_w(launch_text)?;
        area.draw(&Text::new(launch_text, (x, by), small.pos(Pos::new(HPos::Left, VPos::Bottom))))?;
        x -= 2 * (r + 1) + px(4.0);
        area.draw(&Circle::new((x + r + 1, dot_y), r + 1, TEXT.filled()))?;
        Ok(())
    }

    /// Right panel: altitude against ground distance, both in km.
    /// Right panel; returns its vertical exaggeration (the vertical scale in pixels
    /// per km over the horizontal one).
    fn draw_profile<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> Result<f64, DrawError> {
        let px = |v: f64| (v * s).round() as i32;
        let st = Strokes::new(s);
        let series = self.series();
        let pts = || series.iter().flat_map(|sr| sr.traj.points.iter());
        let marks = self.stage_marks();
        let x_max =
            pts().map(|p| p.ground_distance_m).chain(marks.iter().map(|(m, _)| m.downrange_m)).fold(0.0f64, f64::max)
                / 1000.0;
        let y_max = pts().map(|p| p.altitude_m).fold(0.0f64, f64::max) / 1000.0;
        let y_min = pts().map(|p| p.altitude_m).fold(0.0f64, f64::min) / 1000.0;
        let x_hi = (x_max * 1.04).max(1.0);
        let y_hi = (y_max * 1.08).max(1.0);
        // Room below the ground line for the stage labels' rows (the plot's height is
        // about the area's less the x label area).
        let y_lo = match marks.iter().map(|(m, _)| stage_label_row(m.flight)).max() {
            Some(rows) => {
                let label_px = (12.0 + 2.0 + STAGE_LABEL_ROW * (rows + 1) as f64) * s;
                let plot_px = (area.dim_in_pixel().1 as f64 - 44.0 * s).max(label_px + 1.0);
                let lo = y_min.min(0.0);
                lo - (y_hi - lo) * label_px / (plot_px - label_px)
            }
            None => y_min.min(0.0),
        };

        let mut chart = ChartBuilder::on(area)
            .margin_right((12.0 * s).round() as u32)
            .x_label_area_size((44.0 * s).round() as u32)
            .y_label_area_size((68.0 * s).round() as u32)
            .build_cartesian_2d(0.0..x_hi, y_lo..y_hi)?;
        let (pw, ph) = chart.plotting_area().dim_in_pixel();
        let exaggeration = (ph as f64 / (y_hi - y_lo)) / (pw as f64 / x_hi);
        chart
            .configure_mesh()
            .x_desc("ground distance (km)")
            .y_desc("altitude (km)")
            .x_labels(6)
            .y_labels(8)
            .x_label_formatter(&|v| fmt_tick(*v))
            .y_label_formatter(&|v| fmt_tick(*v))
            .label_style(font(13.0 * s).color(&TEXT))
            .axis_desc_style(font(14.0 * s).color(&TEXT))
            .axis_style(MUTED.stroke_width(st.hair))
            .bold_line_style(GRID.stroke_width(st.hair))
            .light_line_style(TRANSPARENT)
            .set_all_tick_mark_size(px(5.0))
            .draw()?;

        for sr in series.iter().rev() {
            let xy: Vec<(f64, f64)> =
                sr.traj.points.iter().map(|p| (p.ground_distance_m / 1000.0, p.altitude_m / 1000.0)).collect();
            for (powered, idx) in powered_runs(sr.traj) {
                let width = if powered { st.thick } else { st.thin };
                draw_polyline(&mut chart, &xy[idx], sr.color.stroke_width(width), st.min_seg_px)?;
            }
            let apo = xy[apogee_index(sr.traj)];
            let end = *xy.last().expect("checked: at least 2 points");
            chart.draw_series([apo, end].into_iter().map(|p| Circle::new(p, st.marker, sr.color.filled())))?;
        }
        for (m, color) in &marks {
            draw_stage_mark(&mut chart, (m.downrange_m / 1000.0, 0.0), m, *color, s)?;
        }
        chart.draw_series(std::iter::once(Circle::new((0.0, 0.0), st.marker + 1, TEXT.filled())))?;
        Ok(exaggeration)
    }
}

/// Height of one row of stage labels below the ground line, design px.
const STAGE_LABEL_ROW: f64 = 14.0;

/// The row of a stage's label below the ground line: the test flight's first, the
/// standard trajectory's below it, so that labels of stages falling close together
/// on the two flights do not overlap.
fn stage_label_row(flight: StagesOf) -> i32 {
    match flight {
        StagesOf::Test => 0,
        StagesOf::Standard => 1,
    }
}

/// One spent stage's impact at `p` (km, on the ground line): a cross in the flight's
/// colour with "stage N" below it, in row `stage_label_row`.
fn draw_stage_mark<DB: DrawingBackend>(
    chart: &mut XyChart<'_, DB>,
    p: (f64, f64),
    m: &StageMark,
    color: RGBColor,
    s: f64,
) -> Result<(), DrawError> {
    let st = Strokes::new(s);
    let r = st.marker + 1;
    chart.draw_series(std::iter::once(Cross::new(p, r, color.stroke_width(st.hair + 1))))?;
    let label = font(12.0 * s).color(&color).pos(Pos::new(HPos::Center, VPos::Top));
    let below = (0, r + (2.0 * s).round() as i32 + stage_label_row(m.flight) * (STAGE_LABEL_ROW * s).round() as i32);
    chart.draw_series(std::iter::once(EmptyElement::at(p) + Text::new(format!("stage {}", m.stage), below, label)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With the lofted apogee straight up, the seed test's rising branch leans forward:
    /// the apogee (475 km downrange, 4,475 km up) is right of the launch point, and the
    /// standard trajectory's impact further right still.
    #[test]
    fn the_lofted_arc_leans_forward_in_the_cross_section() {
        let r = 6_371e3;
        let phi0 = 475e3 / r;
        let launch = cross_section_xy_km(0.0, 0.0, phi0, r);
        let apogee = cross_section_xy_km(475e3, 4_475e3, phi0, r);
        let impact = cross_section_xy_km(950e3, 0.0, phi0, r);
        assert!(apogee.0.abs() < 1e-9 && apogee.1 > launch.1);
        assert!(launch.0 < apogee.0 && apogee.0 < impact.0);
        assert!(cross_section_xy_km(9_983e3, 0.0, phi0, r).0 > impact.0);
    }

    #[test]
    fn exaggeration_labels() {
        assert_eq!(exaggeration_label(3.54), "×3.5");
        assert_eq!(exaggeration_label(0.456), "×0.46 (compressed)");
    }
    use crate::flight::trajectory::TrajectoryPoint;

    fn traj(powered_points: usize) -> Trajectory {
        let points: Vec<TrajectoryPoint> = (0..=10)
            .map(|i| TrajectoryPoint {
                time_s: i as f64,
                altitude_m: (i * (10 - i)) as f64,
                ground_distance_m: i as f64,
                lat_rad: 0.0,
                lon_rad: 0.0,
                powered: i < powered_points,
            })
            .collect();
        Trajectory { apogee_m: 25.0, range_m: 10.0, flight_time_s: 10.0, points }
    }

    #[test]
    fn runs_share_boundary_points() {
        assert_eq!(powered_runs(&traj(0)), vec![(false, 0..11)]);
        assert_eq!(powered_runs(&traj(3)), vec![(true, 0..4), (false, 3..11)]);
        assert_eq!(powered_runs(&traj(11)), vec![(true, 0..11)]);
    }

    #[test]
    fn summary_uses_km_and_min() {
        let t = Trajectory { apogee_m: 4_475_000.0, range_m: 950_400.0, flight_time_s: 3180.0, points: vec![] };
        assert_eq!(summary(&t), "apogee 4,475 km · range 950.4 km · free flight 53.0 min (computed)");
    }
}
