//! The page's clock and entropy, handed to the core as values.

use deskphone_core::time::Instant;

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
