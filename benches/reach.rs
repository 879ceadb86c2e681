//! Benchmarks of reach: `cargo bench --bench reach`.
//! Targets (issue 4, 2-core reference machine): 360-azimuth reach contour <= 100 ms,
//! one target solve <= 5 ms.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use loftrange::Contour;
use loftrange::FlightOptions;
use loftrange::{Model, Site};

/// Burnout speed of the 2017-11-28 seed case (4,475 km apogee, 950 km range).
const SPEED_M_S: f64 = 7_171.0;

fn benches(c: &mut Criterion) {
    let earth = Model::ROTATING.earth();
    let site = Site::from_degrees(39.3163, 125.8827).unwrap(); // Pyongsong
    let opts = FlightOptions::default();
    let mut g = c.benchmark_group("reach");
    g.sample_size(10);
    g.bench_function("360-azimuth reach contour (sweep + impact polygon, rotating)", |b| {
        b.iter(|| {
            let sw = loftrange::sweep(
                Model::ROTATING,
                &earth,
                site.lat_rad,
                site.lon_rad,
                1f64.to_radians(),
                black_box(SPEED_M_S),
                0.0,
                &opts,
            )
            .unwrap();
            Contour::from_sweep(&earth, &site, &sw.points)
        })
    });
    // The same over the WGS 84 Earth with re-entry drag (issue 17: at most 0.2 s).
    let drag = Model::EARTH.with_reentry_beta(Some(2_000.0));
    let drag_earth = drag.earth();
    g.bench_function("360-azimuth reach contour (sweep + impact polygon, earth, beta 2000 kg/m2)", |b| {
        b.iter(|| {
            let sw = loftrange::sweep(
                drag,
                &drag_earth,
                site.lat_rad,
                site.lon_rad,
                1f64.to_radians(),
                black_box(SPEED_M_S),
                0.0,
                &opts,
            )
            .unwrap();
            Contour::from_sweep(&drag_earth, &site, &sw.points)
        })
    });
    g.finish();
    let (lat, lon) = (38.8951f64.to_radians(), (-77.0364f64).to_radians()); // Washington
    c.bench_function("one target solve (Washington, rotating)", |b| {
        b.iter(|| {
            loftrange::standard_toward_target(
                Model::ROTATING,
                &earth,
                &site,
                lat,
                lon,
                black_box(SPEED_M_S),
                0.0,
                &opts,
            )
            .unwrap()
        })
    });
    // The same with the flights that end on the target: the minimum-energy flight (Brent
    // on the speed around the target solve) and the own speed's low and high flights.
    let (lat, lon) = (35.6895f64.to_radians(), 139.6917f64.to_radians()); // Tokyo
    c.bench_function("one target with its flights (Tokyo, rotating)", |b| {
        b.iter(|| {
            loftrange::toward_target(Model::ROTATING, &earth, &site, lat, lon, black_box(SPEED_M_S), 0.0, &opts)
                .unwrap()
        })
    });
}

criterion_group!(reach_benches, benches);
criterion_main!(reach_benches);
