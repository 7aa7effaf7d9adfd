//! SIP signalling (RFC 3261): messages, digest authentication, registration, and the
//! INVITE sessions of basic calls, driven by [`ua::UserAgent`].

pub mod account;
pub mod call;
pub mod digest;
pub mod message;
pub mod registration;
pub mod ua;
