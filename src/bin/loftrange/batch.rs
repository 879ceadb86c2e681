//! `loftrange batch`: JSON Lines in, JSON Lines out, streamed.
//!
//! The input is read as bytes, line by line (LF, CRLF or a lone CR end a line; a UTF-8
//! BOM at the start is skipped); each line is at most [`MAX_LINE_BYTES`]. Lines are
//! computed in parallel (rayon) within a window of at most [`WINDOW_LINES`] lines and
//! [`WINDOW_BYTES`] bytes read but not yet written, and line k is written as soon as
//! lines 1..k are done, in order. Memory is bounded whatever the input's length; a
//! closed or full standard output stops the reading and ends the run with exit 1.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::io::{BufRead, BufReader, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::cli::BatchArgs;
use crate::common::{progress_bar, writing_output, Failure};
use crate::{config, output};

/// The longest input line, bytes (a batch line with a few hundred targets is a few
/// tens of kB). A longer line gets an error line and its bytes are skipped, not kept.
pub(crate) const MAX_LINE_BYTES: usize = 1 << 20;
/// How far a line longer than [`MAX_LINE_BYTES`] is skipped looking for its end before
/// the input is refused as not JSON Lines at all (`batch /dev/zero`).
pub(crate) const MAX_SKIP_BYTES: u64 = 64 << 20;
/// Lines read but not yet written, at most (the parallel window).
const WINDOW_LINES: usize = 256;
/// Bytes of the lines read but not yet written, at most (one line is always let in).
const WINDOW_BYTES: usize = 16 << 20;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How one batch line ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum LineEnd {
    Ok,
    NoSolution,
    BadInput,
}

/// One read from the input.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Read {
    /// A line's bytes, without its line end.
    Line(Vec<u8>),
    /// A line longer than [`MAX_LINE_BYTES`], skipped to its end.
    TooLong,
    /// A line longer than [`MAX_LINE_BYTES`] with no end within [`MAX_SKIP_BYTES`].
    Runaway,
    /// The end of the input.
    End,
}

/// Lines of bytes from a reader, bounded: LF, CRLF and a lone CR each end a line; the
/// last line may have no line end; a UTF-8 BOM opening the input is not part of line 1.
pub(crate) struct Lines<R> {
    inner: R,
    /// The previous line ended with CR: an LF right after it belongs to it.
    skip_lf: bool,
    /// No line read yet (a BOM may come).
    first: bool,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(inner: R) -> Self {
        Lines { inner, skip_lf: false, first: true }
    }

    /// The next line; never holds more than [`MAX_LINE_BYTES`] of it.
    pub(crate) fn next_line(&mut self) -> std::io::Result<Read> {
        let mut line = Vec::new();
        let mut started = false;
        let mut ended = false;
        let mut too_long = false;
        let mut skipped: u64 = 0;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                self.skip_lf = false;
                if !started {
                    return Ok(Read::End);
                }
                break;
            }
            if self.skip_lf {
                self.skip_lf = false;
                if buf[0] == b'\n' {
                    self.inner.consume(1);
                    continue;
                }
            }
            started = true;
            let end = buf.iter().position(|&b| b == b'\n' || b == b'\r');
            let take = end.unwrap_or(buf.len());
            if !too_long && line.len() + take > MAX_LINE_BYTES {
                too_long = true;
                skipped = line.len() as u64;
                line = Vec::new();
            }
            if too_long {
                skipped += take as u64;
            } else {
                line.extend_from_slice(&buf[..take]);
            }
            if let Some(i) = end {
                self.skip_lf = buf[i] == b'\r';
                self.inner.consume(i + 1);
                ended = true;
                break;
            }
            self.inner.consume(take);
            if too_long && skipped > MAX_SKIP_BYTES {
                return Ok(Read::Runaway);
            }
        }
        let first = std::mem::replace(&mut self.first, false);
        if too_long {
            return Ok(Read::TooLong);
        }
        if first && line.starts_with(BOM) {
            line.drain(..BOM.len());
            // A BOM alone is no line: the input is empty.
            if line.is_empty() && !ended {
                return Ok(Read::End);
            }
        }
        Ok(Read::Line(line))
    }
}

