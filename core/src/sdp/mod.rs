//! SDP: session descriptions (RFC 8866) and the offer/answer model (RFC 3264).
//!
//! - [`description`]: parse and serialise, keeping every line (unknown attributes too).
//! - [`negotiate`]: build offers and answers from the account's media settings: codecs in
//!   the configured preference order, ptime, telephone-event (RFC 4733), and the
//!   direction attributes used for hold (RFC 3264 §8.4).

pub mod description;
pub mod negotiate;

pub use description::{Direction, Media, SessionDescription};
