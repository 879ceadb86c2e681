//! Figures: the only code in loftrange that draws.
//!
//! Every figure goes through the same path: pick the format from the output
//! path's extension ([`ImageFormat::from_path`]), draw onto an in-memory backend
//! (an RGB buffer for PNG, drawn at 2× and averaged down because the bitmap
//! backend does not antialias; a `String` for SVG) through the `Figure` trait, then
//! write the bytes whole or not at all (`write_atomic`). Fonts are the embedded
//! DejaVu Sans (`ensure_fonts`), so rendering never looks at system fonts.
//!
//! Shared here for the figures in the sibling files: the error type, the
//! output-format choice, font registration, atomic writing, number formatting
//! with thousands separators, the colour palette, text-size scaling, and
//! clipping of polylines and polygons to a rectangle (plotters does not clip:
//! it clamps each point into the drawing area, which bends shapes that leave it).
//!
//! Units: SI (m, s) in the data, km and min in the labels.
//!
//! Adding a figure (reach map, histogram, payload–range curve): a new file
//! here with a `pub struct …Figure`, an `impl Figure` whose `draw` multiplies
//! every size by its `scale` argument, and a `pub fn draw_…(fig, path, w, h)`
//! that checks the data and calls `render`.

mod histogram;
mod payload_range;
mod reach_map;
mod trajectories;

pub use histogram::{draw_histogram, histogram_svg, HistogramFigure};
pub use payload_range::{draw_payload_range, PayloadRangeFigure};
pub use reach_map::{draw_reach_map, reach_map_svg, MapPlace, MapStage, ReachMapFigure, REACH_MAP_SIZE_PX};
pub use trajectories::{draw_trajectories, trajectories_svg, StageMark, TrajectoryFigure, STAGES_NAME};

use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

/// Smallest accepted image, px (below this the labels no longer fit).
pub const MIN_SIZE_PX: (u32, u32) = (400, 300);
/// Largest accepted side, px (a 8192 × 8192 RGB buffer is 200 MB).
pub const MAX_SIDE_PX: u32 = 8192;
/// Default figure size, px.
pub const DEFAULT_SIZE_PX: (u32, u32) = (1200, 800);

/// Why a figure could not be written. Every message is one line naming the output path.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)]
pub enum PlotError {
    /// The extension does not name a format we write.
    #[error("{}: unknown image format (accepted: .png, .svg)", .path.display())]
    UnknownFormat { path: PathBuf },
    /// The directory that should hold the output does not exist.
    #[error("cannot write {}: directory {} does not exist", .path.display(), .dir.display())]
    MissingDirectory { path: PathBuf, dir: PathBuf },
    /// Requested pixel size outside the accepted range.
    #[error(
        "cannot write {}: image size {width}x{height} px is outside {}x{} to {max}x{max}",
        .path.display(), MIN_SIZE_PX.0, MIN_SIZE_PX.1, max = MAX_SIDE_PX
    )]
    InvalidSize { path: PathBuf, width: u32, height: u32 },
    /// The figure's data cannot be drawn (no points, non-finite values, ...).
    #[error("cannot draw {}: {message}", .path.display())]
    InvalidData { path: PathBuf, message: String },
    /// The drawing library failed.
    #[error("cannot draw {}: {message}", .path.display())]
    Draw { path: PathBuf, message: String },
    /// PNG encoding failed.
    #[error("cannot encode {} as PNG: {message}", .path.display())]
    Encode { path: PathBuf, message: String },
    /// Creating, writing or renaming the file failed.
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl PlotError {
    /// Whether the user's request is what failed (exit 2: an unknown extension, a missing
    /// or unwritable directory, a size out of range, a path with no file name), rather
    /// than the writing or drawing itself (exit 1: a full disk, an I/O error, a drawing
    /// or encoding failure), as a closed or full standard output is exit 1.
    pub fn is_input_error(&self) -> bool {
        use std::io::ErrorKind as K;
        match self {
            PlotError::UnknownFormat { .. } | PlotError::MissingDirectory { .. } | PlotError::InvalidSize { .. } => {
                true
            }
            PlotError::Io { source, .. } => matches!(
                source.kind(),
                K::NotFound
                    | K::PermissionDenied
                    | K::InvalidInput
                    | K::IsADirectory
                    | K::NotADirectory
                    | K::ReadOnlyFilesystem
            ),
            PlotError::InvalidData { .. } | PlotError::Draw { .. } | PlotError::Encode { .. } => false,
        }
    }
}