/// Any JSON value, refused when an object in it has a key twice (serde_json's own
/// `Value` keeps the last silently).
struct Unique;

impl<'de> Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Unique)
    }
}

impl<'de> Visitor<'de> for Unique {
    type Value = Unique;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_unit<E>(self) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Unique, A::Error> {
        while a.next_element::<Unique>()?.is_some() {}
        Ok(Unique)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Unique, A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = a.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(A::Error::custom(format!("{DUPLICATE}{}", shown_key(&key))));
            }
            a.next_value::<Unique>()?;
            seen.insert(key);
        }
        Ok(Unique)
    }
}

/// The mark of [`Unique`]'s error, before the key.
const DUPLICATE: &str = "duplicate key ";

/// A key as JSON (quoted, escaped), cut at 64 characters.
fn shown_key(key: &str) -> String {
    let quoted = serde_json::to_string(key).unwrap_or_default();
    if quoted.chars().count() <= 66 {
        quoted
    } else {
        format!("{}...\"", quoted.chars().take(65).collect::<String>())
    }
}

/// The output of batch line `n` (1-based) from its bytes: the estimate's JSON, or an
/// error object; both carry `line` and the input's `id`, as written, when it had one
/// (a terminal control inside it, as anywhere in the line, written as its `\uXXXX`
/// escape: the same JSON value, [`loftrange::render::json_safe`]).
pub(crate) fn batch_line(n: usize, bytes: &[u8]) -> (String, LineEnd) {
    let mut id: Option<&RawValue> = None;
    let result = (|| -> Result<String, (String, LineEnd)> {
        let bad = |m: String| (m, LineEnd::BadInput);
        let line = std::str::from_utf8(bytes).map_err(|e| {
            bad(format!(
                "line {n}: the byte at {} is not accepted: text in UTF-8, one JSON object per line",
                e.valid_up_to() + 1
            ))
        })?;
        if line.trim().is_empty() {
            return Err(bad(format!("line {n}: blank line (no observation)")));
        }
        // The id as written (the last one if the line gives it twice, refused below).
        id = serde_json::from_str::<BTreeMap<String, &RawValue>>(line).ok().and_then(|m| m.get("id").copied());
        if let Err(e) = serde_json::from_str::<Unique>(line) {
            let text = e.to_string();
            if let Some(key) = text.strip_prefix(DUPLICATE) {
                let key = key.trim_end_matches(&format!(" at line {} column {}", e.line(), e.column()));
                if key == "\"id\"" {
                    id = None;
                }
                return Err(bad(format!(
                    "line {n}: key {key} given twice (column {}) is not accepted: each key at most once per object",
                    e.column()
                )));
            }
            return Err(bad(format!("line {n}: not a valid JSON object: {e}")));
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| bad(format!("line {n}: not a valid JSON object: {e}")))?;
        if !v.is_object() {
            let kind = match v {
                serde_json::Value::Array(_) => "an array",
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Number(_) => "a number",
                serde_json::Value::Bool(_) => "a boolean",
                _ => "null",
            };
            return Err(bad(format!(
                "line {n}: {kind} is not accepted: one JSON object per line, e.g. {{\"apogee_km\":4475,\"range_km\":950}}"
            )));
        }
        if let Some(m) = config::unknown_batch_key(&v) {
            return Err(bad(format!("line {n}: {m}")));
        }
        let l: config::BatchLine =
            serde_json::from_value(v).map_err(|e| bad(format!("line {n}: not a valid observation: {e}")))?;
        let cfg = config::from_batch(&l).map_err(|e| bad(e.to_string()))?;
        let est = cfg.estimate(0).map_err(|e| {
            let end = if e.is_input_error() { LineEnd::BadInput } else { LineEnd::NoSolution };
            (e.to_string(), end)
        })?;
        Ok(serde_json::to_string(&output::to_json(&est)).expect("serialisable"))
    })();
    let (body, end) = match result {
        Ok(json) => (json, LineEnd::Ok),
        Err((e, end)) => (serde_json::json!({ "error": e }).to_string(), end),
    };
    // "line" and "id" first, then the object's own keys in their order.
    let id = id.map(|v| format!("\"id\":{},", v.get())).unwrap_or_default();
    (loftrange::render::json_safe(format!("{{\"line\":{n},{id}{}", &body[1..])), end)
}

