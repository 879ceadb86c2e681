//! The payload-range curve of a vehicle: the standard range for each payload, with
//! the payload that reproduces the lofted test marked.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::palette::{GRID, LOFTED, MUTED, STANDARD, TEXT};
use super::{draw_header, fmt_thousands, fmt_tick, font, render, DrawError, Figure, PlotError};

/// What the payload-range figure shows (SI data, kg and km labels).
#[derive(Clone, Debug)]
pub struct PayloadRangeFigure<'a> {
    /// Headline.
    pub title: String,
    /// One line under it: vehicle, model, assumptions.
    pub subtitle: String,
    /// (payload kg, standard range m) for each payload that flies a bounded trajectory.
    pub points: &'a [(f64, f64)],
    /// The fitted payload and its standard range (m; None with global reach).
    pub fitted: (f64, Option<f64>),
    /// Half the Earth's circumference, m: the range past which a flight has global
    /// reach, marked on the figure.
    pub half_circumference_m: f64,
}

/// Draw `fig` to `path` (`.png` or `.svg`) at `width_px` × `height_px`, atomically.
pub fn draw_payload_range(
    fig: &PayloadRangeFigure,
    path: &Path,
    width_px: u32,
    height_px: u32,
) -> Result<(), PlotError> {
    let bad = |message: &str| PlotError::InvalidData { path: path.to_path_buf(), message: message.to_string() };
    if fig.points.len() < 2 {
        return Err(bad("fewer than two payloads with a bounded standard range"));
    }
    if fig.points.iter().any(|(p, r)| !(p.is_finite() && r.is_finite())) {
        return Err(bad("non-finite payload or range"));
    }
    render(fig, path, width_px, height_px)
}

impl Figure for PayloadRangeFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, s: f64) -> Result<(), DrawError> {
        let px = |v: f64| (v * s).round() as i32;
        let pad = px(16.0);
        let y = draw_header(root, &self.title, &self.subtitle, s)? + px(10.0);
        let area = root.margin(y as u32, pad as u32, pad as u32, pad as u32);

        let xs = self.points.iter().map(|p| p.0).chain(std::iter::once(self.fitted.0));
        let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
        let ys = self.points.iter().map(|p| p.1 / 1e3).chain(self.fitted.1.map(|r| r / 1e3));
        let half_km = self.half_circumference_m / 1e3;
        let y1 = ys.fold(half_km, f64::max) * 1.08;
        let dx = (x1 - x0).max(1.0) * 0.04;
        let mut chart = ChartBuilder::on(&area)
            .margin_right(px(12.0) as u32)
            .x_label_area_size(px(44.0) as u32)
            .y_label_area_size(px(76.0) as u32)
            .build_cartesian_2d((x0 - dx)..(x1 + dx), 0.0..y1.max(1.0))?;
        chart
            .configure_mesh()
            .x_desc("payload (kg)")
            .y_desc("standard range (km)")
            .x_labels(8)
            .y_labels(8)
            .x_label_formatter(&|v| fmt_tick(*v))
            .y_label_formatter(&|v| fmt_thousands(*v, 0))
            .label_style(font(13.0 * s).color(&TEXT))
            .axis_desc_style(font(14.0 * s).color(&TEXT))
            .axis_style(MUTED.stroke_width(1))
            .bold_line_style(GRID.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .draw()?;
        let stroke = (2.5 * s).round().max(1.0) as u32;
        // Half the circumference: a flight reaching it has global reach.
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x0 - dx, half_km), (x1 + dx, half_km)],
                MUTED.stroke_width((1.5 * s).round().max(1.0) as u32),
            )))?
            .label(format!("half the circumference ({} km): at and beyond it, global reach", fmt_thousands(half_km, 0)))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], MUTED.stroke_width(2)));
        let curve: Vec<(f64, f64)> = self.points.iter().map(|&(p, r)| (p, r / 1e3)).collect();
        chart
            .draw_series(LineSeries::new(curve.clone(), STANDARD.stroke_width(stroke)))?
            .label("standard range of the same vehicle")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], STANDARD.stroke_width(stroke)));
        let r = (3.5 * s).round().max(2.0) as i32;
        if let (p, Some(range_m)) = self.fitted {
            let label = format!(
                "payload fitted to the test: {} kg, {} km",
                fmt_thousands(p, 0),
                fmt_thousands(range_m / 1e3, 0)
            );
            chart
                .draw_series(std::iter::once(Circle::new((p, range_m / 1e3), 2 * r, LOFTED.filled())))?
                .label(label)
                .legend(move |(x, y)| Circle::new((x + 10, y), r, LOFTED.filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerLeft)
            .label_font(font(13.0 * s).color(&TEXT))
            .background_style(WHITE.mix(0.85))
            .border_style(MUTED)
            .draw()?;
        Ok(())
    }
}
