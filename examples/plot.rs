//! Draw the lofted test and its standard trajectory with the library:
//! `cargo run --example plot -- out.png` (or out.svg).

use loftrange::plot::{draw_trajectories, TrajectoryFigure};
use loftrange::{estimate, Model, Observation, Options};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "hwasong15.png".into());
    let obs = Observation { apogee_m: 4_475e3, range_m: 950e3, flight_time_s: Some(3_180.0), burnout_altitude_m: 0.0 };
    let mut opts = Options::new(Model::SPHERE);
    opts.samples = 400;
    let est = estimate(&obs, &opts)?;
    let fig = TrajectoryFigure {
        title: format!(
            "Hwasong-15, 2017-11-28: standard range {:.0} km",
            est.standard.range_m.unwrap_or(f64::NAN) / 1e3
        ),
        assumptions: format!("model {}: {}", est.model, est.assumptions),
        earth_radius_m: est.model.earth().radius_m,
        lofted: est.lofted.as_ref(),
        standard: est.standard.trajectory.as_ref(),
        global_reach: est.standard.global_reach,
        reported_flight_time_s: obs.flight_time_s,
    };
    draw_trajectories(&fig, std::path::Path::new(&path), 1200, 800)?;
    println!("wrote {path}");
    Ok(())
}
