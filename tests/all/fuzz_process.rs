//! The process-level fuzzer (issue 17, point 10): the built binary itself, run on files,
//! pipes, closed pipes (a reader gone before the first write), full streams
//! (`/dev/full`) and signals, with random inputs: batch streams of random bytes and lines
//! mixed with valid ones, random command lines, and SIGINT/SIGTERM/SIGHUP at random
//! moments. Every process runs under a time limit: one that takes longer is a failure,
//! reported with its input. What must hold:
//!
//! * the exit code is 0, 1 or 2, or the process died of the signal it was sent;
//! * no panic ("panicked", "RUST_BACKTRACE") on stderr, and each error is one line;
//! * no temporary file is left, and an output file that exists is whole;
//! * batch with an open stdout answers every input line, line k with `"line":k`;
//!   with a closed or full stdout it ends with exit 1 and one line saying so.
//!
//! `cargo test` runs [`SHORT_CASES`] cases (cheap ones); `scripts/fuzz.sh` runs the
//! ignored `long_process_cases` with `LOFTRANGE_FUZZ_PROCESS_SECONDS` (or
//! `LOFTRANGE_FUZZ_PROCESS_CASES`), `LOFTRANGE_FUZZ_SEED` and
//! `LOFTRANGE_FUZZ_TIMEOUT_S`, on the release binary (or `LOFTRANGE_FUZZ_BIN`). Failing
//! inputs are kept under `target/tmp/fuzz_process/failures/`.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner};

/// Cases in the short run of `cargo test`.
const SHORT_CASES: usize = 40;

/// Where a process writes its standard output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Out {
    /// A pipe the fuzzer reads.
    Open,
    /// A pipe whose reader closed before the process started.
    Closed,
    /// `/dev/full`: every write fails with ENOSPC.
    Full,
}

#[derive(Clone, Debug)]
enum Case {
    /// `batch FILE` or `batch -` on these bytes.
    Batch { input: Vec<u8>, from_file: bool, stdout: Out, stderr_full: bool },
    /// A command line (`{dir}` is the case's directory).
    Command { args: Vec<String>, stdout: Out, stderr_full: bool },
    /// A command line that writes a file or reads a stream, sent `signal` after `delay_ms`.
    Signal { args: Vec<String>, signal: &'static str, delay_ms: u64 },
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn out() -> impl Strategy<Value = Out> {
    prop_oneof![4 => Just(Out::Open), 1 => Just(Out::Closed), 1 => Just(Out::Full)]
}

/// Numbers as users type them, and the edges of f64.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(vec![
            "4475", "950", "0", "-5", "1e-300", "1e30", "nan", "inf", "1e308", "90", "39.2", "125.7", "7.2", "-0",
            "20015", "6000", "360", "2000", ".5", "1e", "0x10",
        ])
        .prop_map(str::to_string),
        1 => any::<f64>().prop_map(|x| x.to_string()),
        2 => (-2e4..2e4f64).prop_map(|x| format!("{x:.3}")),
    ]
}

/// An id as users write them: exact big numbers, strings, arrays, objects.
fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "1.2345678901234567890123e29",
            "123456789012345678901234567890",
            "\"seed\"",
            "[1, 2.50, \"\\u00e9\"]",
            "{\"a\":1}",
            "null",
            "-0.0",
            "1E+2",
        ])
        .prop_map(str::to_string),
        any::<i64>().prop_map(|k| k.to_string()),
    ]
}

