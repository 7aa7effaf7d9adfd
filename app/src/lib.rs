//! Deskphone in the browser: the phone face (Leptos) over the browser drivers.
//!
//! - [`face`]: draws the core's view and turns clicks and keystrokes into key presses.
//! - [`driver`]: SIP over WebSocket, WebRTC media through the AudioWorklet engine, timers.
//! - [`config`]: the stored configuration with the page URL's values over it.
//! - [`admin`]: the web admin pages, drawn from the configuration schema.
//! - [`preview`]: a device's face from configuration files alone (`?preview`).

pub mod admin;
pub mod config;
pub mod driver;
pub mod face;
pub mod preview;

/// Mount the phone on the page.
pub fn start() {
    leptos::mount::mount_to_body(face::App);
}
