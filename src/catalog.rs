//! An embedded catalog of published lofted missile tests, each entry one source's
//! figures for one test.
//!
//! The data live in `data/catalog.json` (described in `data/README.md`) and are
//! compiled into the binary. Units are those the sources use and the field names
//! say (km, s, degrees); convert to SI at the point of use.
//!
//! Several sources usually report the same test with different figures (state media
//! against Japanese or South Korean tracking, rounding, "more than" lower bounds).
//! [`same_test`] collects them and [`spread`] turns their disagreement into a
//! simple uncertainty.

use std::sync::OnceLock;

use serde::Deserialize;

/// The catalog as compiled in.
const CATALOG_JSON: &str = include_str!("../data/catalog.json");

/// Where a figure was published.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Who published the page (outlet, and the wire service when the page names it).
    pub publisher: String,
    /// Headline as seen; `None` where the stored copy showed none.
    pub title: Option<String>,
    /// Address of the page.
    pub url: String,
    /// Publication date `YYYY-MM-DD`, where the page shows it.
    pub date: Option<String>,
}

/// One source's figures for one test.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogEntry {
    /// `YYYY-MM-DD-missile-agency`, lowercase, unique.
    pub id: String,
    /// Launch date `YYYY-MM-DD` as the test is usually cited (see `data/README.md`).
    pub date: String,
    /// Missile name as the reporting state gave it, e.g. `Hwasong-15`.
    pub missile: String,
    /// Country that launched, e.g. `DPRK`.
    pub country: String,
    /// Reported maximum altitude, km. Often a rounded or lower-bound figure; see `notes`.
    pub apogee_km: f64,
    /// Reported ground range, km.
    pub range_km: f64,
    /// Reported flight time, s; `None` where this source gave none.
    pub flight_time_s: Option<f64>,
    /// Launch site as a source names it.
    pub launch_site: Option<String>,
    /// Launch latitude, degrees, only where a source states it.
    pub launch_lat_deg: Option<f64>,
    /// Launch longitude, degrees, only where a source states it.
    pub launch_lon_deg: Option<f64>,
    /// Launch azimuth, degrees clockwise from north, only where a source states it
    /// (or it follows from stated launch and impact points; then `notes` says so).
    pub azimuth_deg: Option<f64>,
    /// The agency whose figures these are, e.g. `KCNA`, `Japan MOD`, `ROK JCS`.
    pub agency: String,
    /// Where the figures were published.
    pub source: Source,
    /// Qualifiers ("more than", "about"), context, and related reports.
    pub notes: String,
    /// A standard-trajectory range estimate published for this test, km, for
    /// comparison at review; often a lower bound ("more than"), see `notes`.
    pub published_standard_range_km: Option<f64>,
    /// Where that estimate was published.
    pub published_standard_range_source: Option<Source>,
}

impl CatalogEntry {
    /// The `date`+`missile` key shared by all entries of one test.
    pub fn test_key(&self) -> (&str, &str) {
        (&self.date, &self.missile)
    }
}

/// All catalog entries, in file order (by date, then source).
pub fn entries() -> &'static [CatalogEntry] {
    static ENTRIES: OnceLock<Vec<CatalogEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        serde_json::from_str(CATALOG_JSON).expect("data/catalog.json is checked by the catalog tests and must parse")
    })
}

/// The entry with this id.
pub fn find(id: &str) -> Option<&'static CatalogEntry> {
    entries().iter().find(|e| e.id == id)
}

/// All entries of the same test as `entry` (same date and missile), itself included.
pub fn same_test(entry: &CatalogEntry) -> Vec<&'static CatalogEntry> {
    entries().iter().filter(|e| e.test_key() == entry.test_key()).collect()
}

/// Disagreement between sources as `(mean, half_range)` per quantity, where
/// half_range is (max − min)/2 over the sources that report the quantity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// Number of entries the spread was taken over.
    pub n: usize,
    /// Apogee, km.
    pub apogee_km: (f64, f64),
    /// Ground range, km.
    pub range_km: (f64, f64),
    /// Flight time, s; `None` if no entry reports one.
    pub flight_time_s: Option<(f64, f64)>,
}

fn mean_half_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (mut n, mut sum, mut lo, mut hi) = (0usize, 0.0, f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        n += 1;
        sum += v;
        lo = lo.min(v);
        hi = hi.max(v);
    }
    (n > 0).then(|| (sum / n as f64, (hi - lo) / 2.0))
}

