//! Benchmark of the boost model: `cargo bench --bench boost`.
//! Target (issue 11, on the 2-core reference machine): generic-vehicle fit plus standard
//! range <= 3 ms (seed case, rotating Earth, drag on, no sensitivity table, no samples).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use loftrange::boost::{estimate_boost, BoostOptions};
use loftrange::Earth;
use loftrange::Launch;

fn benches(c: &mut Criterion) {
    let launch =
        Launch { lat_rad: 39.0f64.to_radians(), lon_rad: 125.7f64.to_radians(), azimuth_rad: 90f64.to_radians() };
    let opts = BoostOptions { sensitivity: false, samples: 0, ..BoostOptions::new(Earth::rotating(), launch) };
    let mut g = c.benchmark_group("boost");
    g.sample_size(20);
    g.bench_function("generic fit + standard range (seed case)", |b| {
        b.iter(|| estimate_boost(black_box(4_475e3), black_box(950e3), Some(3180.0), &opts).unwrap())
    });
    g.finish();
}

criterion_group!(boost, benches);
criterion_main!(boost);
