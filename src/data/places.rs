//! Places a missile could be launched from or reach: national capitals, large
//! cities (GeoNames, CC BY 4.0) and the launch sites of published North Korean
//! tests (hand-written, each with its source). All embedded from `data/`; see
//! data/README.md for sources and licences.
//!
//! Names match case- and accent-insensitively ("sao paulo" finds São Paulo);
//! apostrophes and dots are ignored and hyphens count as spaces.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use thiserror::Error;

const CITIES_TSV: &str = include_str!("../../data/cities.tsv");
const LAUNCH_SITES_TSV: &str = include_str!("../../data/launch_sites.tsv");

/// What a place is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PlaceKind {
    /// A national capital.
    Capital,
    /// A city (about a million people or more, or named in reach analyses).
    City,
    /// A launch site of published missile tests.
    LaunchSite,
}

/// A named point on the Earth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Place {
    /// Name as commonly written.
    pub name: String,
    /// Country name, e.g. "North Korea".
    pub country: String,
    /// Latitude, degrees north.
    pub lat_deg: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
    /// People (GeoNames figure); `None` for launch sites.
    pub population: Option<u64>,
    /// Capital, city or launch site.
    pub kind: PlaceKind,
    /// Where the entry comes from: a GeoNames id, or for a launch site the
    /// tests launched from it and the citations for its position and use.
    pub source: Option<String>,
}

/// A place name that does not resolve to exactly one place.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[allow(missing_docs)]
pub enum PlaceError {
    /// No place has this name.
    #[error("unknown place \"{name}\"{}", did_you_mean(.suggestions))]
    Unknown { name: String, suggestions: Vec<String> },
    /// Several places have this name.
    #[error("place \"{name}\" is ambiguous: {}{}", .candidates.join("; "), disambiguation_hint(.candidates))]
    Ambiguous { name: String, candidates: Vec<String> },
}

fn did_you_mean(suggestions: &[String]) -> String {
    let quoted: Vec<String> = suggestions.iter().map(|s| format!("\"{s}\"")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!(": did you mean {one}?"),
        [init @ .., last] => format!(": did you mean {} or {last}?", init.join(", ")),
    }
}

/// Candidates are written "Name, CC (details)"; suggests the first "Name, CC",
/// unless several candidates share it (same name in the same country).
fn disambiguation_hint(candidates: &[String]) -> String {
    let labels: Vec<&str> = candidates.iter().map(|c| c.split(" (").next().unwrap_or(c)).collect();
    let unique = labels.iter().all(|l| labels.iter().filter(|m| *m == l).count() == 1);
    match labels.first() {
        Some(first) if unique => format!("; add the country, e.g. \"{first}\""),
        Some(_) => "; they share name and country: give coordinates instead".to_string(),
        None => String::new(),
    }
}

/// Matching data kept beside each place (same index as in `all()`).
struct Entry {
    /// Folded name, ASCII name and aliases.
    keys: Vec<String>,
    /// Folded country name.
    country: String,
    /// ISO 3166-1 alpha-2, upper case.
    cc: String,
}

struct Db {
    places: Vec<Place>,
    entries: Vec<Entry>,
    cc_by_country: HashMap<String, String>,
}

fn db() -> &'static Db {
    static DB: OnceLock<Db> = OnceLock::new();
    DB.get_or_init(|| build_db(CITIES_TSV, LAUNCH_SITES_TSV).expect("embedded data/*.tsv are valid"))
}

/// All places: launch sites first (file order), then capitals and cities by
/// decreasing population. Parsed once.
pub fn all() -> &'static [Place] {
    &db().places
}

/// Launch sites of published North Korean tests.
pub fn launch_sites() -> impl Iterator<Item = &'static Place> {
    all().iter().filter(|p| p.kind == PlaceKind::LaunchSite)
}

/// ISO 3166-1 alpha-2 code of a place's country ("KP" for North Korea), if known.
pub fn country_code(place: &Place) -> Option<&'static str> {
    db().cc_by_country.get(&fold(&place.country)).map(String::as_str)
}