/// The error line of a line longer than [`MAX_LINE_BYTES`].
fn too_long_line(n: usize) -> String {
    let e = format!(
        "line {n}: a line longer than {MAX_LINE_BYTES} bytes (1 MiB) is not accepted: one JSON object per line, at most 1 MiB"
    );
    format!("{{\"line\":{n},{}", &serde_json::json!({ "error": e }).to_string()[1..])
}

/// Why a stream stopped before its end.
#[derive(Debug)]
pub(crate) enum Stop {
    /// Reading the input failed.
    Read(std::io::Error),
    /// Line `n` ran past [`MAX_SKIP_BYTES`] without an end.
    Runaway(usize),
    /// Writing the output failed (closed pipe, full disk).
    Write(std::io::Error),
}

/// What a streamed batch did.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    /// Lines answered (written).
    pub lines: usize,
    pub bad: usize,
    pub unsolved: usize,
    pub stop: Option<Stop>,
}

/// Lines and bytes read but not yet written, and the wait for room.
struct Window {
    in_flight: Mutex<(usize, usize)>,
    room: Condvar,
}

impl Window {
    fn lock(&self) -> std::sync::MutexGuard<'_, (usize, usize)> {
        self.in_flight.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Wait until a line of `bytes` fits, then count it in.
    fn enter(&self, bytes: usize) {
        let mut w = self.lock();
        while w.0 >= WINDOW_LINES || (w.0 > 0 && w.1 + bytes > WINDOW_BYTES) {
            w = self.room.wait(w).unwrap_or_else(|e| e.into_inner());
        }
        w.0 += 1;
        w.1 += bytes;
    }

    /// A line of `bytes` was written (or dropped).
    fn leave(&self, bytes: usize) {
        let mut w = self.lock();
        w.0 -= 1;
        w.1 -= bytes;
        self.room.notify_all();
    }
}

/// One computed line on its way to the writer: number, text, ending, input bytes.
type Done = (usize, String, LineEnd, usize);

/// Read `input`, answer every line, write the answers to `output` in order as soon as
/// they can be, and say how it went. Stops reading when the output fails.
pub(crate) fn stream<R: BufRead, W: Write + Send>(
    input: R,
    output: W,
    progress: Option<indicatif::ProgressBar>,
) -> Summary {
    let window = Window { in_flight: Mutex::new((0, 0)), room: Condvar::new() };
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<Done>();
    std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_in_order(rx, output, &window, &stop, progress));
        let mut lines = Lines::new(input);
        let read_stop = rayon::in_place_scope(|s| {
            let mut n = 0;
            loop {
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
                let read = match lines.next_line() {
                    Ok(r) => r,
                    Err(e) => return Some(Stop::Read(e)),
                };
                let bytes = match read {
                    Read::End => return None,
                    Read::TooLong | Read::Runaway => {
                        n += 1;
                        window.enter(0);
                        let _ = tx.send((n, too_long_line(n), LineEnd::BadInput, 0));
                        if read == Read::Runaway {
                            return Some(Stop::Runaway(n));
                        }
                        continue;
                    }
                    Read::Line(b) => b,
                };
                n += 1;
                let len = bytes.len();
                window.enter(len);
                let tx = tx.clone();
                let stop = &stop;
                s.spawn(move |_| {
                    // After a failed write nothing more is shown: skip the work.
                    let (text, end) =
                        if stop.load(Ordering::Relaxed) { (String::new(), LineEnd::Ok) } else { batch_line(n, &bytes) };
                    let _ = tx.send((n, text, end, len));
                });
            }
        });
        drop(tx);
        let mut summary = writer.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        // A write failure says more than why the reading stopped.
        if summary.stop.is_none() {
            summary.stop = read_stop;
        }
        summary
    })
}

