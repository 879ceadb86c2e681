//! The built binary on closed and full streams, long and odd batch input, and signals
//! (issue 17, points 4, 6 and 7): every failure is one line on stderr with exit 1 or 2,
//! batch answers line k as soon as lines 1..k are done, output files are replaced
//! whole with their permissions kept, and a signal leaves no temporary file.

#[allow(unused_imports)]
use crate::util::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const SEED: [&str; 5] = ["estimate", "--apogee", "4475km", "--range", "950km"];
const LINE: &str = r#"{"apogee_km":4475,"range_km":950}"#;

/// One line on stderr, starting "loftrange: ", no panic.
fn one_line(o: &Output) -> String {
    let e = stderr(o);
    assert!(!e.contains("panicked") && !e.contains("RUST_BACKTRACE"), "{e}");
    assert_eq!(e.lines().count(), 1, "{e:?}");
    assert!(e.starts_with("loftrange: "), "{e:?}");
    e
}

/// The write end of a pipe whose reader is already closed (a FIFO opened at both
/// ends, then its reader dropped): a write to it fails with EPIPE, deterministically.
#[cfg(unix)]
fn closed_pipe(name: &str) -> std::fs::File {
    let d = tmp_dir(&format!("fifo-{name}"));
    let fifo = d.join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::File::open(fifo).unwrap())
    };
    let writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    drop(reader.join().unwrap());
    writer
}

/// Run with standard output a pipe whose reader is already closed.
#[cfg(unix)]
fn closed_stdout(name: &str, cmd: &mut Command, input: Option<Vec<u8>>) -> Output {
    let mut child = cmd.stdin(Stdio::piped()).stdout(closed_pipe(name)).stderr(Stdio::piped()).spawn().unwrap();
    let stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let mut stdin = stdin;
        if let Some(bytes) = input {
            let _ = stdin.write_all(&bytes);
        }
    });
    let o = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    o
}

#[cfg(unix)]
fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap()
}