/// Output format, chosen from the output path's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    /// Portable Network Graphics (raster).
    Png,
    /// Scalable Vector Graphics.
    Svg,
}

impl ImageFormat {
    /// `.png` or `.svg` (any letter case); anything else is [`PlotError::UnknownFormat`].
    pub fn from_path(path: &Path) -> Result<Self, PlotError> {
        let ext = path.extension().and_then(OsStr::to_str).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("png") => Ok(Self::Png),
            Some("svg") => Ok(Self::Svg),
            _ => Err(PlotError::UnknownFormat { path: path.to_path_buf() }),
        }
    }
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

/// A failure while drawing, before we know which file it was for.
#[derive(Debug)]
pub(crate) struct DrawError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for DrawError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        DrawError(e.to_string())
    }
}

/// A figure that can draw itself on any plotters backend.
pub(crate) trait Figure {
    /// Draw the whole figure on `root` (already filled white). `scale` is the
    /// size of one design pixel in backend pixels: text, line widths and
    /// paddings are designed for 1200 × 800 and multiplied by it.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, scale: f64) -> Result<(), DrawError>;
}

/// Draw `fig` at `width_px` × `height_px` and write it to `path` atomically, in
/// the format named by the path's extension.
pub(crate) fn render<F: Figure>(fig: &F, path: &Path, width_px: u32, height_px: u32) -> Result<(), PlotError> {
    let format = ImageFormat::from_path(path)?;
    if width_px < MIN_SIZE_PX.0 || height_px < MIN_SIZE_PX.1 || width_px > MAX_SIDE_PX || height_px > MAX_SIDE_PX {
        return Err(PlotError::InvalidSize { path: path.to_path_buf(), width: width_px, height: height_px });
    }
    // Fail before drawing if the file cannot be written anyway.
    check_directory(path)?;
    ensure_fonts();
    let scale = text_scale(width_px, height_px);
    let draw_err = |e: DrawError| PlotError::Draw { path: path.to_path_buf(), message: e.0 };
    let bytes = match format {
        ImageFormat::Png => {
            // The bitmap backend does not antialias lines; draw at twice the
            // size and average 2 × 2 blocks (unless the image is already large).
            let ss = if u64::from(width_px) * u64::from(height_px) <= SUPERSAMPLE_MAX_PX { 2 } else { 1 };
            let (sw, sh) = (width_px * ss, height_px * ss);
            let mut rgb = vec![0u8; sw as usize * sh as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut rgb, (sw, sh)).into_drawing_area();
                root.fill(&WHITE).map_err(|e| draw_err(e.into()))?;
                fig.draw(&root, scale * ss as f64).map_err(draw_err)?;
                root.present().map_err(|e| draw_err(e.into()))?;
            }
            let rgb = downsample(&rgb, width_px, height_px, ss);
            encode_png(&rgb, width_px, height_px)
                .map_err(|message| PlotError::Encode { path: path.to_path_buf(), message })?
        }
        ImageFormat::Svg => svg_in_tenths(fig, width_px, height_px, scale).map_err(draw_err)?.into_bytes(),
    };
    write_atomic(path, &bytes)
}

/// Draw `fig` at `width_px` × `height_px` as an SVG document in memory (the web
/// page's figures: nothing is written). `label` stands for the output path in
/// error messages.
pub(crate) fn render_svg<F: Figure>(fig: &F, label: &Path, width_px: u32, height_px: u32) -> Result<String, PlotError> {
    if width_px < MIN_SIZE_PX.0 || height_px < MIN_SIZE_PX.1 || width_px > MAX_SIDE_PX || height_px > MAX_SIDE_PX {
        return Err(PlotError::InvalidSize { path: label.to_path_buf(), width: width_px, height: height_px });
    }
    ensure_fonts();
    let draw_err = |e: DrawError| PlotError::Draw { path: label.to_path_buf(), message: e.0 };
    svg_in_tenths(fig, width_px, height_px, text_scale(width_px, height_px)).map_err(draw_err)
}