/// Case- and accent-insensitive substring search on name, ASCII name, aliases
/// and country (or exact ISO code). An empty query returns all places.
/// Order: exact name matches, then names starting with the query, then names
/// containing it, then country matches; within each, launch sites first, then
/// by decreasing population.
pub fn search(query: &str) -> Vec<&'static Place> {
    let q = fold(query);
    let db = db();
    if q.is_empty() {
        return db.places.iter().collect();
    }
    let mut hits: Vec<(u8, &'static Place)> = db
        .places
        .iter()
        .zip(&db.entries)
        .filter_map(|(p, e)| {
            let tier = if e.keys.contains(&q) {
                0
            } else if e.keys.iter().any(|k| k.starts_with(&q)) {
                1
            } else if e.keys.iter().any(|k| k.contains(&q)) {
                2
            } else if e.country.contains(&q) || e.cc.eq_ignore_ascii_case(&q) {
                3
            } else {
                return None;
            };
            Some((tier, p))
        })
        .collect();
    hits.sort_by(|(ta, a), (tb, b)| {
        ta.cmp(tb)
            .then_with(|| (b.kind == PlaceKind::LaunchSite).cmp(&(a.kind == PlaceKind::LaunchSite)))
            .then_with(|| b.population.unwrap_or(0).cmp(&a.population.unwrap_or(0)))
            .then_with(|| a.name.cmp(&b.name))
    });
    hits.into_iter().map(|(_, p)| p).collect()
}

/// Finds one place by exact (case/accent-insensitive) name or alias.
///
/// "Name, Country", "Name, CC" or "Name/CC" restricts to a country. When a
/// name fits several places, a single launch site or capital among them wins
/// over cities; otherwise the result is [`PlaceError::Ambiguous`]. A name that is no
/// place's but a country's or territory's stands for its capital ("Guam": Hagåtña).
/// No match gives [`PlaceError::Unknown`] with close names as suggestions.
pub fn resolve(name: &str) -> Result<&'static Place, PlaceError> {
    let db = db();
    let input = name.trim();
    let folded = fold(input);
    let mut cands = db.matching(&folded, None);
    let mut qualified = None;
    if cands.is_empty() {
        if let Some((n, q)) = split_qualifier(input) {
            let n = fold(n);
            cands = db.matching(&n, Some(q));
            qualified = Some(n);
        }
    }
    match pick(&cands) {
        Pick::One(i) => Ok(&db.places[i]),
        Pick::Ambiguous(is) => Err(PlaceError::Ambiguous { name: input.to_string(), candidates: db.describe(&is) }),
        Pick::None => {
            // A country or territory by name stands for its capital ("Guam" is Hagåtña).
            if qualified.is_none() {
                let capitals: Vec<usize> = (0..db.places.len())
                    .filter(|&i| db.places[i].kind == PlaceKind::Capital && fold(&db.places[i].country) == folded)
                    .collect();
                if let [i] = capitals.as_slice() {
                    return Ok(&db.places[*i]);
                }
            }
            // A known name in another country: suggest it with its country.
            let name_part = qualified.as_deref().unwrap_or(&folded);
            let elsewhere = match qualified {
                Some(_) => db.matching(name_part, None),
                None => Vec::new(),
            };
            let suggestions = if elsewhere.is_empty() {
                db.similar(name_part)
            } else {
                elsewhere.iter().map(|&(i, _)| db.label(i)).take(MAX_SUGGESTIONS).collect()
            };
            Err(PlaceError::Unknown { name: input.to_string(), suggestions })
        }
    }
}

const MAX_SUGGESTIONS: usize = 5;

#[derive(Debug, PartialEq)]
enum Pick {
    None,
    One(usize),
    Ambiguous(Vec<usize>),
}

/// Candidates are (index, kind). One candidate wins; among several, a single
/// launch site or capital wins; else ambiguous.
fn pick(cands: &[(usize, PlaceKind)]) -> Pick {
    match cands {
        [] => Pick::None,
        [(i, _)] => Pick::One(*i),
        _ => {
            let preferred: Vec<usize> = cands.iter().filter(|(_, k)| *k != PlaceKind::City).map(|(i, _)| *i).collect();
            match preferred.as_slice() {
                [i] => Pick::One(*i),
                _ => Pick::Ambiguous(cands.iter().map(|(i, _)| *i).collect()),
            }
        }
    }
}

/// "Name/CC" (last slash) or "Name, Country" (first comma: some country names
/// contain commas).
fn split_qualifier(input: &str) -> Option<(&str, &str)> {
    let (n, q) = input.rsplit_once('/').or_else(|| input.split_once(','))?;
    let (n, q) = (n.trim(), q.trim());
    (!n.is_empty() && !q.is_empty()).then_some((n, q))
}

