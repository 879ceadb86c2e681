//! Benchmark of the boost model: `cargo bench --bench boost`.
//! Target (issue 11, on the 2-core reference machine): generic-vehicle fit plus standard
//! range <= 3 ms (seed case, rotating Earth, drag on, no sensitivity table, no samples).
//! Since issue 17 the estimate also looks for the other fits near the vertical drift, and
//! since issue 18 it is measured through the one entry point, `estimate`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use loftrange::prelude::*;

fn benches(c: &mut Criterion) {
    let q = Question::lofted(4_475e3, 950e3)
        .with_flight_time(3180.0)
        .at(Site::from_degrees(39.0, 125.7).unwrap())
        .toward(90f64.to_radians());
    let mut g = c.benchmark_group("boost");
    g.sample_size(20);
    g.bench_function("generic fit + standard range (seed case)", |b| {
        b.iter(|| estimate(black_box(&q), &Model::BOOST, &Request::default()).unwrap())
    });
    g.finish();
}

criterion_group!(boost, benches);
criterion_main!(boost);