/// SVG user units per pixel: plotters' SVG backend writes whole numbers, so figures are
/// drawn at ten times the size and shown at their size through the viewBox (coordinates
/// to 0.1 px: no stair steps when zoomed).
pub const SVG_UNITS_PER_PX: u32 = 10;

/// `fig` as an SVG of `width_px` × `height_px` whose viewBox is [`SVG_UNITS_PER_PX`]
/// times larger, drawn at `scale` times that.
fn svg_in_tenths<F: Figure>(fig: &F, width_px: u32, height_px: u32, scale: f64) -> Result<String, DrawError> {
    let k = SVG_UNITS_PER_PX;
    let (w, h) = (width_px * k, height_px * k);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(DrawError::from)?;
        fig.draw(&root, scale * f64::from(k))?;
        root.present().map_err(DrawError::from)?;
    }
    let drawn = format!("<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"");
    let shown = format!("<svg width=\"{width_px}\" height=\"{height_px}\" viewBox=\"0 0 {w} {h}\"");
    if !svg.starts_with(&drawn) {
        return Err(DrawError(format!("unexpected SVG header: {}", svg.chars().take(80).collect::<String>())));
    }
    Ok(svg.replacen(&drawn, &shown, 1))
}

/// The name error messages give a figure drawn in memory by the `*_svg` functions.
pub const SVG_LABEL: &str = "figure.svg";

/// Images up to this many pixels are drawn at 2× and averaged down.
const SUPERSAMPLE_MAX_PX: u64 = 2400 * 1600;

/// Average `k` × `k` blocks of an RGB image of (`width`·k) × (`height`·k) pixels.
fn downsample(rgb: &[u8], width: u32, height: u32, k: u32) -> Vec<u8> {
    if k == 1 {
        return rgb.to_vec();
    }
    let (w, h, k) = (width as usize, height as usize, k as usize);
    let src_w = w * k;
    let n = (k * k) as u32;
    let mut out = vec![0u8; w * h * 3];
    for y in 0..h {
        for x in 0..w {
            let mut sum = [0u32; 3];
            for dy in 0..k {
                let row = (y * k + dy) * src_w;
                for dx in 0..k {
                    let i = (row + x * k + dx) * 3;
                    for c in 0..3 {
                        sum[c] += u32::from(rgb[i + c]);
                    }
                }
            }
            let o = (y * w + x) * 3;
            for c in 0..3 {
                out[o + c] = ((sum[c] + n / 2) / n) as u8;
            }
        }
    }
    out
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(rgb, width, height, image::ColorType::Rgb8)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Font family of all text. Registered with plotters under exactly this name,
/// which the SVG backend copies into `font-family`: SVG viewers use DejaVu
/// Sans when they have it (the metrics the layout was measured with) and fall
/// back to their sans-serif otherwise.
pub(crate) const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";

/// Register the embedded DejaVu Sans (regular and bold) as [`FONT_FAMILY`]
/// and as plotters' default "sans-serif". Idempotent.
///
/// On wasm32 in a browser plotters has no font registry: it measures text with
/// the page's DOM in the page's own fonts (so figures with text must be drawn on
/// the page's main thread), and this does nothing.
#[cfg(all(target_arch = "wasm32", not(target_os = "wasi")))]
pub(crate) fn ensure_fonts() {}

/// Register the embedded fonts (see the wasm32 variant above).
#[cfg(not(all(target_arch = "wasm32", not(target_os = "wasi"))))]
pub(crate) fn ensure_fonts() {
    use std::sync::Once;
    static FONTS: Once = Once::new();
    FONTS.call_once(|| {
        // The embedded fonts are known-good TrueType files; a failure here is a
        // broken build, not a runtime condition.
        for name in [FONT_FAMILY, "sans-serif"] {
            plotters::style::register_font(name, FontStyle::Normal, dejavu::sans::regular())
                .unwrap_or_else(|_| panic!("embedded DejaVu Sans is not a valid font"));
            plotters::style::register_font(name, FontStyle::Bold, dejavu::sans::bold())
                .unwrap_or_else(|_| panic!("embedded DejaVu Sans Bold is not a valid font"));
        }
    });
}

// ---------------------------------------------------------------------------
// Atomic writing
// ---------------------------------------------------------------------------

/// The directory that will hold `path` ("." for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn check_directory(path: &Path) -> Result<(), PlotError> {
    let dir = parent_dir(path);
    if dir.is_dir() {
        Ok(())
    } else if dir.exists() {
        Err(PlotError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(format!("{} is not a directory", dir.display())),
        })
    } else {
        Err(PlotError::MissingDirectory { path: path.to_path_buf(), dir: dir.to_path_buf() })
    }
}

