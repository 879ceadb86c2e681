//! The validation table (`loftrange validate`) as text, JSON and Markdown
//! (`docs/VALIDATION.md`).

use std::fmt::Write;

use serde_json::{json, Value};

use crate::analysis::catalog_table::RangeCell;
use crate::analysis::validation::{
    Agreement, Compared, ForwardResult, LoftedResult, ValidationTable, AGREEMENT_TOLERANCE,
};
use crate::data::validation::{Inputs, Published, Qualifier};
use crate::fmt::grouped;

fn published_text(p: &Published) -> String {
    match p.qualifier {
        Qualifier::About => format!("about {}", grouped(p.low_km)),
        Qualifier::UpTo => format!("up to {}", grouped(p.low_km)),
        Qualifier::MoreThan => format!("> {}", grouped(p.low_km)),
        Qualifier::Between => format!("{}-{}", grouped(p.low_km), grouped(p.high_km)),
    }
}

fn range_text(r: &RangeCell) -> String {
    match r {
        RangeCell::Bounded { range_m } => grouped(range_m / 1e3),
        RangeCell::Global => "global".into(),
        RangeCell::NotApplicable(_) => "n/a".into(),
        RangeCell::Error(_) => "error".into(),
    }
}

fn ratio_text(c: &Compared) -> String {
    match (c.ratio_low, c.ratio_high) {
        (Some(l), Some(h)) if (l - h).abs() > 1e-12 => format!("{:.2}-{:.2}", h.min(l), h.max(l)),
        (Some(l), _) => format!("{l:.2}"),
        _ => "-".into(),
    }
}

fn agreement_text(a: Agreement) -> &'static str {
    match a {
        Agreement::Agrees => "agrees",
        Agreement::Below => "below",
        Agreement::Above => "above",
        Agreement::Unknown => "-",
    }
}

fn inputs_text(r: &LoftedResult) -> String {
    let f = &r.inputs;
    let time = f.flight_time_s.map(|t| format!(", flight time {t:.0} s")).unwrap_or_default();
    let from = match &r.row.inputs {
        Inputs::Catalog { catalog_id } => format!("catalog entry {catalog_id}"),
        Inputs::Cited { apogee_source, range_source, .. } => {
            format!("apogee: {}; range: {}", apogee_source.url, range_source.url)
        }
    };
    format!("apogee {} km, range {} km{time} ({from})", grouped(f.apogee_km), grouped(f.range_km))
}

fn forward_text_row(n: usize, f: &ForwardResult) -> String {
    let r = f.row;
    let (std, ratio) = match &f.standard_from_flight {
        Some(c) => (range_text(&c.range), ratio_text(c)),
        None => ("-".into(), "-".into()),
    };
    format!(
        "{n:>2}  {:<44} {:>6} {:>7} {:>11} {:>6} {:>9} {:>6}",
        r.flight,
        grouped(r.range_km),
        r.apogee_km.map(grouped).unwrap_or_else(|| "-".into()),
        grouped(f.min_energy_apogee_km),
        f.apogee_ratio.map(|x| format!("{x:.2}")).unwrap_or_else(|| "-".into()),
        std,
        ratio
    )
}

/// The legend shared by the text and the Markdown.
fn legend() -> String {
    format!(
        "Each published standard range whose inputs are known, recomputed from the same inputs: under the loftrange\n\
         model closest to the author's stated assumptions (model), with the two-body conversion (kepler: no rotation,\n\
         burnout at the surface) and with the '4 x apogee' rule, each as a ratio to the published figure (a span: to\n\
         both ends). agrees: within {:.0} % (a lower bound: at or above it less {:.0} %; global reach meets any lower\n\
         bound); where loftrange and the author differ by more, the row says why. Model boost flies the generic\n\
         vehicle fitted to the test (non-rotating without a site). Data: data/validation.json (every figure with its\n\
         page and a quoted sentence).\n",
        100.0 * AGREEMENT_TOLERANCE,
        100.0 * AGREEMENT_TOLERANCE
    )
}

