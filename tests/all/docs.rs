//! The documentation as a user meets it: the README stays short (it is the first page a
//! user reads, and the crate's documentation), and every relative link in README.md and
//! docs/*.md leads to a file that exists and, with an anchor, to a heading in it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The README's length limit, lines (issue 19, point 9).
const README_MAX_LINES: usize = 300;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// README.md and every Markdown file in docs/.
fn documents() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/ exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    assert!(!docs.is_empty(), "docs/ has no Markdown file");
    files.extend(docs);
    files
}

/// The lines of a Markdown text outside fenced code blocks (``` or ~~~), each with its
/// 1-based line number; inline code spans blanked, or with `keep_code` kept without
/// their backticks.
fn prose_lines(text: &str, keep_code: bool) -> Vec<(usize, String)> {
    let mut fence: Option<&str> = None;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if trimmed.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        // Blank inline code: a link inside backticks is an example, not a link.
        let mut kept = String::with_capacity(line.len());
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
                if !keep_code {
                    kept.push(' ');
                }
            } else {
                kept.push(if in_code && !keep_code { ' ' } else { c });
            }
        }
        out.push((i + 1, kept));
    }
    out
}

/// The targets of the inline links `[text](target)` and images of a Markdown text, with
/// their line numbers (an optional title after the target is dropped).
fn links(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in prose_lines(text, false) {
        let mut rest = line.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            let target = after[..end].split_whitespace().next().unwrap_or("").trim_matches(['<', '>']);
            found.push((n, target.to_string()));
            rest = &after[end..];
        }
    }
    found
}

/// GitHub's anchor of a heading: lower case, punctuation other than '-' and '_' removed,
/// spaces as '-'.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown text's headings (a repeated heading gets -1, -2, ...).
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for (_, line) in prose_lines(text, true) {
        let t = line.trim_start();
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if !(1..=6).contains(&hashes) || !t[hashes..].starts_with(' ') {
            continue;
        }
        let base = slug(&t[hashes..]);
        let mut anchor = base.clone();
        let mut k = 1;
        while seen.contains(&anchor) {
            anchor = format!("{base}-{k}");
            k += 1;
        }
        seen.insert(anchor);
    }
    seen
}

/// Every broken relative link of one Markdown file, as "file:line: target: why".
fn broken_links(file: &Path) -> Vec<String> {
    let text = read(file);
    let dir = file.parent().expect("a file has a folder");
    let name = file.strip_prefix(root()).unwrap_or(file).display().to_string();
    let mut broken = Vec::new();
    for (line, target) in links(&text) {
        let external = ["http://", "https://", "mailto:"].iter().any(|s| target.starts_with(s));
        if external || target.is_empty() {
            if target.is_empty() {
                broken.push(format!("{name}:{line}: empty link target"));
            }
            continue;
        }
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target.as_str(), None),
        };
        let linked = if path.is_empty() { file.to_path_buf() } else { dir.join(path) };
        if path.starts_with('/') {
            broken.push(format!("{name}:{line}: {target}: an absolute path (write it relative to the file)"));
            continue;
        }
        if !linked.exists() {
            broken.push(format!("{name}:{line}: {target}: no such file"));
            continue;
        }
        if let Some(anchor) = anchor {
            if linked.extension().is_some_and(|x| x == "md") && !anchors(&read(&linked)).contains(anchor) {
                broken.push(format!("{name}:{line}: {target}: no heading with anchor #{anchor}"));
            }
        }
    }
    broken
}

#[test]
fn readme_is_at_most_300_lines() {
    let lines = read(&root().join("README.md")).lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines, more than {README_MAX_LINES}: move details to docs/"
    );
}

#[test]
fn every_relative_link_in_readme_and_docs_resolves() {
    let broken: Vec<String> = documents().iter().flat_map(|f| broken_links(f)).collect();
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_link_checker_finds_links_anchors_and_breaks() {
    // Its own parts on a planted text, so that a checker that finds nothing cannot pass.
    let text = "# Top `code`\n\nSee [a](docs/MODEL.md#the-flight) and ![i](x.png \"t\").\n\
                ```sh\n[not](a-link)\n```\nInline `[not](either)`.\n## Top code\n## Étapes, et fin!\n";
    let found: Vec<String> = links(text).into_iter().map(|(_, t)| t).collect();
    assert_eq!(found, ["docs/MODEL.md#the-flight", "x.png"]);
    let a = anchors(text);
    assert!(a.contains("top-code") && a.contains("top-code-1") && a.contains("étapes-et-fin"), "{a:?}");

    let dir = std::env::temp_dir().join(format!("loftrange-docs-links-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let page = dir.join("page.md");
    std::fs::write(&page, "# Here\n[ok](#here) [bad](#there) [gone](missing.md) [self](page.md#here)\n")
        .expect("write");
    let broken = broken_links(&page);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert!(broken[0].contains("#there") && broken[1].contains("missing.md"), "{broken:?}");
}