impl Db {
    /// Indices and kinds of places with a key equal to `folded`, optionally in
    /// the country named or coded by `qualifier`.
    fn matching(&self, folded: &str, qualifier: Option<&str>) -> Vec<(usize, PlaceKind)> {
        if folded.is_empty() {
            return Vec::new();
        }
        let q_folded = qualifier.map(fold);
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.keys.iter().any(|k| k == folded))
            .filter(|(_, e)| match (&q_folded, qualifier) {
                (Some(qf), Some(q)) => e.country == *qf || e.cc.eq_ignore_ascii_case(q.trim()),
                _ => true,
            })
            .map(|(i, _)| (i, self.places[i].kind))
            .collect()
    }

    /// "Name, CC".
    fn label(&self, i: usize) -> String {
        format!("{}, {}", self.places[i].name, self.entries[i].cc)
    }

    /// "Name, CC (details)" for each candidate; coordinates added where two
    /// share name and country.
    fn describe(&self, is: &[usize]) -> Vec<String> {
        is.iter()
            .map(|&i| {
                let p = &self.places[i];
                let label = self.label(i);
                let mut details = match p.kind {
                    PlaceKind::Capital => format!("capital of {}", p.country),
                    PlaceKind::City => p.country.clone(),
                    PlaceKind::LaunchSite => format!("launch site, {}", p.country),
                };
                if let Some(pop) = p.population.filter(|&n| n > 0) {
                    details.push_str(&format!(", pop. {}", group_thousands(pop)));
                }
                if is.iter().filter(|&&j| self.label(j) == label).count() > 1 {
                    details.push_str(&format!(", {}", format_lat_lon(p.lat_deg, p.lon_deg)));
                }
                format!("{label} ({details})")
            })
            .collect()
    }

    /// Names within a small edit distance of `folded` (or starting with it),
    /// closest first, then launch sites and capitals, then by population. A
    /// name shared by several places is given as "Name, CC".
    fn similar(&self, folded: &str) -> Vec<String> {
        let n = folded.chars().count();
        if n == 0 {
            return Vec::new();
        }
        let max_dist = match n {
            0..=4 => 1,
            5..=8 => 2,
            _ => 3,
        };
        let mut scored: Vec<(usize, u8, u64, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                // Half-edits: a name that starts with the query ("New York" →
                // "New York City") scores 1.5 edits.
                // The edit distance is at least the difference of the lengths: a key
                // longer or shorter by more than max_dist is never compared, so the
                // look-up does not grow with the query (levenshtein is length × length).
                let d = e
                    .keys
                    .iter()
                    .map(|k| {
                        let prefix = n >= 3 && k.starts_with(folded);
                        let near = k.chars().count().abs_diff(n) <= max_dist;
                        let edits = if near { 2 * strsim::levenshtein(folded, k) } else { usize::MAX };
                        edits.min(if prefix { 3 } else { usize::MAX })
                    })
                    .min()?;
                let p = &self.places[i];
                let rank = match p.kind {
                    PlaceKind::LaunchSite => 0,
                    PlaceKind::Capital => 1,
                    PlaceKind::City => 2,
                };
                (d <= 2 * max_dist).then_some((d, rank, u64::MAX - p.population.unwrap_or(0), i))
            })
            .collect();
        scored.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, _, i) in scored {
            let name = &self.places[i].name;
            let shared = self.matching(&fold(name), None).len() > 1;
            let s = if shared { self.label(i) } else { name.clone() };
            if !out.contains(&s) {
                out.push(s);
            }
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        out
    }
}

fn group_thousands(n: u64) -> String {
    crate::fmt::fmt_thousands(n as f64, 0)
}

fn format_lat_lon(lat_deg: f64, lon_deg: f64) -> String {
    format!(
        "{:.2}°{} {:.2}°{}",
        lat_deg.abs(),
        if lat_deg >= 0.0 { 'N' } else { 'S' },
        lon_deg.abs(),
        if lon_deg >= 0.0 { 'E' } else { 'W' }
    )
}

