//! Instants shown in an IANA time zone with a localized GMT offset.

use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::zone::LocalizedOffsetShort;
use icu_datetime::fieldsets::{Combo, MD, MDT, T, YMD, YMDT};
use icu_datetime::options::TimePrecision;
use icu_datetime::{DateTimeFormatterLoadError, FixedCalendarDateTimeFormatter};
use icu_locale::Locale;
use icu_time::zone::UtcOffset;
use icu_time::{Time, ZonedDateTime};

use super::{FormatError, Formatter, LocaleData, load, quote};

/// Which parts of an instant to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum What {
    /// Medium date, no zone: en `Nov 28, 2026`.
    Date,
    /// Hour and minute plus the zone's GMT offset: en `5:30 PM GMT+8`.
    Time,
    /// Medium date, hour and minute, GMT offset: en `Nov 28, 2026, 5:30 PM GMT+8`.
    DateTime,
    /// Month, day, hour and minute, as an SMS to the market writes an instant in its own
    /// zone: zh-CN `11月28日 17:30`, en `Nov 28, 5:30 PM`.
    MonthDayTime,
    /// [`What::MonthDayTime`] with the GMT offset, for a recipient in another zone.
    MonthDayTimeZone,
    /// Hour and minute without the offset: zh-CN `17:30`.
    TimeOnly,
}

type DateFmt = FixedCalendarDateTimeFormatter<Gregorian, YMD>;
type TimeFmt = FixedCalendarDateTimeFormatter<Gregorian, Combo<T, LocalizedOffsetShort>>;
type DateTimeFmt = FixedCalendarDateTimeFormatter<Gregorian, Combo<YMDT, LocalizedOffsetShort>>;

/// The short forms an SMS to a market writes (see [`What::MonthDayTime`]).
#[derive(Debug)]
pub(crate) struct Short {
    month_day_time: FixedCalendarDateTimeFormatter<Gregorian, MDT>,
    month_day_time_zone:
        FixedCalendarDateTimeFormatter<Gregorian, Combo<MDT, LocalizedOffsetShort>>,
    time: FixedCalendarDateTimeFormatter<Gregorian, T>,
}

pub(crate) fn short_formatters(
    data: &LocaleData,
    locale: &Locale,
) -> Result<Short, DateTimeFormatterLoadError> {
    Ok(Short {
        month_day_time: load!(
            data,
            FixedCalendarDateTimeFormatter<Gregorian, MDT>,
            try_new,
            try_new_with_buffer_provider,
            locale.into(),
            MD::medium().with_time_hm()
        )?,
        month_day_time_zone: load!(
            data,
            FixedCalendarDateTimeFormatter<Gregorian, Combo<MDT, LocalizedOffsetShort>>,
            try_new,
            try_new_with_buffer_provider,
            locale.into(),
            MD::medium().with_time_hm().with_zone(LocalizedOffsetShort)
        )?,
        time: load!(
            data,
            FixedCalendarDateTimeFormatter<Gregorian, T>,
            try_new,
            try_new_with_buffer_provider,
            locale.into(),
            T::medium().with_time_precision(TimePrecision::Minute)
        )?,
    })
}

pub(crate) fn formatters(
    data: &LocaleData,
    locale: &Locale,
) -> Result<(DateFmt, TimeFmt, DateTimeFmt), DateTimeFormatterLoadError> {
    let date = load!(
        data,
        DateFmt,
        try_new,
        try_new_with_buffer_provider,
        locale.into(),
        YMD::medium()
    )?;
    let time = load!(
        data,
        TimeFmt,
        try_new,
        try_new_with_buffer_provider,
        locale.into(),
        T::medium()
            .with_time_precision(TimePrecision::Minute)
            .with_zone(LocalizedOffsetShort),
    )?;
    let date_time = load!(
        data,
        DateTimeFmt,
        try_new,
        try_new_with_buffer_provider,
        locale.into(),
        YMD::medium().with_time_hm().with_zone(LocalizedOffsetShort),
    )?;
    Ok((date, time, date_time))
}