/// The temporary files being written now (see [`write_atomic`]); the lock is also held
/// while one is created or renamed, so [`abandon_temporary_files`] sees each whole.
static TEMPORARY_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temporary_files() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARY_FILES.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove every temporary file being written, and stop any from being created or renamed
/// for the rest of the process (the lock is never released): for a signal handler that
/// is about to end the process (Ctrl-C during `plot -o`).
pub fn abandon_temporary_files() {
    let mut live = temporary_files();
    for tmp in live.drain(..) {
        let _ = fs::remove_file(tmp);
    }
    std::mem::forget(live);
}

/// Write `bytes` to `path` whole or not at all: write a temporary file
/// `.lr-{pid}-{n}.tmp` (about 20 bytes, so it fits wherever the final name fits) in the
/// same directory, flush it to disk, then rename it over `path`. Replacing a file keeps
/// its permission bits (a 0600 file stays 0600); a new file gets the umask's. On any
/// error the temporary file is removed and `path` is left as it was; while it exists it
/// is listed for [`abandon_temporary_files`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PlotError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    check_directory(path)?;
    let io_err = |source| PlotError::Io { path: path.to_path_buf(), source };
    if path.file_name().is_none() {
        return Err(io_err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "path has no file name")));
    }
    // The permissions of the file being replaced, if any (a symbolic link's target's).
    let keep = fs::metadata(path).ok().filter(|m| m.is_file()).map(|m| m.permissions());
    let dir = parent_dir(path);
    // Create the temporary file under the lock, listed as soon as it exists. A name left
    // by an earlier process with the same id is skipped.
    let (mut file, tmp) = {
        let mut live = temporary_files();
        let mut tries = 0;
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let tmp = dir.join(format!(".lr-{}-{n}.tmp", std::process::id()));
            match fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(f) => {
                    live.push(tmp.clone());
                    break (f, tmp);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 100 => tries += 1,
                Err(e) => return Err(io_err(e)),
            }
        }
    };
    let result = (|| {
        if let Some(p) = keep {
            file.set_permissions(p)?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        let mut live = temporary_files();
        let renamed = fs::rename(&tmp, path);
        if renamed.is_ok() {
            live.retain(|t| t != &tmp);
        }
        renamed
    })();
    if let Err(e) = result {
        let mut live = temporary_files();
        let _ = fs::remove_file(&tmp);
        live.retain(|t| t != &tmp);
        return Err(io_err(e));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Number formatting
// ---------------------------------------------------------------------------

pub use crate::fmt::{fmt_km, fmt_min, fmt_thousands, fmt_tick};

/// A "nice" length near `target` (1, 2 or 5 times a power of ten, not above `target`).
pub fn nice_length(target: f64) -> f64 {
    if !(target.is_finite() && target > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(target.log10().floor());
    [5.0, 2.0, 1.0].into_iter().map(|m| m * p).find(|&v| v <= target).unwrap_or(p)
}

// ---------------------------------------------------------------------------
// Style
// ---------------------------------------------------------------------------

/// Colours shared by all figures (Okabe–Ito colour-blind-safe hues for data).
pub mod palette {
    use plotters::style::RGBColor;
    /// The lofted test as flown.
    pub const LOFTED: RGBColor = RGBColor(213, 94, 0);
    /// The standard (range-maximising) trajectory.
    pub const STANDARD: RGBColor = RGBColor(0, 114, 178);
    /// A third data series, when a figure needs one.
    pub const THIRD: RGBColor = RGBColor(0, 158, 115);
    /// Land / Earth interior fill.
    pub const EARTH_FILL: RGBColor = RGBColor(226, 232, 222);
    /// Earth surface / coastlines.
    pub const EARTH_LINE: RGBColor = RGBColor(110, 120, 105);
    /// Body text and axes.
    pub const TEXT: RGBColor = RGBColor(30, 30, 30);
    /// Secondary text (assumptions, notes).
    pub const MUTED: RGBColor = RGBColor(90, 90, 90);
    /// Grid lines.
    pub const GRID: RGBColor = RGBColor(222, 222, 222);
    /// Frame around a map panel.
    pub const FRAME: RGBColor = RGBColor(170, 170, 170);
}

/// Design-pixel scale for an image of `width` × `height` px: 1 at the default
/// 1200 × 800, proportional to the smaller relative side otherwise (not below
/// 0.6, so small images keep legible text).
fn text_scale(width: u32, height: u32) -> f64 {
    let s = (width as f64 / DEFAULT_SIZE_PX.0 as f64).min(height as f64 / DEFAULT_SIZE_PX.1 as f64);
    s.clamp(0.6, 4.0)
}

/// The figure font at `size` px.
pub(crate) fn font(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size, FontStyle::Normal)
}

/// The figure font, bold, at `size` px.
pub(crate) fn bold(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size, FontStyle::Bold)
}

/// The largest font size ≤ `size` (down to 60 %) at which `text` fits in
/// `max_width` px on `area`.
/// Draw a figure's header: a bold centred title and a muted centred line under it
/// (the model's assumptions, or a subtitle), each shrunk to fit the width. Returns the
/// y pixel just below the header.
pub(crate) fn draw_header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
    s: f64,
) -> Result<i32, DrawError> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    // A vehicle's name from its file reaches the title: no control characters in the figure.
    let (title, subtitle) = (&*crate::fmt::escape_text(title), &*crate::fmt::escape_text(subtitle));
    let (w, _) = root.dim_in_pixel();
    let px = |v: f64| (v * s).round() as i32;
    let pad = px(16.0);
    let mut y = px(12.0);
    let title_size = fit_size(root, title, 24.0 * s, w - 2 * pad as u32, bold);
    root.draw(&Text::new(
        title.to_string(),
        (w as i32 / 2, y),
        bold(title_size).color(&palette::TEXT).pos(Pos::new(HPos::Center, VPos::Top)),
    ))?;
    y += (title_size * 1.35).round() as i32;
    let sub_size = fit_size(root, subtitle, 15.0 * s, w - 2 * pad as u32, font);
    root.draw(&Text::new(
        subtitle.to_string(),
        (w as i32 / 2, y),
        font(sub_size).color(&palette::MUTED).pos(Pos::new(HPos::Center, VPos::Top)),
    ))?;
    Ok(y + (sub_size * 1.35).round() as i32)
}