/// The validation table as text (`loftrange validate`).
pub fn validation_text(t: &ValidationTable) -> String {
    let mut s = String::from("loftrange validate: published standard ranges from lofted tests, recomputed\n\n");
    let _ = writeln!(
        s,
        "{:>2}  {:<14} {:<18} {:>9} {:>9} {:<6} {:>7} {:>9} {:>7} {:>9}",
        "#", "published km", "model", "loftrange", "ratio", "", "kepler", "ratio", "4 x apo", "ratio"
    );
    for (i, r) in t.lofted.iter().enumerate() {
        let _ = writeln!(
            s,
            "{:>2}  {:<14} {:<18} {:>9} {:>9} {:<6} {:>7} {:>9} {:>7} {:>9}",
            i + 1,
            published_text(&r.row.published),
            r.closest_label,
            range_text(&r.closest.range),
            ratio_text(&r.closest),
            agreement_text(r.closest.agreement),
            range_text(&r.kepler.range),
            ratio_text(&r.kepler),
            grouped(r.four_times_apogee_km),
            ratio_text(&r.four_times_apogee),
        );
    }
    s += "\n";
    s += &legend();
    s += "\nFlights on standard trajectories (forward checks): the two-body minimum-energy apogee for the reported\n";
    s += "range beside the reported apogee, and loftrange's standard range (kepler) from the reported apogee and range.\n";
    let _ = writeln!(
        s,
        "{:>2}  {:<44} {:>6} {:>7} {:>11} {:>6} {:>9} {:>6}",
        "#", "flight", "range", "apogee", "min-energy", "ratio", "standard", "ratio"
    );
    for (i, f) in t.forward.iter().enumerate() {
        s += &forward_text_row(i + 1, f);
        s += "\n";
    }
    s += "\nThe rows (source, quote, stated assumptions, why the model, why they differ, how to reproduce):\n";
    for (i, r) in t.lofted.iter().enumerate() {
        let row = r.row;
        let _ = writeln!(s, "\n{:>2}. {}: {}; {}", i + 1, row.id, row.test, row.author);
        let _ = writeln!(s, "    inputs: {}", inputs_text(r));
        let _ = writeln!(s, "    source: {} ({})", row.source.url, row.source.publisher);
        let _ = writeln!(s, "      \"{}\"", row.source.quote);
        let a = &row.assumptions;
        let _ = writeln!(
            s,
            "    stated: payload {}; rotation {}; burnout altitude {}",
            a.payload, a.rotation, a.burnout_altitude
        );
        let _ = writeln!(s, "    model: {}: {}", r.closest_label, row.model_why);
        if let Some(why) = &row.differs_because {
            let _ = writeln!(s, "    why they differ: {why}");
        }
        let _ = writeln!(s, "    reproduce: {}", r.command);
    }
    s += "\nForward rows' sources:\n";
    for (i, f) in t.forward.iter().enumerate() {
        let r = f.row;
        let _ = writeln!(s, "{:>2}. {}: {} ({})", i + 1, r.id, r.source.url, r.source.publisher);
        let _ = writeln!(s, "      \"{}\"", r.source.quote);
        let _ = writeln!(s, "    {}", r.note);
    }
    s
}

fn km_json(r: &RangeCell) -> Value {
    match r {
        RangeCell::Bounded { range_m } => json!(range_m / 1e3),
        RangeCell::Global => json!("global reach"),
        RangeCell::NotApplicable(why) => json!({ "not_applicable": why }),
        RangeCell::Error(e) => json!({ "error": e }),
    }
}

fn compared_json(c: &Compared) -> Value {
    json!({
        "range_km": km_json(&c.range),
        "ratio_to_low": c.ratio_low,
        "ratio_to_high": c.ratio_high,
        "agreement": c.agreement,
    })
}

/// The validation table as `loftrange validate --json` prints it.
pub fn validation_json(t: &ValidationTable) -> Value {
    let lofted: Vec<Value> = t
        .lofted
        .iter()
        .map(|r| {
            let row = r.row;
            json!({
                "id": row.id,
                "test": row.test,
                "author": row.author,
                "inputs": {
                    "apogee_km": r.inputs.apogee_km,
                    "range_km": r.inputs.range_km,
                    "flight_time_s": r.inputs.flight_time_s,
                    "from": row.inputs,
                },
                "published": row.published,
                "source": row.source,
                "stated_assumptions": row.assumptions,
                "model": row.model,
                "rotation": row.rotation,
                "model_label": r.closest_label,
                "model_why": row.model_why,
                "loftrange": compared_json(&r.closest),
                "kepler": compared_json(&r.kepler),
                "four_times_apogee": compared_json(&r.four_times_apogee),
                "differs_because": row.differs_because,
                "reproduce": r.command,
            })
        })
        .collect();
    let forward: Vec<Value> = t
        .forward
        .iter()
        .map(|f| {
            json!({
                "id": f.row.id,
                "flight": f.row.flight,
                "apogee_km": f.row.apogee_km,
                "range_km": f.row.range_km,
                "source": f.row.source,
                "note": f.row.note,
                "min_energy_apogee_km": f.min_energy_apogee_km,
                "apogee_over_min_energy_apogee": f.apogee_ratio,
                "standard_range_from_flight": f.standard_from_flight.as_ref().map(compared_json),
            })
        })
        .collect();
    json!({ "agreement_tolerance": AGREEMENT_TOLERANCE, "lofted": lofted, "forward": forward })
}

