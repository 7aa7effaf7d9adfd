//! SIP signalling (RFC 3261): the message layer (syntax, URIs, addresses, Via, framing and
//! validation, building), digest authentication, registration, and the INVITE sessions
//! of basic calls, driven by [`ua::UserAgent`].

pub mod account;
pub mod addr;
pub mod builder;
pub mod call;
pub mod digest;
pub mod keepalive;
pub mod message;
pub mod multipart;
pub mod pager;
pub mod registration;
pub mod reliable;
pub mod stream;
pub mod subscription;
pub mod syntax;
pub mod transaction;
pub mod ua;
pub mod uas;
pub mod uri;
pub mod via;