/// The spread of the figures of `entries` (normally [`same_test`] of one entry).
/// `None` for an empty slice.
pub fn spread(entries: &[&CatalogEntry]) -> Option<Spread> {
    Some(Spread {
        n: entries.len(),
        apogee_km: mean_half_range(entries.iter().map(|e| e.apogee_km))?,
        range_km: mean_half_range(entries.iter().map(|e| e.range_km))?,
        flight_time_s: mean_half_range(entries.iter().filter_map(|e| e.flight_time_s)),
    })
}

/// The standard range of one catalog entry under one model.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeCell {
    /// A bounded standard range, m.
    Bounded {
        /// Standard range, m.
        range_m: f64,
    },
    /// Global reach toward the direction asked.
    Global,
    /// The model needs what the source does not give (e.g. a site and azimuth).
    NotApplicable(String),
    /// The estimate failed: the error in one line.
    Error(String),
}

impl RangeCell {
    fn of(r: crate::Result<crate::Estimate>) -> RangeCell {
        match r {
            Ok(e) => match e.standard.range_m {
                Some(range_m) => RangeCell::Bounded { range_m },
                None => RangeCell::Global,
            },
            Err(e) => RangeCell::Error(e.to_string()),
        }
    }
}

/// One row of the catalog table: an entry and its standard range under each model.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CatalogRow {
    /// The entry.
    #[serde(skip)]
    pub entry: &'static CatalogEntry,
    /// Model `kepler`.
    pub kepler: RangeCell,
    /// Model `sphere`.
    pub sphere: RangeCell,
    /// Model `rotating`, toward the test's azimuth (needs the site and azimuth).
    pub rotating: RangeCell,
}

/// The observation an entry reports (burnout at the surface).
pub fn observation(e: &CatalogEntry) -> crate::Observation {
    crate::Observation {
        apogee_m: e.apogee_km * 1e3,
        range_m: e.range_km * 1e3,
        flight_time_s: e.flight_time_s,
        burnout_altitude_m: 0.0,
    }
}

/// Options for an entry under `model`: its site and test azimuth where it gives them.
pub fn options(e: &CatalogEntry, model: crate::Model) -> crate::Result<crate::Options> {
    let mut o = crate::Options::new(model);
    o.samples = 0;
    o.boost_sensitivity = false;
    o.global_margin = false;
    if let (Some(lat), Some(lon)) = (e.launch_lat_deg, e.launch_lon_deg) {
        o.site = Some(crate::Site::from_degrees(lat, lon)?);
    }
    o.test_azimuth_rad = e.azimuth_deg.map(f64::to_radians);
    Ok(o)
}

/// Why the rotating column is empty for an entry without a site and azimuth.
pub const NO_SITE: &str = "n/a: no site/azimuth in source";

