//! `loftrange validate`: text, JSON and the Markdown of docs/VALIDATION.md, which must be
//! what the library renders now (LOFTRANGE_WRITE_VALIDATION=1 rewrites it).

use crate::util::{json, ok_stdout, run};

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/VALIDATION.md");

#[test]
fn validation_doc_is_current() {
    let table = loftrange::validation::table().expect("computes");
    let now = loftrange::render::validation_markdown(&table);
    if std::env::var_os("LOFTRANGE_WRITE_VALIDATION").is_some() {
        std::fs::write(DOC, &now).expect("writes docs/VALIDATION.md");
    }
    let stored = std::fs::read_to_string(DOC).expect("docs/VALIDATION.md exists");
    assert!(
        stored == now,
        "docs/VALIDATION.md is stale: rerun LOFTRANGE_WRITE_VALIDATION=1 cargo test --test all validation_doc"
    );
    // The command line prints the same Markdown.
    assert_eq!(ok_stdout(&run(&["validate", "--markdown"])), now);
}

#[test]
fn validate_text_and_json_agree() {
    let j = json(&run(&["validate", "--json"]));
    let data = loftrange::validation::data();
    let lofted = j["lofted"].as_array().unwrap();
    assert_eq!(lofted.len(), data.lofted.len());
    assert_eq!(j["forward"].as_array().unwrap().len(), data.forward.len());
    let text = ok_stdout(&run(&["validate"]));
    for (i, r) in lofted.iter().enumerate() {
        let id = r["id"].as_str().unwrap();
        assert!(text.contains(&format!("{:>2}. {id}:", i + 1)), "{id} not in the text");
        assert!(r["source"]["url"].as_str().unwrap().starts_with("http"));
        // The text's loftrange column is the JSON's number, rounded.
        if let Some(km) = r["loftrange"]["range_km"].as_f64() {
            let line = text.lines().find(|l| l.starts_with(&format!("{:>2}  ", i + 1))).unwrap();
            assert!(line.contains(&loftrange::render::grouped(km)), "{id}: {line}");
        }
        // The reproduce command prints the same range.
        if let Some(km) = r["loftrange"]["range_km"].as_f64() {
            let cmd = r["reproduce"].as_str().unwrap();
            let mut args: Vec<&str> = cmd.split(' ').skip(1).collect();
            args.push("--json");
            let e = json(&run(&args));
            let got = e["standard"]["range_km"].as_f64().unwrap_or(f64::NAN);
            assert!((got - km).abs() < 1e-6 * km, "{id}: {cmd} gives {got} km, the table {km} km");
        }
    }
}
