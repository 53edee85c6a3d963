//! Instants shown in an IANA time zone with a localized GMT offset.

use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::zone::LocalizedOffsetShort;
use icu_datetime::fieldsets::{Combo, T, YMD, YMDT};
use icu_datetime::options::TimePrecision;
use icu_datetime::{DateTimeFormatterLoadError, FixedCalendarDateTimeFormatter};
use icu_locale::Locale;
use icu_time::zone::UtcOffset;
use icu_time::{Time, ZonedDateTime};

use super::{FormatError, Formatter, quote};

/// Which parts of an instant to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum What {
    /// Medium date, no zone: en `Nov 28, 2026`.
    Date,
    /// Hour and minute plus the zone's GMT offset: en `5:30 PM GMT+8`.
    Time,
    /// Medium date, hour and minute, GMT offset: en `Nov 28, 2026, 5:30 PM GMT+8`.
    DateTime,
}

type DateFmt = FixedCalendarDateTimeFormatter<Gregorian, YMD>;
type TimeFmt = FixedCalendarDateTimeFormatter<Gregorian, Combo<T, LocalizedOffsetShort>>;
type DateTimeFmt = FixedCalendarDateTimeFormatter<Gregorian, Combo<YMDT, LocalizedOffsetShort>>;

pub(crate) fn formatters(
    locale: &Locale,
) -> Result<(DateFmt, TimeFmt, DateTimeFmt), DateTimeFormatterLoadError> {
    let date = DateFmt::try_new(locale.into(), YMD::medium())?;
    let time = TimeFmt::try_new(
        locale.into(),
        T::medium()
            .with_time_precision(TimePrecision::Minute)
            .with_zone(LocalizedOffsetShort),
    )?;
    let date_time = DateTimeFmt::try_new(
        locale.into(),
        YMD::medium().with_time_hm().with_zone(LocalizedOffsetShort),
    )?;
    Ok((date, time, date_time))
}

impl Formatter {
    /// Shows the RFC 3339 `instant` (`2026-11-28T09:30:00Z`,
    /// `2026-11-28T17:30:00+08:00`) as local date and/or time in the IANA
    /// `time_zone` (jiff's bundled tzdb, DST-aware), Gregorian calendar, CLDR
    /// medium date and hour:minute time, followed for `Time`/`DateTime` by the
    /// localized GMT offset in effect at that instant (`GMT+8`, `GMT-4`).
    ///
    /// Parsing is jiff's RFC 3339 / RFC 9557 parser: an offset or `Z` is
    /// required; a trailing `[zone]` annotation is accepted and ignored
    /// (the zone shown is always `time_zone`).
    pub fn datetime(
        &self,
        instant: &str,
        time_zone: &str,
        what: What,
    ) -> Result<String, FormatError> {
        let trimmed = instant.trim_matches(|c: char| c.is_ascii_whitespace());
        let bad_instant =
            || FormatError::DateTime(format!("not an RFC 3339 date-time: {}", quote(instant)));
        let timestamp: jiff::Timestamp = trimmed.parse().map_err(|_| bad_instant())?;
        let tz = jiff::tz::TimeZone::get(time_zone).map_err(|_| {
            FormatError::TimeZone(format!("unknown time zone {}", quote(time_zone)))
        })?;
        let local = jiff::ZonedDateTime::new(timestamp, tz);
        let out_of_range = || {
            FormatError::DateTime(format!(
                "date-time out of range: {} in {}",
                quote(instant),
                quote(time_zone)
            ))
        };
        // jiff's ranges (years -9999..=9999, offsets < 26h) fit ICU4X's except
        // offsets beyond +-18h, which no real zone has; map failures to errors.
        let date = Date::try_new_gregorian(
            i32::from(local.year()),
            u8::try_from(local.month()).map_err(|_| out_of_range())?,
            u8::try_from(local.day()).map_err(|_| out_of_range())?,
        )
        .map_err(|_| out_of_range())?;
        let time = Time::try_new(
            u8::try_from(local.hour()).map_err(|_| out_of_range())?,
            u8::try_from(local.minute()).map_err(|_| out_of_range())?,
            u8::try_from(local.second()).map_err(|_| out_of_range())?,
            u32::try_from(local.subsec_nanosecond()).map_err(|_| out_of_range())?,
        )
        .map_err(|_| out_of_range())?;
        let zone =
            UtcOffset::try_from_seconds(local.offset().seconds()).map_err(|_| out_of_range())?;
        let zoned = ZonedDateTime { date, time, zone };
        Ok(match what {
            What::Date => self.date.format(&zoned.date).to_string(),
            What::Time => self.time.format(&zoned).to_string(),
            What::DateTime => self.date_time.format(&zoned).to_string(),
        })
    }
}
