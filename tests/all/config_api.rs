//! The library's text-input path (`config::Inputs` -> `Config` -> `estimate` -> `render`),
//! which the command line and the web page share, gives what the typed API gives.

use loftrange::config::{Config, Inputs};
use loftrange::{estimate, Model, Question, Request};

fn no_files(path: &str) -> loftrange::Result<loftrange::boost::Vehicle> {
    Err(loftrange::Error::invalid("vehicle", format!("\"{path}\""), "no files here"))
}

#[test]
fn text_inputs_reduce_to_the_typed_call() {
    let inputs: Inputs =
        serde_json::from_str(r#"{"apogee": "4475km", "range": "950 km", "flight_time": "53min", "model": "kepler"}"#)
            .unwrap();
    let cfg = Config::from_inputs(&inputs, &no_files).unwrap();
    let est = cfg.estimate(0).unwrap();
    assert!(est.targets.is_empty());
    let q = Question::lofted(4_475e3, 950e3).with_flight_time(3180.0);
    let typed = estimate(&q, &Model::KEPLER, &Request::default()).unwrap();
    assert_eq!(est.standard.range_m(), typed.standard.range_m());
    let json = serde_json::to_value(loftrange::render::estimate_json(&est)).unwrap();
    let km = json["standard"]["range_km"].as_f64().unwrap();
    assert!((km - typed.standard.range_m().unwrap() / 1e3).abs() < 1e-9, "{km}");
    let text = loftrange::render::estimate_text(&est);
    assert!(text.contains(&loftrange::render::grouped(km)), "{text}");
}

#[test]
fn bad_text_inputs_name_their_field() {
    let inputs = Inputs { apogee: Some("-5km".into()), range: Some("950km".into()), ..Inputs::default() };
    let e = Config::from_inputs(&inputs, &no_files).and_then(|c| c.estimate(0).map(|_| ())).unwrap_err();
    assert!(e.is_input_error(), "{e}");
    assert_eq!(e.field(), Some("apogee"), "{e}");
    assert!(!e.to_string().contains('\n'));
    // Unknown keys in the JSON form are refused, not ignored.
    assert!(serde_json::from_str::<Inputs>(r#"{"apogee_km": "4475"}"#).is_err());
}

#[test]
fn a_reach_needs_the_site_and_a_step_and_says_so_in_one_line() {
    let base = || Inputs { apogee: Some("4475km".into()), range: Some("950km".into()), ..Inputs::default() };
    let mut no_site = Config::from_inputs(&base(), &no_files).unwrap();
    let e = no_site.sweep_for_reach(2.0).unwrap_err();
    assert_eq!(e.field(), Some("site"), "{e}");
    assert!(e.to_string().contains("reach needs the launch site") && !e.to_string().contains('\n'), "{e}");
    assert_eq!(no_site.request.sweep_step_rad, None);
    let with_site = Inputs { site: Some("39.0,125.75".into()), ..base() };
    let mut cfg = Config::from_inputs(&with_site, &no_files).unwrap();
    for bad in [0.0, 90.5, f64::NAN] {
        assert_eq!(cfg.clone().sweep_for_reach(bad).unwrap_err().field(), Some("step"));
    }
    cfg.sweep_for_reach(2.0).unwrap();
    assert_eq!(cfg.request.sweep_step_rad, Some(2f64.to_radians()));
}

#[test]
fn targets_are_labelled_by_name_or_coordinates() {
    let inputs = Inputs {
        apogee: Some("4475km".into()),
        range: Some("950km".into()),
        site: Some("39.0,125.75".into()),
        targets: vec!["tokyo".into(), "21.3069,-157.8583".into()],
        ..Inputs::default()
    };
    let cfg = Config::from_inputs(&inputs, &no_files).unwrap();
    let (named, point) = (&cfg.request.targets[0], &cfg.request.targets[1]);
    let name = named.name.clone().expect("a place name");
    assert_eq!(named.label(), name);
    assert_eq!(named.map_label(), name.split(',').next().unwrap());
    assert_eq!(point.label(), "21.31, -157.86");
    assert_eq!(point.map_label(), "21.31, -157.86");
}
