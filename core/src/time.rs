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