/// Markdown cell text: pipes escaped, one line.
fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The validation table as Markdown: `docs/VALIDATION.md` (`loftrange validate --markdown`).
pub fn validation_markdown(t: &ValidationTable) -> String {
    let mut s = String::from("# How loftrange compares with published estimates\n\n");
    s += "<!-- Generated by `loftrange validate --markdown` from data/validation.json; a test keeps it current\n";
    s += "     (LOFTRANGE_WRITE_VALIDATION=1 cargo test --test all validation_doc rewrites it). Do not edit. -->\n\n";
    s += legend().replace('\n', " ").trim_end();
    s += "\n\n| # | test | author | published km | model | loftrange km | ratio | | kepler km | ratio | 4 x apogee km | ratio |\n";
    s += "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (i, r) in t.lofted.iter().enumerate() {
        let _ = writeln!(
            s,
            "| {} | {} | [{}]({}) | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            md(&r.row.test),
            md(&r.row.author),
            r.row.source.url,
            published_text(&r.row.published),
            r.closest_label,
            range_text(&r.closest.range),
            ratio_text(&r.closest),
            agreement_text(r.closest.agreement),
            range_text(&r.kepler.range),
            ratio_text(&r.kepler),
            grouped(r.four_times_apogee_km),
            ratio_text(&r.four_times_apogee),
        );
    }
    s += "\n## Flights on standard trajectories\n\n";
    s += "The two-body minimum-energy apogee for the reported range beside the reported apogee, and loftrange's\n";
    s += "standard range (kepler) from the reported apogee and range.\n\n";
    s += "| # | flight | range km | apogee km | minimum-energy apogee km | ratio | standard range km | ratio |\n";
    s += "|---|---|---|---|---|---|---|---|\n";
    for (i, f) in t.forward.iter().enumerate() {
        let (std, ratio) = match &f.standard_from_flight {
            Some(c) => (range_text(&c.range), ratio_text(c)),
            None => ("-".into(), "-".into()),
        };
        let _ = writeln!(
            s,
            "| {} | [{}]({}) | {} | {} | {} | {} | {} | {} |",
            i + 1,
            md(&f.row.flight),
            f.row.source.url,
            grouped(f.row.range_km),
            f.row.apogee_km.map(grouped).unwrap_or_else(|| "-".into()),
            grouped(f.min_energy_apogee_km),
            f.apogee_ratio.map(|x| format!("{x:.2}")).unwrap_or_else(|| "-".into()),
            std,
            ratio
        );
    }
    s += "\n## The rows\n";
    for (i, r) in t.lofted.iter().enumerate() {
        let row = r.row;
        let a = &row.assumptions;
        let _ = write!(
            s,
            "\n{}. **{}** ({}), {}.\n   - Inputs: {}.\n   - Source: <{}> ({}): \"{}\"\n   - Stated: payload {}; rotation {}; burnout altitude {}.\n   - Model: {}: {}.\n",
            i + 1,
            md(&row.test),
            row.id,
            md(&row.author),
            md(&inputs_text(r)),
            row.source.url,
            md(&row.source.publisher),
            md(&row.source.quote),
            md(&a.payload),
            md(&a.rotation),
            md(&a.burnout_altitude),
            r.closest_label,
            md(&row.model_why)
        );
        if let Some(why) = &row.differs_because {
            let _ = writeln!(s, "   - Why they differ: {}.", md(why));
        }
        let _ = writeln!(s, "   - Reproduce: `{}`", r.command);
    }
    s += "\n## The forward rows\n";
    for (i, f) in t.forward.iter().enumerate() {
        let r = f.row;
        let _ = writeln!(
            s,
            "\n{}. **{}**: <{}> ({}): \"{}\"\n   - {}.",
            i + 1,
            md(&r.flight),
            r.source.url,
            md(&r.source.publisher),
            md(&r.source.quote),
            md(&r.note)
        );
    }
    s
}