/// A batch line's bytes (no line end of its own, unless random bytes bring one).
fn batch_line() -> impl Strategy<Value = Vec<u8>> {
    let valid = (
        id(),
        select(vec![
            r#""apogee_km":4475,"range_km":950"#,
            r#""apogee_km":2800,"range_km":933,"flight_time_s":2400"#,
            r#""burnout_speed_km_s":7.2"#,
            r#""test":"2017-11-28-hwasong15-kcna","model":"kepler""#,
            r#""apogee_km":4475,"range_km":950,"model":"rotating","site":[39,125.7],"test_azimuth_deg":90"#,
            r#""apogee_km":4475,"range_km":950,"apogee_km":100"#,
            r#""apogee_km":"high","range_km":950"#,
            r#""apogee_km":10,"range_km":950,"burnout_altitude_km":80"#,
            r#""apogee_km":4475,"range_km":950,"colour":"red""#,
        ]),
        any::<bool>(),
    )
        .prop_map(|(id, body, with_id)| {
            if with_id { format!("{{\"id\":{id},{body}}}") } else { format!("{{{body}}}") }.into_bytes()
        });
    let key = select(vec!["apogee_km", "range_km", "model", "site", "id", "azimuths_deg", "x"]);
    let object = proptest::collection::vec((key, number()), 0..5).prop_map(|kv| {
        let body: Vec<String> = kv.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        format!("{{{}}}", body.join(",")).into_bytes()
    });
    prop_oneof![
        6 => valid,
        2 => object,
        2 => proptest::collection::vec(any::<u8>(), 0..40),
        1 => proptest::collection::vec(any::<char>(), 0..20).prop_map(|c| String::from_iter(c).into_bytes()),
        1 => Just(Vec::new()),
        1 => Just(b"\xEF\xBB\xBF{\"apogee_km\":4475,\"range_km\":950}".to_vec()),
        // Over the 1 MiB line limit.
        1 => (0..64usize).prop_map(|extra| vec![b' '; (1 << 20) + 1 + extra]),
    ]
}

/// A batch stream: lines with any line ends, sometimes a BOM first.
fn batch_input() -> impl Strategy<Value = Vec<u8>> {
    let ending = select(vec![&b"\n"[..], b"\r\n", b"\r", b""]);
    (any::<u8>(), proptest::collection::vec((batch_line(), ending), 0..24)).prop_map(|(b, lines)| {
        let mut input = if b < 40 { BOM.to_vec() } else { Vec::new() };
        for (line, end) in lines {
            input.extend_from_slice(&line);
            input.extend_from_slice(end);
        }
        input
    })
}

/// A flag's value.
fn value() -> impl Strategy<Value = String> {
    let unit = select(vec!["km", "m", "mi", "s", "min", "km/s", "", "kg", "%"]);
    prop_oneof![
        4 => (number(), unit.clone()).prop_map(|(n, u)| format!("{n}{u}")),
        1 => (number(), number(), unit).prop_map(|(a, b, u)| format!("{a}+-{b}{u}")),
        2 => (number(), number()).prop_map(|(a, b)| format!("{a},{b}")),
        2 => select(vec![
            "pyongyang", "tokyo", "Tokyo, JP", "", "ñ", "guam", "earth", "boost", "rotating", "kepler",
            "2017-11-28-hwasong15-kcna", "\u{0}", "+-", "-", "10%", "1200x800", "8000x8000", "x",
        ])
        .prop_map(str::to_string),
    ]
}

const FLAGS: [&str; 27] = [
    "--apogee",
    "--range",
    "--flight-time",
    "--burnout-speed",
    "--burnout-altitude",
    "--model",
    "--vehicle",
    "--beta",
    "--payload",
    "--extra-payload",
    "--site",
    "--test-azimuth",
    "--azimuth",
    "--target",
    "--test",
    "--samples",
    "--seed",
    "--uniform",
    "--sensitivity",
    "--json",
    "--step",
    "--world",
    "--size",
    "--payloads",
    "--range-for",
    "-o",
    "--help",
];

