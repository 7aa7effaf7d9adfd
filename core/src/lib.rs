//! Deskphone core: the sans-IO heart of the phone.
//!
//! Nothing in this crate touches a socket or a clock. Drivers (the browser app, the native
//! backend, the tests) feed inputs in — bytes received, a timer that fired, a key pressed,
//! a media event — and drain outputs — bytes to send, media commands, the next timeout.
//! Time is a value passed in ([`time::Instant`]), so a test can run an hour in a millisecond.

pub mod config;
pub mod ids;
pub mod phone;
pub mod profile;
pub mod sdp;
pub mod sip;
pub mod time;
