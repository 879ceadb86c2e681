//! The Monte Carlo histogram: the sampled standard ranges, their median and 5–95 %
//! interval, and the standard range of the nominal inputs marked.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::palette::{GRID, LOFTED, MUTED, STANDARD, TEXT, THIRD};
use super::{draw_header, fmt_thousands, fmt_tick, font, render, DrawError, Figure, PlotError};

/// What the histogram shows (SI data, km labels).
#[derive(Clone, Debug)]
pub struct HistogramFigure<'a> {
    /// Headline.
    pub title: String,
    /// One line under it: model, distribution, seed, failures.
    pub subtitle: String,
    /// The bounded standard ranges, m (global-reach samples are not drawn: say so in the subtitle).
    pub values_m: &'a [f64],
    /// Samples with global reach (not in `values_m`). When every sample with an answer
    /// has it, the figure says so in place of the bars.
    pub global_reach_samples: usize,
    /// The standard range of the nominal inputs (the inputs without their ±), m
    /// (`None`: global reach).
    pub point_m: Option<f64>,
    /// The median of the samples that succeeded, m (`None`: global reach or none).
    pub p50_m: Option<f64>,
    /// 5th percentile, m.
    pub p05_m: Option<f64>,
    /// 95th percentile, m.
    pub p95_m: Option<f64>,
}

/// Draw `fig` to `path` (`.png` or `.svg`) at `width_px` × `height_px`, atomically.
pub fn draw_histogram(fig: &HistogramFigure, path: &Path, width_px: u32, height_px: u32) -> Result<(), PlotError> {
    fig.check().map_err(|message| PlotError::InvalidData { path: path.to_path_buf(), message })?;
    render(fig, path, width_px, height_px)
}

/// The same figure as [`draw_histogram`], as an SVG document in a `String` (nothing is written).
pub fn histogram_svg(fig: &HistogramFigure, width_px: u32, height_px: u32) -> Result<String, PlotError> {
    let label = Path::new(super::SVG_LABEL);
    fig.check().map_err(|message| PlotError::InvalidData { path: label.to_path_buf(), message })?;
    super::render_svg(fig, label, width_px, height_px)
}

impl HistogramFigure<'_> {
    /// Refuse data that cannot be drawn, with a message naming what is wrong.
    fn check(&self) -> Result<(), String> {
        if self.values_m.is_empty() && self.global_reach_samples == 0 {
            return Err("no sample has a standard range or global reach to draw (every sample failed)".into());
        }
        if self.values_m.iter().any(|v| !v.is_finite()) {
            return Err("non-finite standard range in the samples".into());
        }
        Ok(())
    }

    /// Bin edges (km) and counts: about √n bins, 10 to 60.
    fn bins(&self) -> (f64, f64, Vec<u32>) {
        let km: Vec<f64> = self.values_m.iter().map(|v| v / 1e3).collect();
        let lo = km.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = km.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let n = ((km.len() as f64).sqrt().round() as usize).clamp(10, 60);
        let (lo, hi) = if hi - lo < 1e-9 { (lo - 1.0, hi + 1.0) } else { (lo, hi) };
        let w = (hi - lo) / n as f64;
        let mut counts = vec![0u32; n];
        for v in km {
            counts[(((v - lo) / w) as usize).min(n - 1)] += 1;
        }
        (lo, w, counts)
    }
}

impl Figure for HistogramFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, s: f64) -> Result<(), DrawError> {
        let px = |v: f64| (v * s).round() as i32;
        let pad = px(16.0);
        let y = draw_header(root, &self.title, &self.subtitle, s)? + px(10.0);
        let area = root.margin(y as u32, pad as u32, pad as u32, pad as u32);
        if self.values_m.is_empty() {
            // Every sample with an answer has global reach: that is the result, in words.
            use plotters::style::text_anchor::{HPos, Pos, VPos};
            let (w, h) = area.dim_in_pixel();
            let centre = |dy: i32| (w as i32 / 2, h as i32 / 2 + dy);
            let line = format!("Global reach in all {} samples with an answer", self.global_reach_samples);
            area.draw(&Text::new(
                line,
                centre(-px(14.0)),
                super::bold(22.0 * s).color(&STANDARD).pos(Pos::new(HPos::Center, VPos::Center)),
            ))?;
            area.draw(&Text::new(
                "no bounded standard range to draw (global reach in the estimate's direction)".to_string(),
                centre(px(16.0)),
                font(14.0 * s).color(&MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
            ))?;
            return Ok(());
        }

        let (lo, bw, counts) = self.bins();
        let hi = lo + bw * counts.len() as f64;
        let mut x0 = lo - bw;
        let mut x1 = hi + bw;
        if let Some(p) = self.point_m.map(|p| p / 1e3) {
            x0 = x0.min(p - bw);
            x1 = x1.max(p + bw);
        }
        let top = *counts.iter().max().unwrap_or(&1) as f64 * 1.15;
        let mut chart = ChartBuilder::on(&area)
            .margin_right(px(12.0) as u32)
            .x_label_area_size(px(44.0) as u32)
            .y_label_area_size(px(68.0) as u32)
            .build_cartesian_2d(x0..x1, 0.0..top)?;
        chart
            .configure_mesh()
            .x_desc("standard range (km)")
            .y_desc("samples")
            .x_labels(8)
            .y_labels(6)
            .x_label_formatter(&|v| fmt_tick(*v))
            .y_label_formatter(&|v| fmt_thousands(*v, 0))
            .label_style(font(13.0 * s).color(&TEXT))
            .axis_desc_style(font(14.0 * s).color(&TEXT))
            .axis_style(MUTED.stroke_width(1))
            .bold_line_style(GRID.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .draw()?;
        chart.draw_series(counts.iter().enumerate().map(|(i, &c)| {
            let a = lo + bw * i as f64;
            Rectangle::new([(a, 0.0), (a + bw, c as f64)], STANDARD.mix(0.55).filled())
        }))?;
        let stroke = (2.0 * s).round().max(1.0) as u32;
        let mut mark = |x_km: f64, color: RGBColor, label: String| -> Result<(), DrawError> {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x_km, 0.0), (x_km, top)],
                    color.stroke_width(stroke),
                )))?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(stroke)));
            Ok(())
        };
        if let Some(p) = self.point_m {
            mark(p / 1e3, LOFTED, format!("nominal inputs {} km", fmt_thousands(p / 1e3, 0)))?;
        }
        if let Some(m) = self.p50_m {
            mark(m / 1e3, STANDARD, format!("median of the samples {} km", fmt_thousands(m / 1e3, 0)))?;
        }
        if let (Some(a), Some(b)) = (self.p05_m, self.p95_m) {
            mark(a / 1e3, THIRD, format!("5-95% {} to {} km", fmt_thousands(a / 1e3, 0), fmt_thousands(b / 1e3, 0)))?;
            let line = PathElement::new(vec![(b / 1e3, 0.0), (b / 1e3, top)], THIRD.stroke_width(stroke));
            chart.draw_series(std::iter::once(line))?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font(font(13.0 * s).color(&TEXT))
            .background_style(WHITE.mix(0.85))
            .border_style(MUTED)
            .draw()?;
        Ok(())
    }
}