/// The writer's side of [`stream`]: hold answers until those before them are written,
/// flush whenever no more answers are ready, and stop at the first write error.
fn write_in_order<W: Write>(
    rx: mpsc::Receiver<Done>,
    output: W,
    window: &Window,
    stop: &AtomicBool,
    progress: Option<indicatif::ProgressBar>,
) -> Summary {
    let mut out = std::io::BufWriter::with_capacity(64 << 10, output);
    let mut summary = Summary::default();
    let mut pending: BTreeMap<usize, (String, LineEnd, usize)> = BTreeMap::new();
    let mut next = 1;
    loop {
        let (n, text, end, len) = match rx.try_recv() {
            Ok(d) => d,
            Err(mpsc::TryRecvError::Empty) => {
                if summary.stop.is_none() {
                    if let Err(e) = out.flush() {
                        summary.stop = Some(Stop::Write(e));
                        stop.store(true, Ordering::Relaxed);
                    }
                }
                match rx.recv() {
                    Ok(d) => d,
                    Err(_) => break,
                }
            }
            Err(mpsc::TryRecvError::Disconnected) => break,
        };
        if summary.stop.is_some() {
            window.leave(len);
            continue;
        }
        pending.insert(n, (text, end, len));
        while let Some((text, end, len)) = pending.remove(&next) {
            next += 1;
            window.leave(len);
            if summary.stop.is_some() {
                continue;
            }
            if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.write_all(b"\n")) {
                summary.stop = Some(Stop::Write(e));
                stop.store(true, Ordering::Relaxed);
                continue;
            }
            summary.lines += 1;
            match end {
                LineEnd::Ok => {}
                LineEnd::NoSolution => summary.unsolved += 1,
                LineEnd::BadInput => summary.bad += 1,
            }
            if let Some(b) = &progress {
                b.set_position(summary.lines as u64);
            }
        }
        if summary.stop.is_some() {
            // Release what waits beyond the failure.
            for (_, (_, _, len)) in std::mem::take(&mut pending) {
                window.leave(len);
            }
        }
    }
    if summary.stop.is_none() {
        if let Err(e) = out.flush() {
            summary.stop = Some(Stop::Write(e));
        }
    }
    if let Some(b) = progress {
        b.finish_and_clear();
    }
    // A failed BufWriter must not try again when dropped.
    let _ = out.into_parts();
    summary
}

