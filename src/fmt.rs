//! The one number formatter of loftrange's output (text, JSON-side labels, figures):
//! thousands separators, kilometres, minutes, axis ticks.

/// The longest place name, catalog id or other name accepted, in characters. The
/// longest name the places table answers to ("Name, Country" with the longest alias
/// and country) is under 150 characters and catalog ids are under 40: longer text is a
/// paste gone wrong, refused before any look-up (whose suggestions compare it with
/// every name).
pub const MAX_NAME_CHARS: usize = 200;

/// `x` with `decimals` decimals and a comma every three digits of the integer
/// part: `fmt_thousands(9983.4, 0) == "9,983"`, `fmt_thousands(-1234.56, 1) == "-1,234.6"`.
/// Never prints "-0".
pub fn fmt_thousands(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 1);
    let is_zero = s.bytes().all(|b| b == b'0' || b == b'.');
    if x < 0.0 && !is_zero {
        out.push('-');
    }
    let n = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// At most four decimals, trailing zeros dropped, no separators: `trimmed(0.1) == "0.1"`,
/// `trimmed(50.0) == "50"`.
pub fn trimmed(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A number as typed back in an error message: plain for ordinary magnitudes,
/// in exponent form for huge or tiny ones (`1e30`, `1e-300`) so it stays one short line.
pub fn echo(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-3..1e7).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// `x` rounded to a whole number with thousands separators: `grouped(9983.4) == "9,983"`.
pub fn grouped(x: f64) -> String {
    fmt_thousands(x, 0)
}

/// Kilometres to a tenth, the tenth shown only when it is not zero: "4,475", "7,687.5",
/// "1,001.2" (a reported figure and the same figure computed print alike).
pub fn km_tenths(km: f64) -> String {
    let tenths = (km * 10.0).round();
    if tenths % 10.0 == 0.0 {
        fmt_thousands(tenths / 10.0, 0)
    } else {
        fmt_thousands(tenths / 10.0, 1)
    }
}

/// A distance in metres as whole kilometres with thousands separators (no unit):
/// `fmt_km(9_983_400.0) == "9,983"`.
#[cfg(feature = "plot")]
pub fn fmt_km(m: f64) -> String {
    fmt_thousands(m / 1000.0, 0)
}

/// A duration in seconds as minutes with one decimal (no unit): `fmt_min(3180.0) == "53.0"`.
#[cfg(feature = "plot")]
pub fn fmt_min(s: f64) -> String {
    fmt_thousands(s / 60.0, 1)
}

/// A tick label: at most three decimals, trailing zeros dropped, thousands
/// separators: `2000.0 -> "2,000"`, `2.5 -> "2.5"`.
#[cfg(feature = "plot")]
pub fn fmt_tick(v: f64) -> String {
    let s = fmt_thousands(v, 3);
    if s.contains('.') {
        let t = s.trim_end_matches('0').trim_end_matches('.');
        if t == "-0" {
            "0".to_string()
        } else {
            t.to_string()
        }
    } else {
        s
    }
}

/// True for the characters no text output of loftrange passes through raw: the control
/// characters (C0, DEL and C1: [`char::is_control`]), which can move a terminal's
/// cursor, recolour it or fake a line, and the Unicode bidirectional controls (U+061C,
/// U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), which reorder what follows them.
pub fn is_escaped(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// User-supplied text (a vehicle's name, a place name as typed, a file path, a batch
/// value) as a text output shows it: each character of `is_escaped` written as Rust
/// writes it in a string (`\n`, `\t`, `\u{1b}`, `\u{202e}`), everything else kept:
/// `escape_text("a\u{1b}[31mb") == "a\\u{1b}[31mb"`. The one escaper of error lines and
/// reports (JSON is escaped by its serialiser).
pub fn escape_text(text: &str) -> std::borrow::Cow<'_, str> {
    escape_except(text, None)
}

/// A multi-line text report as it is written: [`escape_text`] on everything but its
/// line feeds.
pub fn escape_report(text: &str) -> std::borrow::Cow<'_, str> {
    escape_except(text, Some('\n'))
}

/// The most characters of a refused value an error echoes: a longer value (a pasted
/// file, a batch line's megabyte of text) is cut there and its length given, so that
/// the error stays one short line.
pub const MAX_ECHO_CHARS: usize = 200;

/// `text` as an error echoes it: unchanged up to `MAX_ECHO_CHARS` characters, else its
/// first 160 and its length: `"qqq... (1000000 characters)"`.
pub fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().nth(MAX_ECHO_CHARS).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let head: String = text.chars().take(MAX_ECHO_CHARS - 40).collect();
    std::borrow::Cow::Owned(format!("{head}... ({} characters)", text.chars().count()))
}

/// A JSON text with every character of [`is_escaped`] that its serialiser leaves raw
/// (DEL, the C1 controls, the bidirectional marks and overrides; serde escapes only
/// those below U+0020) written as a `\uXXXX` escape, so that no JSON output carries a
/// terminal control: such characters occur only inside strings, where the escape means
/// the same character to every JSON reader.
pub fn json_safe(json: String) -> String {
    if !json.chars().any(|c| is_escaped(c) && c >= '\u{7f}') {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 12);
    for c in json.chars() {
        if is_escaped(c) && c >= '\u{7f}' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// An XML text (KML) with every character of [`is_escaped`] but its line breaks and
/// tabs written as [`escape_text`] writes it: XML 1.0 does not allow the C0 controls even
/// as character references, and the others would reach a terminal raw. They occur only
/// in user text (a vehicle's name), never in the markup.
pub fn xml_safe(xml: String) -> String {
    let keep = |c: char| matches!(c, '\n' | '\t' | '\r');
    if !xml.chars().any(|c| is_escaped(c) && !keep(c)) {
        return xml;
    }
    let mut out = String::with_capacity(xml.len() + 12);
    for c in xml.chars() {
        if is_escaped(c) && !keep(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn escape_except(text: &str, keep: Option<char>) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| is_escaped(c) && Some(c) != keep;
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(escape_text("plain, São Paulo"), "plain, São Paulo");
        assert_eq!(escape_text("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape_text("x\ny\tz\r"), "x\\ny\\tz\\r");
        assert_eq!(escape_text("\u{7f}\u{9b}\u{0}"), "\\u{7f}\\u{9b}\\u{0}");
        assert_eq!(escape_text("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(escape_text("\u{2066}\u{61c}"), "\\u{2066}\\u{61c}");
        assert_eq!(escape_report("line 1\nline\u{1b} 2\n"), "line 1\nline\\u{1b} 2\n");
    }
}