fn flag() -> impl Strategy<Value = Vec<String>> {
    let output = (
        select(vec!["png", "svg", "geojson", "kml", "txt", "PNG"]),
        select(vec!["out", "a b", "x.y", "-", "ü"]),
        0..4u8,
    )
        .prop_map(|(ext, stem, k)| match k {
            0 => format!("{{dir}}/{}.{ext}", "n".repeat(240)),
            1 => "{dir}/missing/out.png".to_string(),
            _ => format!("{{dir}}/{stem}.{ext}"),
        });
    // Sample counts that finish within the time limit with any model (the slowest, drag at
    // beta 10, takes 3 ms a sample), and counts every model refuses (above the limits of
    // uncertainty::SAMPLE_COSTS): a run the limits accept may take minutes, and is no bug.
    let samples = select(vec!["0", "1", "40", "300", "2000", "5000", "20000000", "-1", "x", "18446744073709551615"]);
    let vehicle = select(vec!["generic-seed.toml", "v2.toml", "none.toml", "/dev/null", "/"]).prop_map(|v| {
        if v.starts_with('/') {
            v.to_string()
        } else {
            format!("{}/examples/vehicles/{v}", env!("CARGO_MANIFEST_DIR"))
        }
    });
    (select(FLAGS.to_vec()), value(), output, samples, vehicle, 0..8u8).prop_map(|(f, v, o, s, veh, k)| match (f, k) {
        ("-o", _) => vec![f.into(), o],
        ("--samples", _) => vec![f.into(), s.into()],
        ("--vehicle", _) => vec![f.into(), veh],
        ("--help", _) => vec![f.into()],
        (_, 0) => vec![f.into()],
        _ => vec![f.into(), v],
    })
}

/// A command line, `loftrange` left out.
fn command_line() -> impl Strategy<Value = Vec<String>> {
    let command = select(vec![
        "estimate",
        "estimate",
        "estimate",
        "plot",
        "reach",
        "payload",
        "places",
        "catalog",
        "validate",
        "frobnicate",
        "--help",
        "--version",
    ]);
    let obs = ["--apogee", "4475km", "--range", "950km"];
    let site = ["--site", "39.2,125.7", "--test-azimuth", "90"];
    // The slow models (boost, earth with re-entry drag) are run whole too: the time limit
    // is what catches an input that takes too long.
    let base = select(vec![
        vec![],
        obs.to_vec(),
        [&obs[..], &site].concat(),
        vec!["--burnout-speed", "7.2km/s"],
        vec!["--test", "2017-11-28-hwasong15-kcna", "--model", "kepler"],
        [&obs[..], &["--model", "boost"]].concat(),
        [&obs[..], &site, &["--model", "boost"]].concat(),
        [&obs[..], &site, &["--model", "earth", "--beta", "2000"]].concat(),
        // Error bars: a Monte Carlo (2,000 samples unless --samples says otherwise).
        [&["--apogee", "4475+-50km", "--range", "950km"][..], &site].concat(),
        [&["--apogee", "4475+-50km", "--range", "950km", "--model", "earth", "--beta", "2000"][..], &site].concat(),
        vec!["--apogee", "4475+-50km", "--range", "950km", "--model", "boost"],
    ]);
    let step = select(vec!["30", "30", "10", "5", "1"]);
    (command, base, step, proptest::collection::vec(flag(), 0..4)).prop_map(|(c, b, step, extra)| {
        let mut v = vec![c.to_string()];
        v.extend(b.into_iter().map(str::to_string));
        if c == "reach" {
            v.extend(["--step".to_string(), step.to_string()]);
        }
        v.extend(extra.into_iter().flatten());
        v
    })
}