/// Width and height of `text` drawn in `style` on `area`, px.
///
/// Natively plotters measures with the embedded font at size / 1.24 px per em, the
/// `font-size` its SVG backend writes. On wasm32 in a browser it measures with the
/// page's DOM at the full size instead, 1.24 times too large: scaled back here, so that
/// layouts (title fitting, legends, labels) are the same in the page as in the files.
pub(crate) fn text_size<DB: DrawingBackend, CT: plotters::coord::CoordTranslate>(
    area: &DrawingArea<DB, CT>,
    text: &str,
    style: &TextStyle,
) -> Result<(u32, u32), DrawError> {
    let (w, h) = area.estimate_text_size(text, style)?;
    if cfg!(all(target_arch = "wasm32", not(target_os = "wasi"))) {
        const SVG_FONT_SCALE: f64 = 1.24;
        Ok(((f64::from(w) / SVG_FONT_SCALE).round() as u32, (f64::from(h) / SVG_FONT_SCALE).round() as u32))
    } else {
        Ok((w, h))
    }
}

pub(crate) fn fit_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    size: f64,
    max_width: u32,
    make: fn(f64) -> FontDesc<'static>,
) -> f64 {
    let mut s = size;
    while s > 0.6 * size {
        match text_size(area, text, &make(s).into_text_style(area)) {
            Ok((w, _)) if w <= max_width => return s,
            Ok(_) => s *= 0.95,
            Err(_) => return s,
        }
    }
    s
}

