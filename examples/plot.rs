//! Draw the lofted test and its standard trajectory with the library:
//! `cargo run --example plot -- out.png` (or out.svg).

use loftrange::prelude::*;
use loftrange::render::plot::draw_trajectories;

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "hwasong15.png".into());
    // 2017-11-28: apogee 4,475 km, range 950 km, 53 minutes; 400 points on each flight.
    let q = Question::lofted(4_475e3, 950e3).with_flight_time(3_180.0);
    let est = estimate(&q, &Model::SPHERE, &Request::default().with_samples(400))?;
    // The figure the command line draws, with its title and assumptions.
    let fig = loftrange::render::trajectory_figure(&est);
    draw_trajectories(&fig, std::path::Path::new(&path), 1200, 800)?;
    println!("wrote {path}");
    Ok(())
}
