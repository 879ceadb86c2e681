//! The 2017-11-28 Hwasong-15 test through the library: `cargo run --example hwasong15`.
//!
//! Reported (KCNA): apogee 4,475 km, ground range 950 km, flight time 53 minutes.

use loftrange::prelude::*;

fn main() -> Result<()> {
    let test = Question::lofted(4_475e3, 950e3).with_flight_time(53.0 * 60.0);
    for model in [Model::KEPLER, Model::SPHERE] {
        report(&estimate(&test, &model, &Request::default())?);
    }

    // Rotating Earth: launched near Pyongyang (39.0 N, 125.7 E), assumed due east; the
    // standard range also toward the north and the west.
    let test = test.at(Site::from_degrees(39.0, 125.7)?).toward(90f64.to_radians());
    let request = Request { azimuths_rad: vec![0f64.to_radians(), 270f64.to_radians()], ..Request::default() };
    let est = estimate(&test, &Model::ROTATING, &request)?;
    report(&est);
    for a in &est.by_azimuth {
        if let Some(r) = a.range_m {
            println!("    toward {:>5.1} deg: {:>8.0} km", a.azimuth_rad.to_degrees(), r / 1e3);
        }
    }
    Ok(())
}

fn report(est: &Estimate) {
    println!("model {}: {}", est.model, est.assumptions);
    println!("  burnout {:.4} km/s at {:.2} deg", est.burnout.speed_m_s / 1e3, est.burnout.gamma_rad.to_degrees());
    if let Some(lofted) = &est.lofted {
        println!("  lofted free flight {:.0} s", lofted.flight_time_s);
    }
    match est.standard.range_m() {
        Some(r) => println!("  standard range {:.0} km", r / 1e3),
        None => println!("  standard range: global reach"),
    }
    for w in &est.warnings {
        println!("  warning: {w}");
    }
}