/// Lower case, accents stripped, apostrophes and dots dropped, hyphens and
/// underscores as spaces, runs of spaces collapsed.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʿ' | '`' | '´' | '.' => {}
            '\u{300}'..='\u{36f}' => {} // combining marks (e.g. from "İ")
            '-' | '_' | '‐' | '–' | '—' => out.push(' '),
            c if c.is_whitespace() => out.push(' '),
            c => match deaccent(c) {
                Some(rep) => out.push_str(rep),
                None => out.push(c),
            },
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Latin letters with diacritics (lower case) → ASCII.
fn deaccent(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăąǎǻạảấầẩẫậắằẳẵặ", "a"),
        ("æǽ", "ae"),
        ("çćĉċč", "c"),
        ("ďđð", "d"),
        ("èéêëēĕėęěẹẻẽếềểễệ", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįıǐỉị", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏőǒơọỏốồổỗộớờởỡợ", "o"),
        ("œ", "oe"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ß", "ss"),
        ("ţťŧț", "t"),
        ("þ", "th"),
        ("ùúûüũūŭůűųǔưụủứừửữựǖǘǚǜ", "u"),
        ("ŵ", "w"),
        ("ýÿŷỳỵỷỹ", "y"),
        ("źżž", "z"),
    ];
    if c.is_ascii() {
        return None;
    }
    TABLE.iter().find(|(chars, _)| chars.contains(c)).map(|(_, rep)| *rep)
}

/// Data lines of a TSV: skips `#` comments, blank lines and the header (the
/// first non-comment line), checks the field count.
fn tsv_rows<'a>(
    text: &'a str,
    what: &'a str,
    fields: usize,
) -> impl Iterator<Item = Result<Vec<&'a str>, String>> + 'a {
    text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#')).skip(1).map(move |(i, l)| {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() == fields {
            Ok(f)
        } else {
            Err(format!("{what} line {}: {} fields, expected {fields}", i + 1, f.len()))
        }
    })
}

fn parse_num<T: std::str::FromStr>(s: &str, what: &str) -> Result<T, String> {
    s.trim().parse().map_err(|_| format!("{what}: bad number {s:?}"))
}

