//! The page's clock and entropy, handed to the core as values.

use deskphone_core::time::{Instant, WallClock};

/// Milliseconds since the page loaded (`performance.now()`), monotonic.
pub fn now() -> Instant {
    let ms = web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0);
    Instant(ms.max(0.0) as u64)
}

/// 64 random bits from `crypto.getRandomValues` for the core's identifier generator.
pub fn seed() -> u64 {
    let mut bytes = [0u8; 8];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    let seed = u64::from_le_bytes(bytes);
    if seed == 0 {
        (js_sys::Math::random() * u64::MAX as f64) as u64
    } else {
        seed
    }
}

/// The wall-clock time and the browser's time-zone offset.
pub fn wall() -> WallClock {
    let date = js_sys::Date::new_0();
    WallClock {
        unix_secs: (date.get_time() / 1000.0) as i64,
        // getTimezoneOffset is UTC minus local time.
        utc_offset_mins: -(date.get_timezone_offset() as i32),
    }
}
