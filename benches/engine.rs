//! Benchmarks of the engine: `cargo bench --bench engine`.
//! Targets (issue 2, on the 2-core reference machine): kepler estimate <= 2 us, one
//! numerical arc <= 5 us, rotating estimate <= 300 us, 360-azimuth sweep <= 50 ms.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use loftrange::prelude::*;
use loftrange::trajectory::{forward, Burnout, FlightOptions, Launch};

/// 2017-11-28: apogee 4,475 km, range 950 km, 53 min.
fn seed() -> Question {
    Question::lofted(4_475e3, 950e3).with_flight_time(3180.0)
}

/// The seed case from 39.0 N 125.7 E, launched east.
fn seed_from_site() -> Question {
    seed().at(Site::from_degrees(39.0, 125.7).unwrap()).toward(90f64.to_radians())
}

fn benches(c: &mut Criterion) {
    let headline = Request::default();
    c.bench_function("kepler estimate (seed case)", |b| {
        b.iter(|| estimate(black_box(&seed()), &Model::KEPLER, &headline).unwrap())
    });

    let earth = Model::SPHERE.earth();
    let burnout = Burnout { speed_m_s: 7_195.3, gamma_rad: 67.4f64.to_radians(), altitude_m: 0.0 };
    c.bench_function("one numerical arc (sphere, seed burnout to impact)", |b| {
        b.iter(|| {
            forward(Model::SPHERE, &earth, &Launch::EQUATOR_EAST, black_box(&burnout), &FlightOptions::default())
                .unwrap()
        })
    });

    c.bench_function("sphere estimate (seed case)", |b| {
        b.iter(|| estimate(black_box(&seed()), &Model::SPHERE, &headline).unwrap())
    });

    let q = seed_from_site();
    c.bench_function("rotating estimate (inverse + standard range at one azimuth)", |b| {
        b.iter(|| estimate(black_box(&q), &Model::ROTATING, &headline).unwrap())
    });

    c.bench_function("earth estimate (WGS 84 + J2, inverse + standard range at one azimuth)", |b| {
        b.iter(|| estimate(black_box(&q), &Model::EARTH, &headline).unwrap())
    });

    // Re-entry drag (issue 17: at most 3x the same estimate without it).
    for beta in [2_000.0, 500.0] {
        let drag = Model::EARTH.with_reentry_beta(Some(beta));
        c.bench_function(&format!("earth estimate with re-entry drag, beta {beta} kg/m2"), |b| {
            b.iter(|| estimate(black_box(&q), &drag, &headline).unwrap())
        });
    }

    let est = estimate(&q, &Model::ROTATING, &headline).unwrap();
    let mut g = c.benchmark_group("sweep");
    g.sample_size(10);
    g.bench_function("rotating 360-azimuth sweep", |b| {
        b.iter(|| est.flyer.sweep(black_box(1f64.to_radians())).unwrap())
    });
    g.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
