//! The one number formatter of loftrange's output (text, JSON-side labels, figures):
//! thousands separators, kilometres, minutes, axis ticks.

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

/// A distance in metres as whole kilometres with thousands separators (no unit):
/// `fmt_km(9_983_400.0) == "9,983"`.
pub fn fmt_km(m: f64) -> String {
    fmt_thousands(m / 1000.0, 0)
}

/// A duration in seconds as minutes with one decimal (no unit): `fmt_min(3180.0) == "53.0"`.
pub fn fmt_min(s: f64) -> String {
    fmt_thousands(s / 60.0, 1)
}

/// A tick label: at most three decimals, trailing zeros dropped, thousands
/// separators: `2000.0 -> "2,000"`, `2.5 -> "2.5"`.
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
