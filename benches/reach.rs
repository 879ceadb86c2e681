//! Benchmarks of reach: `cargo bench --bench reach`.
//! Targets (issue 4, 2-core reference machine): 360-azimuth reach contour <= 100 ms,
//! one target solve <= 5 ms.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use loftrange::prelude::*;
use loftrange::Contour;

/// Burnout speed of the 2017-11-28 seed case (4,475 km apogee, 950 km range).
const SPEED_M_S: f64 = 7_171.0;

fn benches(c: &mut Criterion) {
    let site = Site::from_degrees(39.3163, 125.8827).unwrap(); // Pyongsong
    let mut g = c.benchmark_group("reach");
    g.sample_size(10);
    for (model, name) in [
        (Model::ROTATING, "360-azimuth reach contour (sweep + impact polygon, rotating)"),
        // The same over the WGS 84 Earth with re-entry drag (issue 17: at most 0.2 s).
        (
            Model::EARTH.with_reentry_beta(Some(2_000.0)),
            "360-azimuth reach contour (sweep + impact polygon, earth, beta 2000 kg/m2)",
        ),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let flyer = Flyer::burnout(model, &site, black_box(SPEED_M_S), 0.0);
                let sw = flyer.sweep(1f64.to_radians()).unwrap();
                Contour::from_sweep(&model.earth, &site, &sw.points)
            })
        });
    }
    g.finish();
    let flyer = Flyer::burnout(Model::ROTATING, &site, SPEED_M_S, 0.0);
    let washington = Site::from_degrees(38.8951, -77.0364).unwrap();
    c.bench_function("one target solve (Washington, rotating)", |b| {
        b.iter(|| flyer.range_toward(black_box(&washington)).unwrap())
    });
    // The same with the flights that end on the target: the minimum-energy flight (Brent
    // on the speed around the target solve) and the own speed's low and high flights.
    let tokyo = Site::from_degrees(35.6895, 139.6917).unwrap();
    c.bench_function("one target with its flights (Tokyo, rotating)", |b| {
        b.iter(|| flyer.toward_target(black_box(&tokyo)).unwrap())
    });
}

criterion_group!(reach_benches, benches);
criterion_main!(reach_benches);