/// Commands that write a file (or read a stream) for a signal to interrupt.
fn signalled() -> impl Strategy<Value = Case> {
    let obs = ["--apogee", "4475km", "--range", "950km"];
    let site = ["--site", "pyongyang", "--test-azimuth", "90"];
    let args = select(vec![
        [&["plot"][..], &obs, &["--size", "4000x4000", "-o", "{dir}/p.png"]].concat(),
        [&["plot"][..], &obs, &["-o", "{dir}/p.svg"]].concat(),
        [&["plot"][..], &obs, &site, &["-o", "{dir}/p.kml"]].concat(),
        [&["reach"][..], &obs, &site, &["--step", "10", "-o", "{dir}/r.png"]].concat(),
        [&["reach"][..], &obs, &site, &["--step", "10", "-o", "{dir}/r.geojson"]].concat(),
        vec!["estimate", "--apogee", "4475+-50km", "--range", "950km", "--samples", "300", "-o", "{dir}/h.svg"],
        vec!["batch", "-"],
    ]);
    (args, select(vec!["INT", "TERM", "HUP"]), 0..400u64).prop_map(|(a, signal, delay_ms)| Case::Signal {
        args: a.into_iter().map(str::to_string).collect(),
        signal,
        delay_ms,
    })
}

fn case() -> impl Strategy<Value = Case> {
    prop_oneof![
        3 => (batch_input(), any::<bool>(), out(), 0..6u8).prop_map(|(input, from_file, stdout, e)| Case::Batch {
            input,
            from_file,
            stdout,
            stderr_full: e == 0,
        }),
        3 => (command_line(), out(), 0..6u8).prop_map(|(args, stdout, e)| Case::Command {
            args,
            stdout,
            stderr_full: e == 0,
        }),
        1 => signalled(),
    ]
}

/// Batch input lines as the contract counts them: LF, CRLF or CR end a line, a BOM at
/// the start is skipped, the last line may have no end.
fn expected_lines(input: &[u8]) -> usize {
    let b = input.strip_prefix(BOM).unwrap_or(input);
    let (mut n, mut open, mut i) = (0, false, 0);
    while i < b.len() {
        match b[i] {
            b'\n' => (n, open) = (n + 1, false),
            b'\r' => {
                (n, open) = (n + 1, false);
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            _ => open = true,
        }
        i += 1;
    }
    n + usize::from(open)
}

/// The write end of a pipe whose reader is gone (a FIFO opened at both ends, then its
/// reader closed): the first write fails with EPIPE.
fn closed_pipe(dir: &Path) -> std::fs::File {
    let fifo = dir.join("fifo");
    let _ = std::fs::remove_file(&fifo);
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::File::open(fifo).unwrap())
    };
    let writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    drop(reader.join().unwrap());
    std::fs::remove_file(&fifo).unwrap();
    writer
}

fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap()
}

/// How one process ended.
struct Ended {
    status: Option<ExitStatus>,
    stdout: Vec<u8>,
    stderr: String,
}

/// Read a pipe to its end in a thread (at most 256 MB kept).
fn drain<R: Read + Send + 'static>(r: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        if let Some(mut r) = r {
            let mut buf = vec![0u8; 1 << 16];
            while let Ok(n) = r.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if kept.len() < 256 << 20 {
                    kept.extend_from_slice(&buf[..n]);
                }
            }
        }
        kept
    })
}

/// The binary under test: the one cargo built, or `LOFTRANGE_FUZZ_BIN` (to check that
/// the fuzzer finds what an older binary got wrong).
fn binary() -> String {
    std::env::var("LOFTRANGE_FUZZ_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_loftrange").to_string())
}

