//! The 2017-11-28 Hwasong-15 test through the library: `cargo run --example hwasong15`.
//!
//! Reported (KCNA): apogee 4,475 km, ground range 950 km, flight time 53 minutes.

use loftrange::{estimate, Model, Observation, Options, Site};

fn main() -> Result<(), loftrange::Error> {
    let obs =
        Observation { apogee_m: 4_475e3, range_m: 950e3, flight_time_s: Some(53.0 * 60.0), burnout_altitude_m: 0.0 };

    for model in [Model::KEPLER, Model::SPHERE] {
        let est = estimate(&obs, &Options::new(model))?;
        report(&est);
    }

    // Rotating Earth: launched near Pyongyang (39.0 N, 125.7 E), assumed due east.
    let mut opts = Options::new(Model::ROTATING);
    opts.site = Some(Site::from_degrees(39.0, 125.7)?);
    opts.test_azimuth_rad = Some(90f64.to_radians());
    opts.azimuths_rad = vec![0f64.to_radians(), 270f64.to_radians()];
    let est = estimate(&obs, &opts)?;
    report(&est);
    for a in &est.by_azimuth {
        if let Some(r) = a.range_m {
            println!("    toward {:>5.1} deg: {:>8.0} km", a.azimuth_rad.to_degrees(), r / 1e3);
        }
    }
    Ok(())
}

fn report(est: &loftrange::Estimate) {
    println!("model {}: {}", est.model, est.assumptions);
    println!("  burnout {:.4} km/s at {:.2} deg", est.burnout.speed_m_s / 1e3, est.burnout.gamma_rad.to_degrees());
    if let Some(lofted) = &est.lofted {
        println!("  lofted free flight {:.0} s", lofted.flight_time_s);
    }
    match est.standard.range_m {
        Some(r) => println!("  standard range {:.0} km", r / 1e3),
        None => println!("  standard range: global reach"),
    }
    for w in &est.warnings {
        println!("  warning: {w}");
    }
}