// ---------------------------------------------------------------------------
// Clipping (plotters clamps out-of-area points onto the border instead)
// ---------------------------------------------------------------------------

/// An axis-aligned rectangle in data coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
}

impl Rect {
    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
}

/// The data window for a plotting area of `size_px` showing `data` with equal
/// scale on both axes (so circles stay round), keeping at least `pad_px`
/// = [left, right, top, bottom] pixels around the data. Extra width is split
/// evenly; extra height goes below the data if `pin_top`, else split evenly.
pub(crate) fn equal_aspect_view(data: Rect, size_px: (u32, u32), pad_px: [f64; 4], pin_top: bool) -> Rect {
    let [l, r, t, b] = pad_px;
    let (w, h) = (size_px.0 as f64, size_px.1 as f64);
    let avail_w = (w - l - r).max(1.0);
    let avail_h = (h - t - b).max(1.0);
    let dx = (data.x1 - data.x0).max(f64::MIN_POSITIVE);
    let dy = (data.y1 - data.y0).max(f64::MIN_POSITIVE);
    let scale = (dx / avail_w).max(dy / avail_h); // data units per pixel
    let x_mid = 0.5 * (data.x0 + data.x1) + 0.5 * (r - l) * scale;
    let x0 = x_mid - 0.5 * w * scale;
    let y1 = if pin_top {
        data.y1 + t * scale
    } else {
        let y_mid = 0.5 * (data.y0 + data.y1) + 0.5 * (t - b) * scale;
        y_mid + 0.5 * h * scale
    };
    Rect { x0, x1: x0 + w * scale, y0: y1 - h * scale, y1 }
}

/// A chart with `f64` axes, as every loftrange figure uses.
pub(crate) type XyChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draw a polyline on `chart`: thinned to segments of at least `min_px`
/// pixels (see [`thin_polyline`]) and clipped to the chart's axis ranges.
pub(crate) fn draw_polyline<DB: DrawingBackend>(
    chart: &mut XyChart<DB>,
    points: &[(f64, f64)],
    style: ShapeStyle,
    min_px: f64,
) -> Result<(), DrawError> {
    let (xr, yr) = (chart.x_range(), chart.y_range());
    let view =
        Rect { x0: xr.start.min(xr.end), x1: xr.start.max(xr.end), y0: yr.start.min(yr.end), y1: yr.start.max(yr.end) };
    let thin = thin_polyline(
        points,
        |p| {
            let (x, y) = chart.backend_coord(&p);
            (x as f64, y as f64)
        },
        min_px,
    );
    for run in clip_polyline(&thin, &view) {
        chart.draw_series(std::iter::once(PathElement::new(run, style)))?;
    }
    Ok(())
}

/// Drop points that lie within `min_px` pixels (through `to_px`) of the last
/// kept point; the first and last points are always kept. Plotters' bitmap
/// backend turns wide lines into one mitred polygon on integer pixels, so
/// sub-pixel segments make them wobble and spike; this keeps segments long.
pub(crate) fn thin_polyline<P: Copy>(points: &[P], to_px: impl Fn(P) -> (f64, f64), min_px: f64) -> Vec<P> {
    let mut out: Vec<P> = Vec::with_capacity(points.len());
    let Some((&first, rest)) = points.split_first() else {
        return out;
    };
    out.push(first);
    let mut last = to_px(first);
    let n = rest.len();
    for (i, &p) in rest.iter().enumerate() {
        let q = to_px(p);
        let far = (q.0 - last.0).hypot(q.1 - last.1) >= min_px;
        if far || i + 1 == n {
            if !far && out.len() >= 2 {
                // Replace the previous kept point rather than add a stub.
                out.pop();
            }
            out.push(p);
            last = q;
        }
    }
    out
}

