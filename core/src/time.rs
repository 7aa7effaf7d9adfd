//! Time as a value: the core never reads a clock, drivers pass `now` in.

use std::ops::Add;

/// A point in time, in milliseconds since an arbitrary origin chosen by the driver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Instant(pub u64);

/// A span of time in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration(pub u64);

impl Duration {
    /// Whole seconds.
    pub const fn secs(s: u64) -> Duration {
        Duration(s * 1000)
    }
    /// Milliseconds.
    pub const fn millis(ms: u64) -> Duration {
        Duration(ms)
    }
}

impl Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, d: Duration) -> Instant {
        Instant(self.0.saturating_add(d.0))
    }
}

impl Instant {
    /// Time elapsed since `earlier` (zero if `earlier` is later).
    pub fn since(self, earlier: Instant) -> Duration {
        Duration(self.0.saturating_sub(earlier.0))
    }
}

/// Wall-clock time as the driver reports it: seconds since the Unix epoch and the local
/// offset from UTC. The core keeps it as an anchor against [`Instant`], so it advances with
/// the driver's monotonic clock between reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WallClock {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub unix_secs: i64,
    /// Local time minus UTC, in minutes (+60 for Central European Time).
    pub utc_offset_mins: i32,
}

/// A local date and time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    /// Year (2026).
    pub year: i64,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to 31.
    pub day: u32,
    /// Day of the week, 0 = Sunday.
    pub weekday: u32,
    /// Hour, 0 to 23.
    pub hour: u32,
    /// Minute, 0 to 59.
    pub minute: u32,
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl WallClock {
    /// The local date and time (proleptic Gregorian calendar; days from civil after
    /// H. Hinnant's algorithm).
    pub fn civil(self) -> Civil {
        let local = self.unix_secs + self.utc_offset_mins as i64 * 60;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Civil {
            year,
            month,
            day,
            weekday: (days + 4).rem_euclid(7) as u32,
            hour: (secs / 3600) as u32,
            minute: (secs % 3600 / 60) as u32,
        }
    }

    /// This clock `d` later.
    pub fn plus(self, d: Duration) -> WallClock {
        WallClock {
            unix_secs: self.unix_secs + (d.0 / 1000) as i64,
            ..self
        }
    }
}

/// How a date is written: the CP860's seven `local_time.date_format` values, in its order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateFormat {
    /// 0: `Thu Dec 03`.
    WwwMmmDd,
    /// 1: `03-Dec-26`.
    DdMmmYy,
    /// 2: `2026-12-03`.
    YyyyMmDd,
    /// 3: `03/12/2026`.
    DdMmYyyy,
    /// 4: `12/03/26`.
    MmDdYy,
    /// 5: `03 Dec 2026`.
    DdMmmYyyy,
    /// 6: `Thu 3 Dec` (the phones' look before the setting existed, so the default here).
    #[default]
    WwwDdMmm,
}

impl DateFormat {
    /// Every format, in the CP860's numbering.
    pub const ALL: [DateFormat; 7] = [
        DateFormat::WwwMmmDd,
        DateFormat::DdMmmYy,
        DateFormat::YyyyMmDd,
        DateFormat::DdMmYyyy,
        DateFormat::MmDdYy,
        DateFormat::DdMmmYyyy,
        DateFormat::WwwDdMmm,
    ];

    /// The format numbered `n` (0 to 6) as the CP860 numbers them.
    pub fn numbered(n: u8) -> Option<DateFormat> {
        Self::ALL.get(n as usize).copied()
    }

    /// The one after this (the Settings page steps through them).
    pub fn next(self) -> DateFormat {
        let at = Self::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Self::ALL[(at + 1) % Self::ALL.len()]
    }

    /// The format's pattern, as the Settings page names it when the date is not known.
    pub fn pattern(self) -> &'static str {
        match self {
            DateFormat::WwwMmmDd => "WWW MMM DD",
            DateFormat::DdMmmYy => "DD-MMM-YY",
            DateFormat::YyyyMmDd => "YYYY-MM-DD",
            DateFormat::DdMmYyyy => "DD/MM/YYYY",
            DateFormat::MmDdYy => "MM/DD/YY",
            DateFormat::DdMmmYyyy => "DD MMM YYYY",
            DateFormat::WwwDdMmm => "WWW DD MMM",
        }
    }
}