fn build_db(cities_tsv: &str, sites_tsv: &str) -> Result<Db, String> {
    let mut rows: Vec<(Place, Entry)> = Vec::new();
    // name  aliases  country  cc  lat  lon  uncertainty_km  tests  source
    for f in tsv_rows(sites_tsv, "launch_sites.tsv", 9) {
        let f = f?;
        let mut keys = vec![fold(f[0])];
        keys.extend(f[1].split(';').map(fold).filter(|k| !k.is_empty()));
        rows.push((
            Place {
                name: f[0].to_string(),
                country: f[2].to_string(),
                lat_deg: parse_num(f[4], f[0])?,
                lon_deg: parse_num(f[5], f[0])?,
                population: None,
                kind: PlaceKind::LaunchSite,
                source: Some(format!("{}; position within about {} km. {}", f[7], f[6], f[8])),
            },
            Entry { keys, country: fold(f[2]), cc: f[3].to_ascii_uppercase() },
        ));
    }
    // name  ascii_name  country  cc  lat  lon  population  capital  geonameid
    let mut cities: Vec<(Place, Entry)> = Vec::new();
    for f in tsv_rows(cities_tsv, "cities.tsv", 9) {
        let f = f?;
        let mut keys = vec![fold(f[0])];
        let ascii = fold(f[1]);
        if !keys.contains(&ascii) {
            keys.push(ascii);
        }
        cities.push((
            Place {
                name: f[0].to_string(),
                country: f[2].to_string(),
                lat_deg: parse_num(f[4], f[0])?,
                lon_deg: parse_num(f[5], f[0])?,
                population: Some(parse_num(f[6], f[0])?),
                kind: if f[7] == "1" { PlaceKind::Capital } else { PlaceKind::City },
                source: Some(format!("GeoNames id {} (CC BY 4.0)", f[8])),
            },
            Entry { keys, country: fold(f[2]), cc: f[3].to_ascii_uppercase() },
        ));
    }
    cities.sort_by(|(a, _), (b, _)| b.population.cmp(&a.population).then(a.name.cmp(&b.name)));
    rows.extend(cities);

    let mut cc_by_country = HashMap::new();
    for (p, e) in &rows {
        // `contains` is false for NaN.
        if !((-90.0..=90.0).contains(&p.lat_deg) && (-180.0..=180.0).contains(&p.lon_deg)) {
            return Err(format!("{}: coordinates out of range", p.name));
        }
        cc_by_country.insert(e.country.clone(), e.cc.clone());
    }
    let (places, entries) = rows.into_iter().unzip();
    Ok(Db { places, entries, cc_by_country })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_or_territory_name_stands_for_its_capital() {
        // Hagåtña is Guam's capital and Tokyo Japan's (GeoNames capitals).
        assert_eq!(resolve("Guam").unwrap().name, "Hagåtña");
        assert_eq!(resolve("japan").unwrap().name, "Tokyo");
        // A city's own name still wins over the country rule.
        assert_eq!(resolve("Singapore").unwrap().name, "Singapore");
    }

    fn assert_near(p: &Place, lat_deg: f64, lon_deg: f64) {
        assert!(
            (p.lat_deg - lat_deg).abs() < 0.2 && (p.lon_deg - lon_deg).abs() < 0.2,
            "{} at ({}, {}), expected ({lat_deg}, {lon_deg})",
            p.name,
            p.lat_deg,
            p.lon_deg
        );
    }

    #[test]
    fn every_place_is_sane() {
        let all = all();
        assert!((300..=1500).contains(&all.len()), "{} places", all.len());
        for p in all {
            assert!(!p.name.trim().is_empty() && !p.country.trim().is_empty());
            assert!(p.lat_deg.is_finite() && (-90.0..=90.0).contains(&p.lat_deg));
            assert!(p.lon_deg.is_finite() && (-180.0..=180.0).contains(&p.lon_deg));
            assert!(p.source.is_some());
            assert!(country_code(p).is_some_and(|cc| cc.len() == 2), "{}", p.name);
            match p.kind {
                PlaceKind::LaunchSite => assert!(p.population.is_none()),
                PlaceKind::City => assert!(p.population.unwrap() >= 250_000, "{}", p.name),
                PlaceKind::Capital => assert!(p.population.is_some()),
            }
        }
        let capitals = all.iter().filter(|p| p.kind == PlaceKind::Capital).count();
        assert!(capitals >= 190, "{capitals} capitals");
        assert!(launch_sites().count() >= 4);
    }

    #[test]
    fn ascii_names_fold_like_names() {
        // The accent table covers every letter in the embedded data.
        for f in tsv_rows(CITIES_TSV, "cities", 9) {
            let f = f.unwrap();
            assert_eq!(fold(f[0]), fold(f[1]), "{} / {}", f[0], f[1]);
            assert!(fold(f[1]).is_ascii());
        }
    }

    #[test]
    fn known_capitals_where_expected() {
        // Reference coordinates: GeoNames (www.geonames.org), rounded.
        let cases = [
            ("Washington", "United States", 38.90, -77.04),
            ("Tokyo", "Japan", 35.69, 139.69),
            ("Pyongyang", "North Korea", 39.03, 125.75),
            ("Seoul", "South Korea", 37.57, 126.98),
            ("Beijing", "China", 39.91, 116.40),
            ("Moscow", "Russia", 55.75, 37.62),
            ("London", "United Kingdom", 51.51, -0.13),
            ("Canberra", "Australia", -35.28, 149.13),
            ("Brasília", "Brazil", -15.78, -47.93),
        ];
        for (name, country, lat, lon) in cases {
            let p = resolve(name).unwrap();
            assert_eq!(p.kind, PlaceKind::Capital, "{name}");
            assert_eq!(p.country, country);
            assert_near(p, lat, lon);
        }
        assert_eq!(country_code(resolve("pyongyang").unwrap()), Some("KP"));
    }

    #[test]
    fn launch_sites_resolve_by_name_and_alias() {
        let sunan = resolve("Pyongyang Sunan Airport").unwrap();
        assert_eq!(sunan.kind, PlaceKind::LaunchSite);
        assert_near(sunan, 39.22, 125.67);
        assert!(sunan.source.as_deref().unwrap().contains("Hwasong-17"));
        for alias in ["sunan", "SUNAN AIRPORT", "Pyongyang International Airport"] {
            assert_eq!(resolve(alias).unwrap(), sunan, "{alias}");
        }
        assert_near(resolve("Pyongsong").unwrap(), 39.32, 125.88);
        assert_near(resolve("p'yŏngsŏng").unwrap(), 39.32, 125.88);
        assert_near(resolve("Panghyon").unwrap(), 39.93, 125.21);
        assert_near(resolve("Mupyong-ri").unwrap(), 40.62, 126.46);
        for site in launch_sites() {
            assert_eq!(country_code(site), Some("KP"));
            assert!(site.source.as_deref().unwrap().len() > 40);
            // Within North Korea's bounding box.
            assert!((37.5..43.1).contains(&site.lat_deg) && (124.0..131.0).contains(&site.lon_deg));
        }
    }

    #[test]
    fn resolve_ignores_case_and_accents() {
        let sp = resolve("São Paulo").unwrap();
        assert_eq!(resolve("sao paulo").unwrap(), sp);
        assert_eq!(resolve("  SAO-PAULO ").unwrap(), sp);
        assert_eq!(resolve("brasilia").unwrap().name, "Brasília");
        assert_eq!(resolve("Bogota").unwrap().name, "Bogotá");
        assert_eq!(resolve("ndjamena").unwrap().name, "N'Djamena");
    }

    #[test]
    fn ambiguous_names_and_disambiguation() {
        let err = resolve("Hyderabad").unwrap_err();
        let PlaceError::Ambiguous { name, candidates } = &err else { panic!("{err:?}") };
        assert_eq!(name, "Hyderabad");
        assert_eq!(candidates.len(), 2);
        let msg = err.to_string();
        assert!(msg.starts_with("place \"Hyderabad\" is ambiguous: Hyderabad, IN (India, pop. "), "{msg}");
        assert!(msg.contains("; Hyderabad, PK (Pakistan, pop. "), "{msg}");
        assert!(msg.ends_with("; add the country, e.g. \"Hyderabad, IN\""), "{msg}");
        assert!(!msg.contains('\n'));

        for q in ["Hyderabad, IN", "hyderabad/in", "Hyderabad, India"] {
            assert_eq!(resolve(q).unwrap().country, "India", "{q}");
        }
        assert_eq!(resolve("Hyderabad, pakistan").unwrap().country, "Pakistan");

        // Two capitals of the same name: ambiguous, not a capital-wins case.
        assert!(matches!(resolve("Kingston"), Err(PlaceError::Ambiguous { .. })));
        assert_eq!(resolve("Kingston, Jamaica").unwrap().kind, PlaceKind::Capital);
        assert_eq!(resolve("Kingston/NF").unwrap().country, "Norfolk Island");

        // Same name in the same country: coordinates tell them apart.
        let msg = resolve("Suzhou, CN").unwrap_err().to_string();
        assert!(msg.contains("°N") && msg.ends_with("give coordinates instead"), "{msg}");
    }

    #[test]
    fn capital_or_launch_site_wins_only_when_unique() {
        use PlaceKind::*;
        assert_eq!(pick(&[]), Pick::None);
        assert_eq!(pick(&[(7, City)]), Pick::One(7));
        assert_eq!(pick(&[(1, City), (2, Capital), (3, City)]), Pick::One(2));
        assert_eq!(pick(&[(1, City), (4, LaunchSite)]), Pick::One(4));
        assert_eq!(pick(&[(1, City), (2, City)]), Pick::Ambiguous(vec![1, 2]));
        assert_eq!(pick(&[(1, Capital), (2, City), (3, Capital)]), Pick::Ambiguous(vec![1, 2, 3]));
        assert_eq!(pick(&[(1, Capital), (2, LaunchSite)]), Pick::Ambiguous(vec![1, 2]));
    }

    #[test]
    fn unknown_names_get_suggestions() {
        let err = resolve("Washingon").unwrap_err();
        assert_eq!(err.to_string(), "unknown place \"Washingon\": did you mean \"Washington\"?");
        let PlaceError::Unknown { suggestions, .. } = resolve("Pyongyan").unwrap_err() else { panic!() };
        assert_eq!(suggestions.first().map(String::as_str), Some("Pyongyang"));
        let PlaceError::Unknown { suggestions, .. } = resolve("Hyderabat").unwrap_err() else { panic!() };
        assert_eq!(suggestions, ["Hyderabad, IN", "Hyderabad, PK"]);
        // Right name, wrong country: the right one is suggested.
        let msg = resolve("Tokyo, US").unwrap_err().to_string();
        assert_eq!(msg, "unknown place \"Tokyo, US\": did you mean \"Tokyo, JP\"?");
        let msg = resolve("new york").unwrap_err().to_string();
        assert_eq!(msg, "unknown place \"new york\": did you mean \"New York City\"?");
        // Nothing close.
        let msg = resolve("Xqzzyv Qwwp").unwrap_err().to_string();
        assert_eq!(msg, "unknown place \"Xqzzyv Qwwp\"");
        assert!(matches!(resolve(""), Err(PlaceError::Unknown { .. })));
        let msg = resolve("Washingon, US").unwrap_err().to_string();
        assert_eq!(msg, "unknown place \"Washingon, US\": did you mean \"Washington\"?");
        let msg = resolve("a, b, c").unwrap_err().to_string();
        assert!(msg.starts_with("unknown place \"a, b, c\""));
    }

    #[test]
    fn search_orders_exact_then_prefix_then_population() {
        assert_eq!(search("").len(), all().len());
        assert_eq!(search("   ").len(), all().len());
        let k = search("kingston");
        assert_eq!(k.len(), 2);
        assert!(k.iter().all(|p| p.name == "Kingston"));
        assert_eq!(k[0].country, "Jamaica"); // larger first

        let hits = search("pyong");
        assert!(hits.iter().any(|p| p.name == "Pyongyang"));
        assert_eq!(hits[0].kind, PlaceKind::LaunchSite);

        let exact = search("pyongyang");
        assert_eq!(exact[0].name, "Pyongyang");
        assert!(exact.iter().any(|p| p.name == "Pyongyang Sunan Airport"));

        // Country search, by name or ISO code, accent-free.
        let korea = search("Korea");
        assert!(korea.iter().any(|p| p.name == "Seoul"));
        assert!(korea.iter().any(|p| p.name == "Pyongyang"));
        assert_eq!(search("kp").len(), search("north korea").len());
        let sao = search("SAO");
        assert!(sao.iter().any(|p| p.name == "São Paulo"));
        // Substring matches come after prefix matches; population orders within.
        let hits = search("san");
        let first_sub = hits.iter().position(|p| !fold(&p.name).starts_with("san"));
        if let Some(i) = first_sub {
            assert!(hits[i..].iter().all(|p| !fold(&p.name).starts_with("san")));
        }
        for w in hits.windows(2) {
            let (a, b) = (fold(&w[0].name), fold(&w[1].name));
            if a.starts_with("san") && b.starts_with("san") && a != "san" && b != "san" {
                assert!(w[0].population >= w[1].population || w[0].kind == PlaceKind::LaunchSite);
            }
        }
        assert!(search("zzzzzz").is_empty());
    }

    #[test]
    fn fold_rules() {
        assert_eq!(fold("  Nuku‘alofa "), "nukualofa");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Port-Vila"), "port vila");
        assert_eq!(fold("St. John's"), "st johns");
        assert_eq!(fold("Hải Phòng"), "hai phong");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("평양"), "평양");
    }

    #[test]
    fn build_db_reports_bad_rows() {
        let hdr = "name\tascii_name\tcountry\tcc\tlat\tlon\tpopulation\tcapital\tgeonameid\n";
        let sites = "name\taliases\tcountry\tcc\tlat\tlon\tu\ttests\tsource\n";
        assert!(build_db(&format!("{hdr}A\tA\tX\tXX\t1\t2\t3\n"), sites).is_err());
        assert!(build_db(&format!("{hdr}A\tA\tX\tXX\t91\t2\t3\t0\t1\n"), sites).is_err());
        assert!(build_db(&format!("{hdr}A\tA\tX\tXX\tn\t2\t3\t0\t1\n"), sites).is_err());
        let ok = build_db(&format!("# c\n{hdr}A\tA\tX\tXX\t1\t2\t3\t1\t1\n"), sites).unwrap();
        assert_eq!(ok.places.len(), 1);
        assert_eq!(ok.places[0].kind, PlaceKind::Capital);
    }

    #[test]
    fn serializes() {
        let v = serde_json::to_value(resolve("Pyongyang").unwrap()).unwrap();
        assert_eq!(v["kind"], "Capital");
        assert_eq!(v["country"], "North Korea");
    }

    #[test]
    fn helpers() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_000), "1,000");
        assert_eq!(group_thousands(12_345_678), "12,345,678");
        assert_eq!(format_lat_lon(-33.9, 18.4), "33.90°S 18.40°E");
        assert_eq!(split_qualifier("Paris, FR"), Some(("Paris", "FR")));
        assert_eq!(split_qualifier("Paris/fr"), Some(("Paris", "fr")));
        assert_eq!(split_qualifier("Paris, "), None);
        assert_eq!(split_qualifier("Paris"), None);
    }
}
