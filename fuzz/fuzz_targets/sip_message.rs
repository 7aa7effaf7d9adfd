//! Any bytes from the network: framing, validation, accessors, the UAS checks, a reply
//! built from a refused request, and stream framing must never panic.
#![no_main]

use deskphone_core::sip::builder::Builder;
use deskphone_core::sip::message::{Message, ParseError};
use deskphone_core::sip::stream::StreamFramer;
use deskphone_core::sip::uas;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match Message::parse(data) {
        Ok(m) => {
            let _ = (m.method(), m.status(), m.request_uri(), m.call_id(), m.cseq());
            let _ = (m.from(), m.to(), m.vias(), m.from_tag(), m.to_tag(), m.top_branch());
            let _ = m.header_list("contact");
            let _ = uas::admit(&m, &["100rel", "timer"]);
            if m.method().is_some() {
                if let Ok(reply) = Builder::response_to(&m, 200, "OK", Some("t")).build() {
                    // Our own reply to a valid request must itself be valid.
                    assert!(Message::parse(&reply).is_ok(), "reply to a valid request is invalid");
                }
            }
        }
        Err(ParseError::Invalid { message, .. }) => {
            let _ = Builder::response_to(&message, 400, "Bad Request", None).build();
        }
        Err(ParseError::Unreadable(_)) => {}
    }
    let mut framer = StreamFramer::new();
    framer.push(data);
    while let Ok(Some(_)) = framer.next_message() {}
});