/// Clip segment `a`–`b` to `r` (Liang–Barsky). `None` if it lies outside.
fn clip_segment(a: (f64, f64), b: (f64, f64), r: &Rect) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.0 - r.x0), (dx, r.x1 - a.0), (-dy, a.1 - r.y0), (dy, r.y1 - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some(((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy)))
}

/// Clip a polyline to `r`: the visible runs, each with at least two points.
pub(crate) fn clip_polyline(points: &[(f64, f64)], r: &Rect) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for w in points.windows(2) {
        match clip_segment(w[0], w[1], r) {
            Some((p, q)) => {
                if current.last() != Some(&p) {
                    if current.len() >= 2 {
                        runs.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(p);
                }
                current.push(q);
            }
            None => {
                if current.len() >= 2 {
                    runs.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() >= 2 {
        runs.push(current);
    }
    runs
}

/// Clip a closed polygon to `r` (Sutherland–Hodgman; exact for convex
/// polygons, and good enough for filling concave ones).
pub(crate) fn clip_polygon(points: &[(f64, f64)], r: &Rect) -> Vec<(f64, f64)> {
    type Inside = fn(&Rect, (f64, f64)) -> bool;
    type Cut = fn(&Rect, (f64, f64), (f64, f64)) -> (f64, f64);
    let edges: [(Inside, Cut); 4] = [
        (
            |r, p| p.0 >= r.x0,
            |r, a, b| {
                let t = (r.x0 - a.0) / (b.0 - a.0);
                (r.x0, a.1 + t * (b.1 - a.1))
            },
        ),
        (
            |r, p| p.0 <= r.x1,
            |r, a, b| {
                let t = (r.x1 - a.0) / (b.0 - a.0);
                (r.x1, a.1 + t * (b.1 - a.1))
            },
        ),
        (
            |r, p| p.1 >= r.y0,
            |r, a, b| {
                let t = (r.y0 - a.1) / (b.1 - a.1);
                (a.0 + t * (b.0 - a.0), r.y0)
            },
        ),
        (
            |r, p| p.1 <= r.y1,
            |r, a, b| {
                let t = (r.y1 - a.1) / (b.1 - a.1);
                (a.0 + t * (b.0 - a.0), r.y1)
            },
        ),
    ];
    let mut poly: Vec<(f64, f64)> = points.to_vec();
    for (inside, cut) in edges {
        if poly.is_empty() {
            break;
        }
        let input = std::mem::take(&mut poly);
        let mut prev = *input.last().expect("non-empty");
        for &cur in &input {
            match (inside(r, prev), inside(r, cur)) {
                (true, true) => poly.push(cur),
                (true, false) => poly.push(cut(r, prev, cur)),
                (false, true) => {
                    poly.push(cut(r, prev, cur));
                    poly.push(cur);
                }
                (false, false) => {}
            }
            prev = cur;
        }
    }
    poly
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_path_is_bad_input_and_a_full_disk_is_not() {
        let io = |kind| PlotError::Io { path: "x.png".into(), source: std::io::Error::from(kind) };
        assert!(io(std::io::ErrorKind::NotFound).is_input_error());
        assert!(io(std::io::ErrorKind::PermissionDenied).is_input_error());
        assert!(PlotError::MissingDirectory { path: "d/x.png".into(), dir: "d".into() }.is_input_error());
        assert!(PlotError::UnknownFormat { path: "x.gif".into() }.is_input_error());
        assert!(!io(std::io::ErrorKind::StorageFull).is_input_error());
        assert!(!io(std::io::ErrorKind::Other).is_input_error());
        assert!(!PlotError::Encode { path: "x.png".into(), message: "m".into() }.is_input_error());
    }

    #[test]
    fn thousands() {
        assert_eq!(fmt_thousands(0.0, 0), "0");
        assert_eq!(fmt_thousands(-0.2, 0), "0");
        assert_eq!(fmt_thousands(999.5, 0), "1,000");
        assert_eq!(fmt_thousands(9983.4, 0), "9,983");
        assert_eq!(fmt_thousands(1234567.0, 0), "1,234,567");
        assert_eq!(fmt_thousands(-1234.56, 1), "-1,234.6");
        assert_eq!(fmt_km(9_983_400.0), "9,983");
        assert_eq!(fmt_min(3180.0), "53.0");
        assert_eq!(fmt_tick(2000.0), "2,000");
        assert_eq!(fmt_tick(2.5), "2.5");
        assert_eq!(fmt_tick(-0.0001), "0");
        assert_eq!(fmt_tick(12500.0), "12,500");
    }

    #[test]
    fn downsampling_averages_blocks() {
        // 4 × 2 source, k = 2 -> 2 × 1: left block all 0/100/200, right block mixed.
        #[rustfmt::skip]
        let src = [
            0, 100, 200,  0, 100, 200,   0, 0, 0,  255, 255, 255,
            0, 100, 200,  0, 100, 200,   0, 0, 0,  255, 255, 255,
        ];
        assert_eq!(downsample(&src, 2, 1, 2), vec![0, 100, 200, 128, 128, 128]);
    }

    #[test]
    fn nice() {
        assert_eq!(nice_length(1900.0), 1000.0);
        assert_eq!(nice_length(2100.0), 2000.0);
        assert_eq!(nice_length(7000.0), 5000.0);
        assert_eq!(nice_length(0.3), 0.2);
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(ImageFormat::from_path(Path::new("a/b.PNG")).unwrap(), ImageFormat::Png);
        assert_eq!(ImageFormat::from_path(Path::new("b.svg")).unwrap(), ImageFormat::Svg);
        let e = ImageFormat::from_path(Path::new("out/fig.jpg")).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("out/fig.jpg") && msg.contains("accepted: .png, .svg"), "{msg}");
        assert!(ImageFormat::from_path(Path::new("noext")).is_err());
    }

    #[test]
    fn clipping() {
        let r = Rect { x0: 0.0, x1: 10.0, y0: 0.0, y1: 10.0 };
        let runs = clip_polyline(&[(-5.0, 5.0), (5.0, 5.0), (15.0, 5.0)], &r);
        assert_eq!(runs, vec![vec![(0.0, 5.0), (5.0, 5.0), (10.0, 5.0)]]);
        // Leaves and re-enters: two runs.
        let runs = clip_polyline(&[(1.0, 1.0), (1.0, 20.0), (2.0, 20.0), (2.0, 1.0)], &r);
        assert_eq!(runs.len(), 2);
        // A square larger than the rectangle clips to the rectangle.
        let poly = clip_polygon(&[(-1.0, -1.0), (11.0, -1.0), (11.0, 11.0), (-1.0, 11.0)], &r);
        assert!(poly.iter().all(|&p| r.contains(p)));
        assert!(poly.contains(&(0.0, 0.0)) && poly.contains(&(10.0, 10.0)));
        assert!(clip_polygon(&[(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)], &r).is_empty());
    }

    #[test]
    fn thinning() {
        let pts: Vec<(f64, f64)> = (0..=100).map(|i| (i as f64 * 0.5, 0.0)).collect();
        let thin = thin_polyline(&pts, |p| p, 4.0);
        assert_eq!(thin.first(), Some(&(0.0, 0.0)));
        assert_eq!(thin.last(), Some(&(50.0, 0.0)));
        assert!(thin.windows(2).all(|w| w[1].0 - w[0].0 >= 4.0), "{thin:?}");
        assert_eq!(thin_polyline(&pts[..1], |p| p, 4.0), vec![(0.0, 0.0)]);
        assert_eq!(thin_polyline(&pts[..2], |p| p, 4.0), vec![(0.0, 0.0), (0.5, 0.0)]);
    }
}