/// The catalog table: every entry under kepler, sphere and (with a site and azimuth)
/// rotating, computed in parallel (the order is the catalog's).
pub fn table() -> Vec<CatalogRow> {
    use crate::Model;
    use rayon::prelude::*;
    entries()
        .par_iter()
        .map(|e| {
            let run = |m: Model| RangeCell::of(options(e, m).and_then(|o| crate::estimate(&observation(e), &o)));
            let has_site = e.launch_lat_deg.is_some() && e.launch_lon_deg.is_some() && e.azimuth_deg.is_some();
            CatalogRow {
                entry: e,
                kepler: run(Model::KEPLER),
                sphere: run(Model::SPHERE),
                rotating: if has_site { run(Model::ROTATING) } else { RangeCell::NotApplicable(NO_SITE.into()) },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::{EARTH_RADIUS_M, G0_M_S2, MU_M3_S2};
    use std::collections::HashSet;

    fn slug(s: &str) -> String {
        s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase()
    }

    fn is_date(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
            && (1..=12).contains(&s[5..7].parse::<u32>().unwrap())
            && (1..=31).contains(&s[8..10].parse::<u32>().unwrap())
    }

    fn check_source(s: &Source, what: &str) {
        assert!(s.url.starts_with("https://") || s.url.starts_with("http://"), "{what}: url {:?}", s.url);
        assert!(!s.url.contains(char::is_whitespace), "{what}: url has spaces");
        assert!(!s.publisher.trim().is_empty(), "{what}: no publisher");
        if let Some(t) = &s.title {
            assert!(!t.trim().is_empty(), "{what}: empty title");
        }
        if let Some(d) = &s.date {
            assert!(is_date(d), "{what}: source date {d:?}");
        }
    }

    /// Time to fall radially from rest at height `h_m` to the surface of a point-mass
    /// Earth (Kepler's radial orbit), s.
    fn radial_fall_time_s(h_m: f64) -> f64 {
        let r0 = EARTH_RADIUS_M + h_m;
        let x = EARTH_RADIUS_M / r0;
        (r0.powi(3) / (2.0 * MU_M3_S2)).sqrt() * ((x * (1.0 - x)).sqrt() + x.sqrt().acos())
    }

    #[test]
    fn catalog_parses_and_is_not_empty() {
        let parsed: Vec<CatalogEntry> = serde_json::from_str(CATALOG_JSON).unwrap();
        assert!(parsed.len() >= 20, "only {} entries", parsed.len());
        assert_eq!(entries().len(), parsed.len());
    }

    #[test]
    fn ids_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for e in entries() {
            assert!(seen.insert(e.id.as_str()), "duplicate id {}", e.id);
            assert!(is_date(&e.date), "{}: date {:?}", e.id, e.date);
            let prefix = format!("{}-{}-", e.date, slug(&e.missile));
            assert!(e.id.starts_with(&prefix), "{}: should start {prefix}", e.id);
            let agency = &e.id[prefix.len()..];
            assert!(
                !agency.is_empty()
                    && agency
                        .split('-')
                        .all(|p| { !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()) }),
                "{}: agency part {agency:?}",
                e.id
            );
            assert!(!e.agency.trim().is_empty() && !e.country.trim().is_empty());
        }
    }

    #[test]
    fn every_entry_has_a_source_with_a_url() {
        for e in entries() {
            check_source(&e.source, &e.id);
            assert!(!e.notes.trim().is_empty(), "{}: no notes", e.id);
            match (e.published_standard_range_km, &e.published_standard_range_source) {
                (Some(r), Some(s)) => {
                    assert!(r > e.range_km && r < 20_000.0, "{}: {r}", e.id);
                    check_source(s, &e.id);
                }
                (None, None) => {}
                _ => panic!("{}: standard range and its source go together", e.id),
            }
        }
    }

    #[test]
    fn figures_in_range() {
        for e in entries() {
            assert!(e.apogee_km > 0.0, "{}", e.id);
            assert!(e.range_km > 0.0 && e.range_km < 20_000.0, "{}", e.id);
            if let Some(t) = e.flight_time_s {
                assert!((60.0..=10_000.0).contains(&t), "{}: {t} s", e.id);
            }
            if let Some(lat) = e.launch_lat_deg {
                assert!((-90.0..=90.0).contains(&lat), "{}", e.id);
            }
            if let Some(lon) = e.launch_lon_deg {
                assert!((-180.0..=180.0).contains(&lon), "{}", e.id);
            }
            if let Some(az) = e.azimuth_deg {
                assert!((0.0..360.0).contains(&az), "{}", e.id);
            }
            assert_eq!(e.launch_lat_deg.is_some(), e.launch_lon_deg.is_some());
        }
    }

    /// A ballistic flight cannot be shorter than the fall from its apogee, and a lofted
    /// one lasts about twice the radial fall time plus the boost.
    #[test]
    fn flight_time_physically_plausible() {
        for e in entries() {
            let Some(t) = e.flight_time_s else { continue };
            let h = e.apogee_km * 1000.0;
            // Loose bound: uniform-gravity free fall from apogee.
            let free_fall = (2.0 * h / G0_M_S2).sqrt();
            assert!(t >= free_fall, "{}: {t} s < free fall {free_fall:.0} s", e.id);
            // Tighter: up and down a radial Kepler orbit through that apogee, with
            // margins for rounding, lower-bound apogees ("more than 6,000 km") and boost.
            let up_down = 2.0 * radial_fall_time_s(h);
            let ratio = t / up_down;
            assert!((0.9..=1.4).contains(&ratio), "{}: {t} s vs {up_down:.0} s up and down (ratio {ratio:.2})", e.id);
        }
    }

    /// The catalog is of lofted tests: apogee well above a minimum-energy flight's,
    /// which for these ranges is about a quarter of the range.
    #[test]
    fn entries_are_lofted() {
        for e in entries() {
            assert!(e.apogee_km >= 0.5 * e.range_km, "{}", e.id);
        }
    }

    #[test]
    fn kcna_hwasong15_2017() {
        // KCNA via state TV, as reported 2017-11-29 ("North Korea says successfully
        // launches new ICBM that can reach all of U.S",
        // https://www.defence-industries.com/news/north-korea-says-successfully-launches-new-icbm):
        // flew 950 km for 53 minutes, altitude 4,475 km.
        let e = find("2017-11-28-hwasong15-kcna").expect("entry present");
        assert_eq!(e.missile, "Hwasong-15");
        assert_eq!(e.agency, "KCNA");
        assert_eq!(e.apogee_km, 4475.0);
        assert_eq!(e.range_km, 950.0);
        assert_eq!(e.flight_time_s, Some(53.0 * 60.0));
    }

    #[test]
    fn find_and_same_test() {
        assert!(find("no-such-id").is_none());
        let e = find("2017-11-28-hwasong15-kcna").unwrap();
        let group = same_test(e);
        assert!(group.len() >= 2);
        assert!(group.iter().any(|g| g.id == e.id));
        assert!(group.iter().all(|g| g.date == "2017-11-28" && g.missile == "Hwasong-15"));
        // Every entry is in its own group, and the groups partition the catalog.
        let mut covered = 0;
        let keys: HashSet<_> = entries().iter().map(|e| e.test_key()).collect();
        for key in &keys {
            let first = entries().iter().find(|e| e.test_key() == *key).unwrap();
            covered += same_test(first).len();
        }
        assert_eq!(covered, entries().len());
        for e in entries() {
            assert!(same_test(e).iter().any(|x| x.id == e.id));
        }
    }

    #[test]
    fn spread_of_a_test() {
        assert!(spread(&[]).is_none());
        let e = find("2022-11-18-hwasong17-kcna").unwrap();
        let s = spread(&same_test(e)).unwrap();
        // KCNA 6,040.9 km, JCS 6,100 km, Japan 6,000 km.
        assert_eq!(s.n, 3);
        assert!((s.apogee_km.0 - (6040.9 + 6100.0 + 6000.0) / 3.0).abs() < 1e-9);
        assert!((s.apogee_km.1 - 50.0).abs() < 1e-9);
        assert!((s.range_km.0 - (999.2 + 1000.0 + 1000.0) / 3.0).abs() < 1e-9);
        assert!((s.range_km.1 - 0.4).abs() < 1e-9);
        // Flight time only from KCNA (4,135 s) and Japan (69 min).
        let (t, dt) = s.flight_time_s.unwrap();
        assert!((t - (4135.0 + 4140.0) / 2.0).abs() < 1e-9);
        assert!((dt - 2.5).abs() < 1e-9);
        // One source alone: no spread.
        let one = spread(&[e]).unwrap();
        assert_eq!(one.apogee_km, (6040.9, 0.0));
        // No source with a time: None.
        let pk = find("2019-10-02-pukguksong3-jcs").unwrap();
        assert!(spread(&same_test(pk)).unwrap().flight_time_s.is_none());
    }

    /// `examples/data/tests.jsonl` has one line per entry with the same figures.
    #[test]
    fn example_batch_file_matches_catalog() {
        #[derive(Deserialize)]
        struct Line {
            id: String,
            apogee_km: f64,
            range_km: f64,
            flight_time_s: Option<f64>,
            date: String,
            missile: String,
            source: String,
        }
        let text = include_str!("../examples/data/tests.jsonl");
        let lines: Vec<Line> =
            text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), entries().len());
        for (l, e) in lines.iter().zip(entries()) {
            assert_eq!(l.id, e.id);
            assert_eq!(l.apogee_km, e.apogee_km, "{}", e.id);
            assert_eq!(l.range_km, e.range_km, "{}", e.id);
            assert_eq!(l.flight_time_s, e.flight_time_s, "{}", e.id);
            assert_eq!((l.date.as_str(), l.missile.as_str()), e.test_key());
            assert!(l.source.starts_with(&e.agency), "{}", e.id);
        }
    }
}