/// Parses an RFC 3339 date-time, exactly: `YYYY-MM-DDTHH:MM:SS`, an optional
/// fraction of up to 9 digits, and `Z` or an offset `±HH:MM` of at most 23:59. What
/// RFC 3339 does not allow is refused rather than guessed: basic format
/// (`20261128T013000Z`), a missing offset or seconds, `+0800`, a space for `T`,
/// surrounding white space, RFC 9557 `[zone]` annotations. A leap second (`:60`) is
/// refused too: the bundled time arithmetic has none, and clamping to `:59` would
/// show a time that was not sent.
pub fn parse_instant(text: &str) -> Result<jiff::Timestamp, String> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| d.iter().fold(0u32, |n, &c| n * 10 + u32::from(c - b'0')))
    };
    let shape = "expected YYYY-MM-DDTHH:MM:SS with Z or an offset such as +08:00";
    let fixed = b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'T' | b't')
        && b[13] == b':'
        && b[16] == b':';
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    ) else {
        return Err(shape.into());
    };
    if !fixed {
        return Err(shape.into());
    }
    let mut at = 19;
    if b[at] == b'.' {
        let fraction = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if !(1..=9).contains(&fraction) {
            return Err("a fraction of a second has 1 to 9 digits".into());
        }
        at += 1 + fraction;
    }
    match &b[at..] {
        [b'Z' | b'z'] => {}
        [b'+' | b'-', ..] => {
            let offset_ok = b.len() == at + 6
                && b[at + 3] == b':'
                && digits(at + 1..at + 3).is_some_and(|h| h <= 23)
                && digits(at + 4..at + 6).is_some_and(|m| m <= 59);
            if !offset_ok {
                return Err("the offset must be ±HH:MM, at most ±23:59".into());
            }
        }
        _ => return Err(shape.into()),
    }
    if second == 60 {
        return Err("leap seconds (:60) are not supported".into());
    }
    // The calendar's own words, not the time library's ("must be in range `1..=28`").
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month:02}; months are 01 to 12"));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        let name = MONTHS[(month - 1) as usize];
        return Err(format!(
            "{name} {year} has {days} days; there is no day {day:02}"
        ));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(format!(
            "{hour:02}:{minute:02}:{second:02} is not a time of day (00:00:00 to 23:59:59)"
        ));
    }
    text.parse::<jiff::Timestamp>().map_err(|e| e.to_string())
}

impl Formatter {
    /// [`Formatter::datetime_in`] without a market: CLDR's full forms (tests read them).
    #[cfg(test)]
    pub fn datetime(
        &self,
        instant: &str,
        time_zone: &str,
        what: What,
    ) -> Result<String, FormatError> {
        self.datetime_in(instant, time_zone, what, None)
    }

