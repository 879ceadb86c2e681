//! What a catalog test with global reach could carry (issue 21, point 2): `estimate --test`
//! and `catalog` print the same answers, in words and in JSON, only for tests with global
//! reach under an impulsive model.

use crate::util::{json, ok_stdout, run};

const HS18: &str = "2023-07-12-hwasong18-kcna";

#[test]
fn estimate_test_and_catalog_give_the_same_payloads() {
    let est = json(&run(&["estimate", "--test", HS18, "--target", "washington", "--json"]));
    let g = &est["payload_for_global_reach"];
    let rows = g["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    for r in rows {
        let kg = r["extra_payload_kg"].as_f64().unwrap();
        assert!(kg > 0.0 && kg < g["fitted_burnout_mass_kg"].as_f64().unwrap());
        assert!((r["standard_range_km"].as_f64().unwrap() - r["distance_km"].as_f64().unwrap()).abs() < 1.0);
        assert!(r["words"].as_str().unwrap().starts_with(&format!("with {} kg more", loftrange::render::grouped(kg))));
    }
    let t = &g["target"];
    assert!(t["name"].as_str().unwrap().starts_with("Washington"));
    assert!(t["extra_payload_kg"].as_f64().unwrap() > rows[0]["extra_payload_kg"].as_f64().unwrap());
    // The catalog's row for the same entry: the same numbers (no target there).
    let cat = json(&run(&["catalog", "--json"]));
    let row = cat.as_array().unwrap().iter().find(|r| r["id"] == HS18).unwrap();
    assert_eq!(row["payload_for_global_reach"]["rows"], g["rows"]);
    // A test bounded under every impulsive model has none.
    let bounded = cat.as_array().unwrap().iter().find(|r| r["id"] == "2017-11-28-hwasong15-kcna").unwrap();
    assert!(bounded.get("payload_for_global_reach").is_none());
    let e = json(&run(&["estimate", "--test", "2017-11-28-hwasong15-kcna", "--json"]));
    assert!(e.get("payload_for_global_reach").is_none());
    // The text says it in words.
    let text = ok_stdout(&run(&["estimate", "--test", HS18]));
    assert!(text.contains("What the test could carry"));
    let kg = loftrange::render::grouped(rows[0]["extra_payload_kg"].as_f64().unwrap());
    assert!(text.contains(&format!("with {kg} kg more than the test carried")), "{text}");
    assert!(text.contains("still about 15,000 km"));
    let catalog_text = ok_stdout(&run(&["catalog"]));
    assert!(catalog_text.contains(&format!("with {kg} kg more than the test carried")));
}