impl Civil {
    /// The date written in `format`.
    pub fn date_in(&self, format: DateFormat) -> String {
        let www = WEEKDAYS[self.weekday as usize % 7];
        let mmm = MONTHS[(self.month as usize + 11) % 12];
        let (y, m, d) = (self.year, self.month, self.day);
        let yy = y.rem_euclid(100);
        match format {
            DateFormat::WwwMmmDd => format!("{www} {mmm} {d:02}"),
            DateFormat::DdMmmYy => format!("{d:02}-{mmm}-{yy:02}"),
            DateFormat::YyyyMmDd => format!("{y}-{m:02}-{d:02}"),
            DateFormat::DdMmYyyy => format!("{d:02}/{m:02}/{y}"),
            DateFormat::MmDdYy => format!("{m:02}/{d:02}/{yy:02}"),
            DateFormat::DdMmmYyyy => format!("{d:02} {mmm} {y}"),
            DateFormat::WwwDdMmm => self.date(),
        }
    }

    /// `14:05` (24-hour, as the phones default to).
    pub fn time(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// `2:05 PM` (the 12-hour format, Yealink `local_time.time_format = 0`).
    pub fn time_12h(&self) -> String {
        let h = match self.hour % 12 {
            0 => 12,
            h => h,
        };
        let half = if self.hour < 12 { "AM" } else { "PM" };
        format!("{h}:{:02} {half}", self.minute)
    }

    /// `Thu 3 Dec`.
    pub fn date(&self) -> String {
        format!(
            "{} {} {}",
            WEEKDAYS[self.weekday as usize % 7],
            self.day,
            MONTHS[(self.month as usize + 11) % 12]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seven_date_formats_write_the_cp860s_patterns() {
        // Thursday 3 December 2026, 16:00 UTC.
        let c = WallClock {
            unix_secs: 1_796_313_600,
            utc_offset_mins: 0,
        }
        .civil();
        let written: Vec<String> = DateFormat::ALL.iter().map(|f| c.date_in(*f)).collect();
        assert_eq!(
            written,
            [
                "Thu Dec 03",
                "03-Dec-26",
                "2026-12-03",
                "03/12/2026",
                "12/03/26",
                "03 Dec 2026",
                "Thu 3 Dec"
            ]
        );
        assert_eq!(
            DateFormat::WwwDdMmm.next(),
            DateFormat::WwwMmmDd,
            "it wraps"
        );
        assert_eq!(DateFormat::numbered(2), Some(DateFormat::YyyyMmDd));
        assert_eq!(DateFormat::numbered(7), None);
    }

    #[test]
    fn unix_seconds_become_the_local_date_and_time() {
        // 2026-12-03T13:06:39Z was a Thursday.
        let utc = WallClock {
            unix_secs: 1_796_303_199,
            utc_offset_mins: 0,
        };
        let c = utc.civil();
        assert_eq!(
            (c.year, c.month, c.day, c.hour, c.minute),
            (2026, 12, 3, 13, 6)
        );
        assert_eq!((c.time(), c.date()), ("13:06".into(), "Thu 3 Dec".into()));
        assert_eq!(c.time_12h(), "1:06 PM");
        let kiribati = WallClock {
            utc_offset_mins: 14 * 60,
            ..utc
        };
        assert_eq!(
            kiribati.civil().date(),
            "Fri 4 Dec",
            "past midnight east of UTC"
        );
        let epoch = WallClock {
            unix_secs: 0,
            utc_offset_mins: -60,
        };
        let c = epoch.civil();
        assert_eq!((c.year, c.month, c.day, c.hour), (1969, 12, 31, 23));
        let leap = WallClock {
            unix_secs: 951_782_400, // 2000-02-29
            utc_offset_mins: 0,
        };
        assert_eq!(leap.civil().date(), "Tue 29 Feb");
    }
}