/// `loftrange batch FILE|-`.
pub(crate) fn run_batch(a: &BatchArgs) -> Result<(), Failure> {
    let cannot_read = |e: &std::io::Error| format!("batch file: \"{}\" cannot be read: {e}", a.file);
    let progress = progress_bar(None, "{spinner} {pos} lines answered ({per_sec})");
    let summary = if a.file == "-" {
        stream(std::io::stdin().lock(), std::io::stdout(), progress)
    } else {
        let file = std::fs::File::open(&a.file).map_err(|e| Failure::Input(cannot_read(&e)))?;
        stream(BufReader::with_capacity(64 << 10, file), std::io::stdout(), progress)
    };
    match &summary.stop {
        Some(Stop::Write(e)) => return Err(writing_output(e)),
        Some(Stop::Read(e)) => return Err(Failure::Input(cannot_read(e))),
        Some(Stop::Runaway(n)) => {
            return Err(Failure::Input(format!(
                "batch file: \"{}\" is not accepted: line {n} has no line end within its first {} MiB: JSON Lines, one object per line of at most 1 MiB",
                a.file,
                MAX_SKIP_BYTES >> 20
            )))
        }
        None => {}
    }
    // Exit code: 2 when some line was bad input, 1 when some had no solution, else 0.
    if summary.bad > 0 {
        return Err(Failure::Input(format!(
            "batch: {} of {} lines were bad input (their lines say why)",
            summary.bad, summary.lines
        )));
    }
    if summary.unsolved > 0 {
        return Err(Failure::NoSolution(format!(
            "batch: {} of {} lines had no solution",
            summary.unsolved, summary.lines
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of `input` read through a buffer of `cap` bytes.
    fn lines(input: &[u8], cap: usize) -> Vec<Read> {
        let mut l = Lines::new(BufReader::with_capacity(cap, input));
        let mut out = Vec::new();
        loop {
            match l.next_line().unwrap() {
                Read::End => return out,
                r => out.push(r),
            }
        }
    }

    fn line(s: &str) -> Read {
        Read::Line(s.as_bytes().to_vec())
    }

    #[test]
    fn lf_crlf_and_a_lone_cr_end_a_line_across_any_buffer_boundary() {
        for cap in [1, 2, 3, 7, 64 << 10] {
            assert_eq!(lines(b"a\nb\r\nc\rd", cap), [line("a"), line("b"), line("c"), line("d")], "{cap}");
            assert_eq!(lines(b"a\r\r\n\n", cap), [line("a"), line(""), line("")], "{cap}");
            assert_eq!(lines(b"\xEF\xBB\xBFa\n", cap), [line("a")], "{cap}");
            assert_eq!(lines(b"\xEF\xBB\xBF", cap), [], "{cap}");
            assert_eq!(lines(b"\xEF\xBB\xBF\n", cap), [line("")], "{cap}");
            // Only at the start: a BOM on line 2 is its bytes.
            assert_eq!(lines(b"\n\xEF\xBB\xBF", cap), [line(""), line("\u{feff}")], "{cap}");
            assert_eq!(lines(b"", cap), [], "{cap}");
            assert_eq!(lines(b"\r", cap), [line("")], "{cap}");
        }
    }

    #[test]
    fn a_line_over_the_limit_is_skipped_to_its_end_and_a_runaway_stops() {
        let mut input = vec![b'x'; MAX_LINE_BYTES];
        input.extend_from_slice(b"\ny");
        input.extend(std::iter::repeat_n(b'z', MAX_LINE_BYTES));
        input.extend_from_slice(b"\r\nw");
        assert_eq!(lines(&input, 64 << 10), [Read::Line(vec![b'x'; MAX_LINE_BYTES]), Read::TooLong, line("w")]);
        let endless = std::io::Read::take(std::io::repeat(0), MAX_SKIP_BYTES + (2 << 20));
        let mut l = Lines::new(BufReader::new(endless));
        assert_eq!(l.next_line().unwrap(), Read::Runaway);
    }

    /// Standard output closed after `room` bytes.
    struct Closing {
        room: usize,
    }

    impl Write for Closing {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            let n = b.len().min(self.room);
            self.room -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn stream_answers_in_order_and_stops_at_a_closed_output() {
        let input: String = (1..=300)
            .map(|k| {
                if k % 3 == 0 {
                    format!("{{\"id\":{k},\"apogee\":1}}\n")
                } else {
                    format!("{{\"id\":{k},\"apogee_km\":{},\"range_km\":950}}\n", 1000 + k)
                }
            })
            .collect();
        let mut out = Vec::new();
        let s = stream(input.as_bytes(), &mut out, None);
        assert!(s.stop.is_none());
        assert_eq!((s.lines, s.bad, s.unsolved), (300, 100, 0));
        let text = String::from_utf8(out).unwrap();
        for (k, l) in text.lines().enumerate() {
            assert!(l.starts_with(&format!("{{\"line\":{},\"id\":{},", k + 1, k + 1)), "{l}");
        }
        let s = stream(input.as_bytes(), Closing { room: 100 }, None);
        assert!(matches!(s.stop, Some(Stop::Write(ref e)) if e.kind() == std::io::ErrorKind::BrokenPipe));
    }
}
