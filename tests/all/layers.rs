//! The library's layers (docs/layout.md): every `crate::…` path in `src/` points to a
//! lower layer, so the modules form no cycle and nothing imports upward. Read from the
//! source text: comments, string literals and `#[cfg(test)]` modules are left out (a test
//! may use anything).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The top-level modules, bottom up; a module may use only the layers before its own.
const LAYERS: &[&[&str]] = &[
    &["constants", "fmt"],
    &["numerics"],
    &["error"],
    &["geo"],
    &["data", "earth"],
    &["flight"],
    &["model"],
    &["standard"],
    &["inverse", "checks"],
    &["vehicle"],
    &["flyer"],
    &["estimate"],
    &["analysis"],
    &["config"],
    &["render"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without comments, string contents and its `#[cfg(test)] mod`.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        // Blank out string literals (escapes skipped) and trailing comments.
        let (mut in_str, mut escaped) = (false, false);
        let mut prev = ' ';
        for c in line.chars() {
            if in_str {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_str = false;
                    out.push('"');
                }
            } else if c == '"' {
                in_str = true;
                out.push('"');
            } else if c == '/' && prev == '/' {
                out.pop();
                break;
            } else {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

/// The top-level modules a piece of code names through `crate::`.
fn uses(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // use crate::{a::b, c, d::{e, f}}: the names at the group's top level.
            let (mut depth, mut start) = (0usize, true);
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && (c.is_ascii_alphabetic() || c == '_') => {
                        found.insert(ident(&group[j..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            found.insert(ident(rest));
        }
    }
    found
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        let module = first.trim_end_matches(".rs").to_string();
        if ["lib", "bin", "tests"].contains(&module.as_str()) || f.file_name().unwrap() == "tests.rs" {
            continue;
        }
        let Some(own) = layer(&module) else {
            wrong.push(format!("{}: module {module} is in no layer of LAYERS", rel.display()));
            continue;
        };
        for used in uses(&code(&std::fs::read_to_string(&f).unwrap())) {
            if used == module || used == "self" || used == "super" {
                continue;
            }
            match layer(&used) {
                Some(l) if l < own => checked += 1,
                Some(_) => wrong.push(format!("{}: {module} uses {used}, not below it", rel.display())),
                None => wrong.push(format!("{}: {module} uses {used}, in no layer of LAYERS", rel.display())),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(checked > 50, "only {checked} imports read: is the parser blind?");
}

#[test]
fn the_reader_sees_grouped_and_nested_imports_and_ignores_comments_and_strings() {
    let text = "use crate::{geo::{self, Site}, error::Result};\n// crate::render\nlet s = \"crate::config\";\nx = crate::flight::fly();";
    let found = uses(&code(text));
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["error", "flight", "geo"]);
}