    /// Shows the RFC 3339 `instant` (`2026-11-28T09:30:00Z`,
    /// `2026-11-28T17:30:00+08:00`) as local date and/or time in the IANA
    /// `time_zone` (the catalog's TZif data, DST-aware), Gregorian calendar, CLDR
    /// medium date and hour:minute time, followed for `Time`/`DateTime` by the
    /// localized GMT offset in effect at that instant (`GMT+8`, `GMT-4`).
    ///
    /// In an SMS to a market whose own zone is `own_zone`, `DateTime` drops the year and,
    /// like `Time`, shows the offset only when the recipient's offset at that instant
    /// differs from the market zone's.
    ///
    /// `instant` must be RFC 3339 exactly (`parse_instant`). Zone names are IANA
    /// names and links (`Asia/Shanghai`, `UTC`, `Asia/Calcutta`), matched
    /// case-insensitively; a bare offset such as `+08:00` is not a zone.
    pub fn datetime_in(
        &self,
        instant: &str,
        time_zone: &str,
        what: What,
        own_zone: Option<&str>,
    ) -> Result<String, FormatError> {
        let timestamp = parse_instant(instant).map_err(|why| {
            FormatError::DateTime(format!(
                "not an RFC 3339 date-time: {} ({why})",
                quote(instant)
            ))
        })?;
        let tz = self.zones.get(time_zone).map_err(FormatError::TimeZone)?;
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
        let what = match (what, own_zone) {
            (What::DateTime | What::Time, Some(own)) => {
                let own = self.zones.get(own).map_err(FormatError::TimeZone)?;
                let home = own.to_offset(timestamp) == local.offset();
                match (what, home) {
                    (What::DateTime, true) => What::MonthDayTime,
                    (What::DateTime, false) => What::MonthDayTimeZone,
                    (_, true) => What::TimeOnly,
                    _ => What::Time,
                }
            }
            _ => what,
        };
        let zoned = ZonedDateTime { date, time, zone };
        Ok(match what {
            What::Date => self.date.format(&zoned.date).to_string(),
            What::Time => self.time.format(&zoned).to_string(),
            What::DateTime => self.date_time.format(&zoned).to_string(),
            What::MonthDayTime => self.short.month_day_time.format(&zoned).to_string(),
            What::MonthDayTimeZone => self.short.month_day_time_zone.format(&zoned).to_string(),
            What::TimeOnly => self.short.time.format(&zoned).to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::fmt;
    use super::*;

    #[test]
    fn only_rfc_3339_instants_are_read() {
        // Reliability review F11: these were accepted and guessed at.
        for bad in [
            "20261128T013000Z",
            "2026-11-28T01Z",
            "2026-11-28T01:30Z",
            "2026-11-28T01:30:00,5Z",
            "2026-11-28T01:30:00+0800",
            "2026-11-28T01:30:00+08",
            "2026-11-28T01:30:00+25:00",
            "2026-12-31T23:59:60Z",
            "2026-11-28T01:30:00Z[America/New_York]",
            "2026-11-28T01:30:00Z[!America/New_York]",
            " 2026-11-28T01:30:00Z",
            "2026-11-28T01:30:00Z ",
            "2026-11-28 01:30:00Z",
            "2026-11-28T01:30:00.Z",
            "2026-11-28T01:30:00.1234567890Z",
            "２０２６-11-28T01:30:00Z",
            "2026-02-30T00:00:00Z",
        ] {
            assert!(parse_instant(bad).is_err(), "{bad}");
        }
        for good in [
            "2026-11-28T01:30:00Z",
            "2026-11-28t01:30:00z",
            "2026-11-28T09:30:00.123+08:00",
            "2026-11-28T01:30:00-23:59",
        ] {
            assert!(parse_instant(good).is_ok(), "{good}");
        }
        // Impossible dates and times are said in the calendar's words.
        let why = |t| parse_instant(t).unwrap_err();
        assert_eq!(
            why("2026-02-30T00:00:00Z"),
            "February 2026 has 28 days; there is no day 30"
        );
        assert_eq!(
            why("2028-02-30T00:00:00Z"),
            "February 2028 has 29 days; there is no day 30"
        );
        assert_eq!(
            why("2026-04-31T00:00:00Z"),
            "April 2026 has 30 days; there is no day 31"
        );
        assert_eq!(
            why("2026-13-01T00:00:00Z"),
            "there is no month 13; months are 01 to 12"
        );
        assert_eq!(
            why("2026-11-28T24:00:00Z"),
            "24:00:00 is not a time of day (00:00:00 to 23:59:59)"
        );
        assert!(parse_instant("2000-02-29T00:00:00Z").is_ok());
        assert!(parse_instant("1900-02-29T00:00:00Z").is_err());
    }

    #[test]
    fn etc_unknown_is_not_a_zone() {
        let zones = super::super::tests::all_zones();
        assert!(!zones.has("Etc/Unknown"));
        assert!(!zones.has("etc/unknown"));
        assert!(zones.has("Asia/Shanghai"));
        assert!(zones.has("asia/calcutta"));
    }

    #[test]
    fn a_declared_list_is_all_there_is() {
        let names = ["Asia/Shanghai".to_string(), "UTC".to_string()];
        let table = crate::catalog::data::time_zones(Some(&names)).unwrap();
        let zones = super::super::Zones::new(table, Some(names.to_vec())).unwrap();
        assert!(zones.has("asia/shanghai"));
        assert_eq!(
            zones.get("America/New_York").unwrap_err(),
            "time zone \"America/New_York\" is not one of the catalog's time zones (Asia/Shanghai, UTC)"
        );
        let all = super::super::tests::all_zones();
        assert!(all.has("America/New_York") && all.has("Pacific/Chatham"));
    }

    const NBSP: char = '\u{202f}'; // CLDR en puts U+202F before AM/PM

    fn dt(tag: &str, instant: &str, zone: &str, what: What) -> String {
        fmt(tag)
            .datetime(instant, zone, what)
            .unwrap_or_else(|e| panic!("{tag} {instant} {zone}: {e}"))
    }

    #[test]
    fn shanghai_per_locale() {
        let i = "2026-11-28T09:30:00Z";
        let z = "Asia/Shanghai";
        assert_eq!(dt("en", i, z, What::Date), "Nov 28, 2026");
        assert_eq!(dt("en", i, z, What::Time), format!("5:30{NBSP}PM GMT+8"));
        assert_eq!(
            dt("en", i, z, What::DateTime),
            format!("Nov 28, 2026, 5:30{NBSP}PM GMT+8")
        );
        assert_eq!(dt("zh-CN", i, z, What::Date), "2026年11月28日");
        assert_eq!(dt("zh-CN", i, z, What::Time), "GMT+8 17:30");
        assert_eq!(
            dt("zh-CN", i, z, What::DateTime),
            "2026年11月28日 GMT+8 17:30"
        );
        assert_eq!(dt("zh-TW", i, z, What::Date), "2026年11月28日");
        assert_eq!(dt("zh-TW", i, z, What::Time), "下午5:30 GMT+8");
        assert_eq!(
            dt("zh-TW", i, z, What::DateTime),
            "2026年11月28日 下午5:30 GMT+8"
        );
    }

    #[test]
    fn taipei_and_hong_kong() {
        let i = "2026-11-28T09:30:00Z";
        for z in ["Asia/Taipei", "Asia/Hong_Kong"] {
            assert_eq!(
                dt("zh-TW", i, z, What::DateTime),
                "2026年11月28日 下午5:30 GMT+8"
            );
            assert_eq!(
                dt("zh-CN", i, z, What::DateTime),
                "2026年11月28日 GMT+8 17:30"
            );
            assert_eq!(
                dt("en", i, z, What::DateTime),
                format!("Nov 28, 2026, 5:30{NBSP}PM GMT+8")
            );
        }
    }

    #[test]
    fn new_york_dst() {
        let z = "America/New_York";
        // July: EDT (UTC-4); January: EST (UTC-5).
        assert_eq!(
            dt("en", "2026-07-15T16:00:00Z", z, What::DateTime),
            format!("Jul 15, 2026, 12:00{NBSP}PM GMT-4")
        );
        assert_eq!(
            dt("en", "2026-01-15T16:00:00Z", z, What::DateTime),
            format!("Jan 15, 2026, 11:00{NBSP}AM GMT-5")
        );
        assert_eq!(
            dt("zh-CN", "2026-07-15T16:00:00Z", z, What::Time),
            "GMT-4 12:00"
        );
        assert_eq!(
            dt("zh-TW", "2026-01-15T16:00:00Z", z, What::Time),
            "上午11:00 GMT-5"
        );
        // Around the 2026-03-08 spring-forward (07:00Z).
        assert_eq!(
            dt("en", "2026-03-08T06:59:00Z", z, What::Time),
            format!("1:59{NBSP}AM GMT-5")
        );
        assert_eq!(
            dt("en", "2026-03-08T07:00:00Z", z, What::Time),
            format!("3:00{NBSP}AM GMT-4")
        );
        // The local date can differ from the UTC date.
        assert_eq!(
            dt("en", "2026-01-01T02:00:00Z", z, What::Date),
            "Dec 31, 2025"
        );
    }

    #[test]
    fn offsets_in_input_and_odd_zones() {
        let z = "Asia/Shanghai";
        assert_eq!(
            dt("en", "2026-11-28T17:30:00+08:00", z, What::DateTime),
            dt("en", "2026-11-28T09:30:00Z", z, What::DateTime)
        );
        assert_eq!(
            dt("en", "2026-11-28T04:30:00-05:00", z, What::Time),
            format!("5:30{NBSP}PM GMT+8")
        );
        assert_eq!(
            dt("en", "2026-11-28T09:30:00.123456789z", z, What::Time),
            format!("5:30{NBSP}PM GMT+8")
        );
        assert_eq!(
            dt("en", "2026-11-28T09:30:00Z", "Asia/Kolkata", What::Time),
            format!("3:00{NBSP}PM GMT+5:30")
        );
        assert_eq!(
            dt("en", "2026-11-28T09:30:00Z", "UTC", What::Time),
            format!("9:30{NBSP}AM GMT+0")
        );
        assert_eq!(
            dt(
                "zh-TW",
                "2026-07-15T16:00:00Z",
                "America/New_York",
                What::Time
            ),
            "中午12:00 GMT-4"
        );
    }

    #[test]
    fn bad_instants_are_errors() {
        let f = fmt("en");
        for bad in [
            "",
            "garbage",
            "2026-11-28",
            "2026-11-28T09:30:00",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-28T25:00:00Z",
            "1764322200",
            "２０２６-11-28T09:30:00Z",
            "2026-11-28T09:30:00+99:00",
            "99999-01-01T00:00:00Z",
            "\u{0}",
            "-0001-06-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            match f.datetime(bad, "Asia/Shanghai", What::DateTime) {
                Err(FormatError::DateTime(m)) => {
                    assert!(m.starts_with("not an RFC 3339 date-time"), "{m}")
                }
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn unknown_zones_are_errors() {
        let f = fmt("zh-CN");
        for bad in [
            "",
            "Mars/Olympus",
            "Asia/Shang hai",
            "GMT+8 ",
            "../etc/passwd",
            "亚洲/上海",
        ] {
            match f.datetime("2026-11-28T09:30:00Z", bad, What::Date) {
                Err(FormatError::TimeZone(m)) => {
                    assert_eq!(m, format!("unknown time zone {}", quote(bad)))
                }
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        assert_eq!(
            f.datetime("2026-11-28T09:30:00Z", "X", What::Time)
                .unwrap_err()
                .to_string(),
            "unknown time zone \"X\""
        );
    }

    #[test]
    fn extreme_but_valid_instants() {
        // jiff's range is about years -9999..=9999; none of these may panic.
        let f = fmt("en");
        for i in [
            "0001-01-01T00:00:00Z",
            "-0001-06-01T00:00:00Z",
            "9999-12-30T00:00:00Z",
            "1900-01-01T00:00:00Z",
        ] {
            for z in ["Asia/Shanghai", "Pacific/Kiritimati", "America/Adak"] {
                for w in [What::Date, What::Time, What::DateTime] {
                    let _ = f.datetime(i, z, w);
                }
            }
        }
        // Shanghai's 1900 local mean time offset (+8:05:43) is shown as ICU formats it.
        assert_eq!(
            f.datetime("1900-01-01T00:00:00Z", "Asia/Shanghai", What::Time),
            Ok(format!("8:05{NBSP}AM GMT+8:05:43"))
        );
        assert_eq!(
            f.datetime("0001-01-01T00:00:00Z", "UTC", What::Date),
            Ok("Jan 1, 1 AD".to_string())
        );
        // Case-insensitive names and links.
        assert_eq!(
            f.datetime("2026-11-28T09:30:00Z", "asia/calcutta", What::Time),
            Ok(format!("3:00{NBSP}PM GMT+5:30"))
        );
    }
}
