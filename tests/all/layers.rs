//! The library's layers (docs/LAYOUT.md): every `crate::…` path in `src/` points to a
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

/// The module path of each file of src/ (`standard::target` for src/standard/target.rs,
/// `standard` for src/standard/mod.rs), without the binary and the tests.
fn module_files() -> Vec<(String, PathBuf)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .filter_map(|f| {
            let rel = f.strip_prefix(&src).unwrap().with_extension("");
            let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            let skip = ["lib", "bin", "tests"].contains(&parts[0].as_str()) || parts.last().unwrap() == "tests";
            let parts: Vec<&str> = parts.iter().map(String::as_str).filter(|p| *p != "mod").collect();
            (!skip).then(|| (parts.join("::"), f))
        })
        .collect()
}

/// The full `crate::a::b::c` paths in a piece of code (groups expanded one level).
fn paths(code: &str) -> Vec<String> {
    let ident =
        |s: &str| s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':').collect::<String>();
    let mut found = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        let head = ident(rest);
        match rest[head.len()..].strip_prefix('{') {
            Some(group) => {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                for item in group.split([',', '{']) {
                    found.push(format!("{head}{}", ident(item.trim())));
                }
            }
            None => found.push(head),
        }
    }
    found
}

#[test]
fn no_files_import_each_other_round_a_cycle() {
    let files = module_files();
    let names: BTreeSet<&str> = files.iter().map(|(m, _)| m.as_str()).collect();
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    for (module, f) in &files {
        for p in paths(&code(&std::fs::read_to_string(f).unwrap())) {
            // The longest module the path names (crate::standard::target::TargetReach -> standard::target).
            let parts: Vec<&str> = p.split("::").filter(|s| !s.is_empty()).collect();
            let target = (1..=parts.len()).rev().map(|k| parts[..k].join("::")).find(|c| names.contains(c.as_str()));
            if let Some(t) = target.filter(|t| t != module) {
                edges.insert((module.clone(), t));
            }
        }
    }
    // Depth-first search for a cycle.
    fn visit<'a>(
        v: &'a str,
        edges: &'a BTreeSet<(String, String)>,
        state: &mut std::collections::BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        state.insert(v, 1);
        path.push(v);
        for (_, w) in edges.range((v.to_string(), String::new())..).take_while(|(a, _)| a == v) {
            match state.get(w.as_str()) {
                Some(1) => {
                    let start = path.iter().position(|p| p == w).unwrap();
                    return Some(path[start..].iter().map(|s| s.to_string()).chain([w.clone()]).collect());
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(w, edges, state, path) {
                        return Some(c);
                    }
                }
            }
        }
        path.pop();
        state.insert(v, 2);
        None
    }
    let mut state = std::collections::BTreeMap::new();
    for n in &names {
        if !state.contains_key(n) {
            let cycle = visit(n, &edges, &mut state, &mut Vec::new());
            assert!(cycle.is_none(), "import cycle: {}", cycle.unwrap().join(" -> "));
        }
    }
    assert!(edges.len() > 100, "only {} imports between files read", edges.len());
}

#[test]
fn the_reader_sees_grouped_and_nested_imports_and_ignores_comments_and_strings() {
    let text = "use crate::{geo::{self, Site}, error::Result};\n// crate::render\nlet s = \"crate::config\";\nx = crate::flight::fly();";
    let found = uses(&code(text));
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["error", "flight", "geo"]);
}
