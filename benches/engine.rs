//! Benchmarks of the engine: `cargo bench --bench engine`.
//! Targets (issue 2, on the 2-core reference machine): kepler estimate <= 2 us, one
//! numerical arc <= 5 us, rotating estimate <= 300 us, 360-azimuth sweep <= 50 ms.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use loftrange::kepler::Burnout;
use loftrange::{estimate, Model, Observation, Options, Site};
use loftrange::{FlightOptions, Launch};

fn seed() -> Observation {
    // 2017-11-28: apogee 4,475 km, range 950 km, 53 min.
    Observation { apogee_m: 4_475e3, range_m: 950e3, flight_time_s: Some(3180.0), burnout_altitude_m: 0.0 }
}

fn rotating_options() -> Options {
    let mut o = Options::new(Model::ROTATING);
    o.site = Some(Site::from_degrees(39.0, 125.7).unwrap());
    o.test_azimuth_rad = Some(90f64.to_radians());
    o.samples = 0;
    o
}

fn benches(c: &mut Criterion) {
    let mut kep = Options::new(Model::KEPLER);
    kep.samples = 0;
    c.bench_function("kepler estimate (seed case)", |b| b.iter(|| estimate(black_box(&seed()), &kep).unwrap()));

    let earth = Model::SPHERE.earth();
    let burnout = Burnout { speed_m_s: 7_195.3, gamma_rad: 67.4f64.to_radians(), altitude_m: 0.0 };
    c.bench_function("one numerical arc (sphere, seed burnout to impact)", |b| {
        b.iter(|| {
            loftrange::forward(
                Model::SPHERE,
                &earth,
                &Launch::EQUATOR_EAST,
                black_box(&burnout),
                &FlightOptions::default(),
            )
            .unwrap()
        })
    });

    let mut sph = Options::new(Model::SPHERE);
    sph.samples = 0;
    c.bench_function("sphere estimate (seed case)", |b| b.iter(|| estimate(black_box(&seed()), &sph).unwrap()));

    let rot = rotating_options();
    c.bench_function("rotating estimate (inverse + standard range at one azimuth)", |b| {
        b.iter(|| estimate(black_box(&seed()), &rot).unwrap())
    });

    let mut earth_opts = rot.clone();
    earth_opts.model = Model::EARTH;
    c.bench_function("earth estimate (WGS 84 + J2, inverse + standard range at one azimuth)", |b| {
        b.iter(|| estimate(black_box(&seed()), &earth_opts).unwrap())
    });

    // Re-entry drag (issue 17: at most 3x the same estimate without it).
    for beta in [2_000.0, 500.0] {
        let mut drag_opts = earth_opts.clone();
        drag_opts.model = Model::EARTH.with_reentry_beta(Some(beta));
        c.bench_function(&format!("earth estimate with re-entry drag, beta {beta} kg/m2"), |b| {
            b.iter(|| estimate(black_box(&seed()), &drag_opts).unwrap())
        });
    }

    let est = estimate(&seed(), &rot).unwrap();
    let rearth = Model::ROTATING.earth();
    let site = rot.site.unwrap();
    let mut g = c.benchmark_group("sweep");
    g.sample_size(10);
    g.bench_function("rotating 360-azimuth sweep", |b| {
        b.iter(|| {
            loftrange::sweep(
                Model::ROTATING,
                &rearth,
                site.lat_rad,
                site.lon_rad,
                1f64.to_radians(),
                est.burnout.speed_m_s,
                0.0,
                &FlightOptions::default(),
            )
            .unwrap()
        })
    });
    g.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
