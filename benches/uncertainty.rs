//! Monte Carlo cost: 10,000 samples of the rotating model (target ≤ 5 s on 2 cores), and
//! 2,000 samples of the boost model over the measurements and the generic vehicle's
//! assumptions, each refitted (target ≤ 5 s on 2 cores, issue 11).

use criterion::{criterion_group, criterion_main, Criterion};
use loftrange::prelude::*;
use loftrange::uncertainty::{monte_carlo, MonteCarlo, Shape, Sigmas};

fn rotating_10k(c: &mut Criterion) {
    let q = Question::lofted(4_475e3, 950e3).at(Site::from_degrees(39.0, 125.7).unwrap()).toward(90f64.to_radians());
    let sigmas = Sigmas { apogee_m: 100e3, range_m: 50e3, test_azimuth_rad: 2f64.to_radians(), ..Default::default() };
    let mc = MonteCarlo { samples: 10_000, seed: 1, shape: Shape::Normal };
    let mut g = c.benchmark_group("uncertainty");
    g.sample_size(10);
    g.bench_function("monte_carlo_rotating_10k", |b| {
        b.iter(|| monte_carlo(&q, &Model::ROTATING, &Request::default(), &sigmas, mc, None).unwrap())
    });
    g.finish();
}

fn boost_model_2k(c: &mut Criterion) {
    let q = Question::lofted(4_475e3, 950e3);
    let sigmas = Sigmas { apogee_m: 100e3, range_m: 50e3, ..Default::default() };
    let mc = MonteCarlo { samples: 2_000, seed: 1, shape: Shape::Normal };
    let ranges = loftrange::uncertainty::assumption_ranges();
    let mut g = c.benchmark_group("uncertainty");
    g.sample_size(10);
    g.bench_function("monte_carlo_boost_model_2k", |b| {
        b.iter(|| {
            loftrange::uncertainty::model_monte_carlo(
                &q,
                &Model::BOOST,
                &Request::default(),
                &sigmas,
                mc,
                &ranges,
                None,
            )
            .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, rotating_10k, boost_model_2k);
criterion_main!(benches);