/// Wait for `child` until `limit`; None when it had to be killed.
fn wait_within(child: &mut Child, start: Instant, limit: Duration) -> Option<ExitStatus> {
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return Some(s);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Run `args` in `dir` with the given streams; `input` on standard input when given;
/// `signal` sent after a delay.
fn run(
    dir: &Path,
    args: &[String],
    input: Option<Vec<u8>>,
    stdout: Out,
    stderr_full: bool,
    signal: Option<(&str, u64)>,
    limit: Duration,
) -> Ended {
    let mut cmd = Command::new(binary());
    cmd.args(args).current_dir(dir).env_remove("RUST_BACKTRACE");
    cmd.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() });
    match stdout {
        Out::Open => cmd.stdout(Stdio::piped()),
        Out::Closed => cmd.stdout(closed_pipe(dir)),
        Out::Full => cmd.stdout(dev_full()),
    };
    cmd.stderr(if stderr_full { Stdio::from(dev_full()) } else { Stdio::piped() });
    let start = Instant::now();
    let mut child = cmd.spawn().unwrap();
    // A signalled batch keeps its input open (handed back, closed after the process
    // ends): only the signal stops it.
    let hold = signal.is_some();
    let feeder = child.stdin.take().map(|mut stdin| {
        let bytes = input.unwrap_or_default();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
            hold.then_some(stdin)
        })
    });
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    if let Some((name, delay)) = signal {
        while start.elapsed() < Duration::from_millis(delay) && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        // `kill` is a process of its own: under load its spawn can fail, and a signal
        // never sent would leave a batch waiting on its open input, blamed on loftrange.
        // Sent again until `kill` says it was delivered or the child has ended.
        while start.elapsed() < limit && child.try_wait().unwrap().is_none() {
            let sent = Command::new("kill").args(["-s", name, &child.id().to_string()]).stderr(Stdio::null()).status();
            if sent.is_ok_and(|s| s.success()) {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    let status = wait_within(&mut child, start, limit);
    if let Some(f) = feeder {
        let _ = f.join();
    }
    Ended { status, stdout: out.join().unwrap(), stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned() }
}

/// Files left in `dir` that look temporary.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') || n.contains(".tmp"))
        .collect()
}

/// An output file that exists must be whole.
fn whole(path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let name = path.to_string_lossy().to_lowercase();
    let text = String::from_utf8_lossy(&bytes);
    let ok = if name.ends_with(".png") {
        bytes.ends_with(&[0xAE, 0x42, 0x60, 0x82])
    } else if name.ends_with(".svg") {
        text.trim_end().ends_with("</svg>")
    } else if name.ends_with(".kml") {
        text.trim_end().ends_with("</kml>")
    } else if name.ends_with(".geojson") {
        serde_json::from_slice::<serde_json::Value>(&bytes).is_ok()
    } else {
        true
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{} is not whole ({} bytes)", path.display(), bytes.len()))
    }
}

/// The checks every process passes: exit code, no panic, one line per error.
fn common_checks(e: &Ended, signal: Option<i32>, limit: Duration) -> Result<(), String> {
    use std::os::unix::process::ExitStatusExt;
    let Some(status) = e.status else {
        return Err(format!("took longer than {} s (killed)", limit.as_secs()));
    };
    let code_ok = matches!(status.code(), Some(0..=2));
    let signalled = signal.is_some_and(|s| status.signal() == Some(s) || status.code() == Some(128 + s));
    if !code_ok && !signalled {
        return Err(format!("exit {status:?}"));
    }
    if e.stderr.contains("panicked") || e.stderr.contains("RUST_BACKTRACE") {
        return Err(format!("panic: {}", e.stderr));
    }
    // The help (no command) is several lines; every other stderr line is a whole
    // message of its own.
    if !e.stderr.contains("Usage:") {
        for l in e.stderr.lines() {
            let known = ["loftrange: ", "wrote ", "progress: "].iter().any(|p| l.starts_with(p));
            if !known {
                return Err(format!("stderr line {l:?} is not a message of its own: {:?}", e.stderr));
            }
        }
        let errors = e.stderr.lines().filter(|l| l.starts_with("loftrange: ")).count();
        if errors > 1 || (status.code().is_some_and(|c| c > 0) && errors == 0 && !e.stderr.is_empty()) {
            return Err(format!("{errors} error lines: {:?}", e.stderr));
        }
    }
    Ok(())
}

/// Run one case in `dir` (empty) and check it.
fn check(case: &Case, dir: &Path, limit: Duration) -> Result<Outcome, String> {
    let subst = |args: &[String]| -> Vec<String> {
        // An argument cannot hold a NUL byte (the OS's strings end there).
        args.iter().map(|a| a.replace("{dir}", dir.to_str().unwrap()).replace('\0', "")).collect()
    };
    let outcome = match case {
        Case::Batch { input, from_file, stdout, stderr_full } => {
            let args = if *from_file {
                std::fs::write(dir.join("in.jsonl"), input).unwrap();
                vec!["batch".to_string(), "in.jsonl".to_string()]
            } else {
                vec!["batch".to_string(), "-".to_string()]
            };
            let stdin = (!from_file).then(|| input.clone());
            let e = run(dir, &args, stdin, *stdout, *stderr_full, None, limit);
            common_checks(&e, None, limit)?;
            let code = e.status.and_then(|s| s.code()).unwrap_or(-1);
            let lines = expected_lines(input);
            match stdout {
                Out::Open => {
                    let text = String::from_utf8(e.stdout).map_err(|_| "output is not UTF-8".to_string())?;
                    let got: Vec<&str> = text.lines().collect();
                    if got.len() != lines {
                        return Err(format!("{} output lines for {lines} input lines", got.len()));
                    }
                    let mut errors = 0;
                    for (k, l) in got.iter().enumerate() {
                        let v: serde_json::Value =
                            serde_json::from_str(l).map_err(|err| format!("line {}: {err}: {l}", k + 1))?;
                        if v["line"].as_u64() != Some(k as u64 + 1) {
                            return Err(format!("output line {} says {}", k + 1, v["line"]));
                        }
                        errors += usize::from(v.get("error").is_some());
                    }
                    if (errors > 0) != (code != 0) {
                        return Err(format!("exit {code} with {errors} error lines"));
                    }
                }
                Out::Closed | Out::Full => {
                    let want = if lines == 0 { 0 } else { 1 };
                    if code != want {
                        return Err(format!("exit {code} with {stdout:?} stdout and {lines} lines"));
                    }
                    if want == 1 && !stderr_full && !e.stderr.contains("writing output") {
                        return Err(format!("stderr {:?}", e.stderr));
                    }
                }
            }
            Outcome::Exit(code)
        }
        Case::Command { args, stdout, stderr_full } => {
            let args = subst(args);
            let e = run(dir, &args, None, *stdout, *stderr_full, None, limit);
            common_checks(&e, None, limit)?;
            let code = e.status.and_then(|s| s.code()).unwrap_or(-1);
            if !temporaries(dir).is_empty() {
                return Err(format!("left {:?}", temporaries(dir)));
            }
            for f in std::fs::read_dir(dir).unwrap() {
                let p = f.unwrap().path();
                if p.is_file() {
                    // A failed command writes no file (unless only stdout failed after it).
                    if code != 0 && *stdout == Out::Open {
                        return Err(format!("exit {code} left {}", p.display()));
                    }
                    whole(&p)?;
                }
            }
            Outcome::Exit(code)
        }
        Case::Signal { args, signal, delay_ms } => {
            let number = match *signal {
                "INT" => 2,
                "TERM" => 15,
                _ => 1,
            };
            let args = subst(args);
            let input = (args[0] == "batch").then(|| b"{\"apogee_km\":4475,\"range_km\":950}\n".repeat(50));
            let e = run(dir, &args, input, Out::Open, false, Some((signal, *delay_ms)), limit);
            common_checks(&e, Some(number), limit)?;
            if !temporaries(dir).is_empty() {
                return Err(format!("left {:?} after SIG{signal}", temporaries(dir)));
            }
            for f in std::fs::read_dir(dir).unwrap() {
                let p = f.unwrap().path();
                if p.is_file() {
                    whole(&p)?;
                }
            }
            // Whatever batch wrote before the signal is whole lines, in order.
            let text = String::from_utf8_lossy(&e.stdout);
            if args[0] == "batch" {
                for (k, l) in text.split_inclusive('\n').filter(|l| l.ends_with('\n')).enumerate() {
                    let v: serde_json::Value = serde_json::from_str(l).map_err(|err| format!("{err}: {l}"))?;
                    if v["line"].as_u64() != Some(k as u64 + 1) {
                        return Err(format!("output line {} says {}", k + 1, v["line"]));
                    }
                }
            }
            match e.status.and_then(|s| s.code()) {
                Some(c) => Outcome::Exit(c),
                None => Outcome::Signalled,
            }
        }
    };
    Ok(outcome)
}

enum Outcome {
    Exit(i32),
    Signalled,
}

/// Run `cases` cases (or as many as fit in `seconds`) from `seed`; panic with every
/// failure (its case and where its input is kept) at the end.
fn fuzz(cases: usize, seconds: Option<u64>, seed: u64, limit: Duration, short: bool) {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz_process");
    let dir = root.join(format!("case-{}", std::process::id()));
    let failures_dir = root.join("failures");
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        RunnerConfig { failure_persistence: None, ..RunnerConfig::default() },
        TestRng::from_seed(RngAlgorithm::ChaCha, &key),
    );
    let strategy = case();
    let start = Instant::now();
    let (mut n, mut exits, mut signalled, mut slowest) = (0usize, [0usize; 3], 0usize, (Duration::ZERO, 0usize));
    let mut failures: Vec<String> = Vec::new();
    while n < cases && seconds.is_none_or(|s| start.elapsed() < Duration::from_secs(s)) {
        let case = strategy.new_tree(&mut runner).unwrap().current();
        n += 1;
        // The short run keeps to cheap cases: no signals on big figures, no samples.
        if short {
            if let Case::Command { args, .. } = &case {
                let slow =
                    ["--samples", "8000x8000", "reach", "payload", "boost", "earth", "--vehicle", "--sensitivity"];
                if args.iter().any(|a| slow.contains(&a.as_str()) || a.contains("+-")) {
                    continue;
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let t = Instant::now();
        match check(&case, &dir, limit) {
            Ok(Outcome::Exit(c)) => exits[c as usize] += 1,
            Ok(Outcome::Signalled) => signalled += 1,
            Err(why) => {
                std::fs::create_dir_all(&failures_dir).unwrap();
                let kept = failures_dir.join(format!("seed{seed}-case{n}.txt"));
                let _ = std::fs::write(&kept, format!("{case:?}\n"));
                let shown: String = format!("{case:?}").chars().take(600).collect();
                eprintln!("fuzz: process case {n} FAILED: {why}\n  case: {shown}\n  kept: {}", kept.display());
                failures.push(format!("case {n}: {why} ({})", kept.display()));
            }
        }
        if t.elapsed() > slowest.0 {
            slowest = (t.elapsed(), n);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "fuzz: {n} process cases (seed {seed}) in {:.0} s: exit 0: {}, exit 1: {}, exit 2: {}, died of the signal: {signalled}, failures: {}; slowest case {} took {:.1} s",
        start.elapsed().as_secs_f64(),
        exits[0],
        exits[1],
        exits[2],
        failures.len(),
        slowest.1,
        slowest.0.as_secs_f64()
    );
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[cfg(unix)]
#[test]
fn process_cases_short() {
    fuzz(SHORT_CASES, None, 17, Duration::from_secs(60), true);
}

#[cfg(unix)]
#[test]
#[ignore = "long run: scripts/fuzz.sh"]
fn long_process_cases() {
    let seed = env("LOFTRANGE_FUZZ_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_secs())
    });
    fuzz(
        env("LOFTRANGE_FUZZ_PROCESS_CASES").unwrap_or(usize::MAX),
        env("LOFTRANGE_FUZZ_PROCESS_SECONDS").or(Some(600)),
        seed,
        Duration::from_secs(env("LOFTRANGE_FUZZ_TIMEOUT_S").unwrap_or(30)),
        false,
    );
}
