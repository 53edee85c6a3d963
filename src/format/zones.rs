//! A catalog's time zones: the TZif data its file carries (every IANA zone, or the list
//! its manifest declares), looked up by name case-insensitively and parsed on first use.
//! Nothing is read from the host or from a bundled database, so output is the same on
//! every platform and a zone outside a declared list is refused.

use crate::catalog::file::TimeZones;
use jiff::tz::TimeZone;
use std::cmp::Ordering;
use std::sync::OnceLock;

/// The zones one catalog knows.
pub struct Zones {
    names: Vec<(String, u32)>,
    tzif: Vec<Vec<u8>>,
    parsed: Vec<OnceLock<Option<TimeZone>>>,
    /// The manifest's `time_zones`, for the error that names them.
    declared: Option<Vec<String>>,
}

impl std::fmt::Debug for Zones {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Zones")
            .field("zones", &self.names.len())
            .field("declared", &self.declared)
            .finish()
    }
}

/// `a` and `b` compared as `a.to_ascii_lowercase()` and `b.to_ascii_lowercase()` are.
fn caseless(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

impl Zones {
    /// The zones of a compiled catalog file, checked so that lookups can trust the
    /// table: names sorted and unique (case-insensitively), every index in range.
    /// `declared` is the manifest's list, if it has one.
    pub fn new(table: TimeZones, declared: Option<Vec<String>>) -> Result<Zones, String> {
        let sorted = table
            .names
            .windows(2)
            .all(|w| caseless(&w[0].0, &w[1].0) == Ordering::Less);
        if !sorted {
            return Err("its time zone names are not sorted".into());
        }
        if table
            .names
            .iter()
            .any(|&(_, i)| usize::try_from(i).map_or(true, |i| i >= table.tzif.len()))
        {
            return Err("a time zone points past the zone data".into());
        }
        Ok(Zones {
            parsed: table.names.iter().map(|_| OnceLock::new()).collect(),
            names: table.names,
            tzif: table.tzif,
            declared,
        })
    }

    /// The zone called `name` (an IANA name or link, any case), or why there is none:
    /// not a zone the catalog has (naming its declared list), or TZif data that does
    /// not read. `Etc/Unknown`, which CLDR uses for "no zone", is never one.
    pub fn get(&self, name: &str) -> Result<TimeZone, String> {
        let found = (!name.eq_ignore_ascii_case("Etc/Unknown"))
            .then(|| self.names.binary_search_by(|(n, _)| caseless(n, name)).ok())
            .flatten();
        let Some(at) = found else {
            return Err(match &self.declared {
                Some(list) => format!(
                    "time zone {} is not one of the catalog's time zones ({})",
                    super::quote(name),
                    list.join(", ")
                ),
                None => format!("unknown time zone {}", super::quote(name)),
            });
        };
        let zone = self.parsed[at].get_or_init(|| {
            let (canonical, index) = &self.names[at];
            let tzif = self.tzif.get(usize::try_from(*index).ok()?)?;
            TimeZone::tzif(canonical, tzif).ok()
        });
        zone.clone().ok_or_else(|| {
            format!(
                "the catalog's data for time zone {} is damaged",
                super::quote(name)
            )
        })
    }

    fn position(&self, name: &str) -> Option<usize> {
        if name.eq_ignore_ascii_case("Etc/Unknown") {
            return None;
        }
        self.names.binary_search_by(|(n, _)| caseless(n, name)).ok()
    }

    /// Whether the catalog lists a zone called `name` (whether or not its data reads).
    pub fn lists(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// Whether `name` is a zone of the catalog whose data reads.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_ok()
    }

    /// The manifest's `time_zones`, if it declares them.
    pub fn declared(&self) -> Option<&[String]> {
        self.declared.as_deref()
    }
}