#[cfg(unix)]
#[test]
fn a_full_stderr_never_panics_and_the_exit_code_stays() {
    let d = tmp_dir("stderr_full");
    let run = |args: &[&str]| bin().args(args).stdout(Stdio::null()).stderr(dev_full()).status().unwrap().code();
    // An error message, "wrote FILE", the batch summary, Monte Carlo progress lines.
    assert_eq!(run(&["estimate", "--apogee", "x"]), Some(2));
    let png = d.join("a.svg");
    assert_eq!(run(&["plot", "--apogee", "4475km", "--range", "950km", "-o", png.to_str().unwrap()]), Some(0));
    assert!(png.is_file());
    let input = d.join("in.jsonl");
    std::fs::write(&input, format!("{LINE}\nnot json\n")).unwrap();
    assert_eq!(run(&["batch", input.to_str().unwrap()]), Some(2));
    assert_eq!(run(&["estimate", "--apogee", "4475+-50km", "--range", "950km", "--samples", "40"]), Some(0));
    assert_eq!(run(&["frobnicate"]), Some(2));
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_is_exit_1_with_one_line() {
    let o = closed_stdout("estimate", bin().args(SEED), None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(one_line(&o).contains("writing output: the reader closed the pipe"));
    // The help too: nothing the user asked for may vanish silently.
    let o = closed_stdout("help", bin().args(["batch", "--help"]), None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    one_line(&o);
    // Batch on an endless standard input stops reading and says so.
    let endless = format!("{LINE}\n").repeat(100_000).into_bytes();
    let o = closed_stdout("batch", bin().args(["batch", "-"]), Some(endless));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(one_line(&o).contains("writing output: the reader closed the pipe"));
}

#[cfg(unix)]
#[test]
fn a_full_stdout_is_exit_1_with_one_line() {
    let o = bin().args(SEED).stdout(dev_full()).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(one_line(&o).contains("writing output: no space left"), "{}", stderr(&o));
    let o = bin().args(["batch", "-"]).stdin(Stdio::piped()).stdout(dev_full()).stderr(Stdio::piped()).spawn().unwrap();
    let mut o = o;
    o.stdin.take().unwrap().write_all(format!("{LINE}\n{LINE}\n").as_bytes()).unwrap();
    let o = o.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(one_line(&o).contains("no space left"));
}

/// Read one line from `r` within `limit`, or fail.
fn read_line_within(r: &std::sync::mpsc::Receiver<String>, limit: Duration) -> String {
    r.recv_timeout(limit).expect("an output line in time")
}

#[test]
fn batch_writes_line_k_as_soon_as_lines_1_to_k_are_done() {
    let mut child =
        bin().args(["batch", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for l in BufReader::new(stdout).lines() {
            if tx.send(l.unwrap()).is_err() {
                break;
            }
        }
    });
    // Each answer comes while standard input is still open.
    for k in 1..=3 {
        stdin.write_all(format!("{{\"id\":{k},\"apogee_km\":4475,\"range_km\":950}}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
        let out = read_line_within(&rx, Duration::from_secs(30));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!((v["line"].as_u64(), v["id"].as_u64()), (Some(k), Some(k)), "{out}");
    }
    drop(stdin);
    let status = child.wait().unwrap();
    reader.join().unwrap();
    assert!(status.success());
}

#[cfg(target_os = "linux")]
#[test]
fn batch_memory_is_bounded_whatever_the_input_length() {
    // 1,000,000 cheap lines (each an error): all of them held at once came to hundreds of MB.
    let mut child =
        bin().args(["batch", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let counter = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        let mut lines = 0usize;
        loop {
            match stdout.read(&mut buf) {
                Ok(0) | Err(_) => break lines,
                Ok(n) => lines += buf[..n].iter().filter(|&&b| b == b'\n').count(),
            }
        }
    });
    let chunk = "{\"apogee_km\":\"high\"}\n".repeat(10_000);
    for _ in 0..100 {
        stdin.write_all(chunk.as_bytes()).unwrap();
    }
    stdin.flush().unwrap();
    // Peak resident memory so far, while the process still waits for more input.
    std::thread::sleep(Duration::from_millis(300));
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let peak_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    assert_eq!(counter.join().unwrap(), 1_000_000);
    assert_eq!(o.status.code(), Some(2));
    assert!(peak_kb < 64 * 1024, "peak {peak_kb} kB for 1,000,000 lines");
}

#[cfg(unix)]
#[test]
fn batch_refuses_dev_zero_within_a_second() {
    let t = Instant::now();
    let o = bin().args(["batch", "/dev/zero"]).output().unwrap();
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    assert_eq!(o.status.code(), Some(2));
    assert!(one_line(&o).contains("no line end within its first 64 MiB"), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(out.lines().count(), 1);
    assert!(out.contains("longer than 1048576 bytes"), "{out}");
}

#[test]
fn batch_answers_every_line_whatever_its_bytes() {
    let d = tmp_dir("batch_bytes");
    let path = d.join("in.jsonl");
    let mut input: Vec<u8> = b"\xEF\xBB\xBF".to_vec();
    // 1: after the BOM, CR-ended; 2: CRLF; 3: invalid UTF-8; 4: a lone CR splits the
    // text in two (4 and 5); 6: a key given twice; 7: over 1 MiB; 8: an exact id; 9: LF
    // then the last line without an end.
    input.extend_from_slice(br#"{"id":1.2345678901234567890123e29,"apogee_km":4475,"range_km":950}"#);
    input.push(b'\r');
    input.extend_from_slice(br#"{"id":123456789012345678901234567890,"apogee_km":4475,"range_km":950}"#);
    input.extend_from_slice(b"\r\n");
    input.extend_from_slice(b"{\"id\":\"\xff\",\"apogee_km\":4475}\n");
    input.extend_from_slice(b"a\rb\n");
    input.extend_from_slice(br#"{"id":"d","apogee_km":4475,"range_km":950,"apogee_km":100}"#);
    input.push(b'\n');
    input.extend(std::iter::repeat_n(b' ', (1 << 20) + 1));
    input.push(b'\n');
    input.extend_from_slice(br#"{"id":[1, 2.50, "\u00e9"],"apogee_km":4475,"range_km":950}"#);
    input.extend_from_slice(b"\n\n");
    input.extend_from_slice(LINE.as_bytes());
    std::fs::write(&path, &input).unwrap();
    let o = bin().args(["batch", path.to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    one_line(&o);
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 10, "{text}");
    for (k, l) in lines.iter().enumerate() {
        assert!(l.starts_with(&format!("{{\"line\":{},", k + 1)), "{l}");
    }
    // The ids come back byte for byte.
    assert!(lines[0].starts_with(r#"{"line":1,"id":1.2345678901234567890123e29,"headline""#), "{}", lines[0]);
    assert!(lines[1].starts_with(r#"{"line":2,"id":123456789012345678901234567890,"headline""#), "{}", lines[1]);
    assert!(lines[7].starts_with(r#"{"line":8,"id":[1, 2.50, "\u00e9"],"headline""#), "{}", lines[7]);
    let error = |k: usize| {
        let v: serde_json::Value = serde_json::from_str(lines[k - 1]).unwrap();
        v["error"].as_str().unwrap_or_default().to_string()
    };
    assert!(error(3).contains("UTF-8"), "{}", error(3));
    assert!(error(4).contains("not a valid JSON object") && error(5).contains("not a valid JSON object"));
    assert!(error(6).contains("key \"apogee_km\" given twice"), "{}", error(6));
    assert!(error(7).contains("1048576 bytes"), "{}", error(7));
    assert!(error(9).contains("blank line"));
    assert_eq!(error(10), "");
    // The rules are in the help.
    let help = String::from_utf8(bin().args(["batch", "--help"]).output().unwrap().stdout).unwrap();
    for needle in ["1 MiB", "CRLF", "byte order mark", "at most once", "exactly as written", "closed or full"] {
        assert!(help.contains(needle), "{needle}");
    }
}

#[cfg(unix)]
#[test]
fn replacing_a_file_keeps_its_permissions_and_a_long_name_fits() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp_dir("files");
    let out = d.join("private.svg");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    let plot = |path: &Path| {
        bin().args(["plot", "--apogee", "4475km", "--range", "950km", "-o", path.to_str().unwrap()]).output().unwrap()
    };
    let o = plot(&out);
    assert!(o.status.success(), "{}", stderr(&o));
    let meta = std::fs::metadata(&out).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(meta.len() > 1000);
    // A 250-byte name (the temporary file's name is short whatever the final one).
    let long = d.join(format!("{}.svg", "n".repeat(246)));
    let o = plot(&long);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(long.is_file());
    let names: Vec<String> =
        std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[cfg(unix)]
fn send(child: &Child, signal: &str) {
    let ok = Command::new("kill").args(["-s", signal, &child.id().to_string()]).status().unwrap().success();
    assert!(ok || child.id() == 0);
}

#[cfg(unix)]
#[test]
fn a_signal_while_writing_leaves_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    let d = tmp_dir("signals");
    let out = d.join("x.png");
    let mut caught = 0;
    for (i, (name, number)) in [("INT", 2), ("TERM", 15), ("HUP", 1)].iter().cycle().take(30).enumerate() {
        for e in std::fs::read_dir(&d).unwrap() {
            std::fs::remove_file(e.unwrap().path()).unwrap();
        }
        let mut child = bin()
            .args(["plot", "--apogee", "4475km", "--range", "950km", "--size", "4000x4000", "-o"])
            .arg(&out)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Odd tries: the moment the temporary file appears; even ones: at a time that
        // sweeps the run.
        let start = Instant::now();
        let delay = Duration::from_millis(20 * (i as u64 / 2));
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            let now = if i % 2 == 1 { !temporaries(&d).is_empty() } else { start.elapsed() >= delay };
            if now {
                send(&child, name);
                break;
            }
        }
        let status = child.wait().unwrap();
        assert!(
            status.code() == Some(0) || status.signal() == Some(*number),
            "SIGHUP/INT/TERM: {status:?} after {name}"
        );
        caught += usize::from(status.signal().is_some());
        assert_eq!(temporaries(&d), Vec::<String>::new(), "after SIG{name}, try {i}");
        // Whatever is there is whole.
        if let Ok(bytes) = std::fs::read(&out) {
            assert!(bytes.ends_with(&[0xAE, 0x42, 0x60, 0x82]), "a truncated PNG after SIG{name}");
        }
    }
    assert!(caught > 0, "no try was stopped by its signal");
}
