//! RFC 4475 (SIP torture test messages) as a corpus, run against the message parser and
//! against a user agent acting as the UAS, the way a peer would send them.
//!
//! `tests/rfc4475/*.dat` are the messages of RFC 4475 Appendix B, byte for byte.
//! - §3.1.1 valid messages parse, with the right method, URI, tags, Vias, CSeq,
//!   Content-Length and unknown headers kept.
//! - §3.1.2 invalid messages are refused: a request gets the response the RFC names
//!   (400, or 505 for the version), a response is dropped; nothing panics.
//! - §3.2-§3.4 messages get the application-layer answer the RFC describes for an endpoint.

use deskphone_core::sip::account::{Account, Transport};
use deskphone_core::sip::message::{Message, ParseError, StartLine};
use deskphone_core::sip::ua::{UaEvent, UaOutput, UserAgent};
use deskphone_core::time::Instant;

fn corpus(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/rfc4475/{name}.dat", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parsed(name: &str) -> Message {
    Message::parse(&corpus(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The status codes a fresh user agent sends in answer to the message, ringing for an
/// incoming call as a phone does.
fn answers(name: &str) -> Vec<u16> {
    let mut ua = UserAgent::new(Account::new("user", "pw", "example.com", Transport::Udp), 7);
    ua.handle_received(&corpus(name), Instant(0));
    let mut codes = Vec::new();
    while let Some(out) = ua.poll_output() {
        match out {
            UaOutput::Send(bytes) => codes.push(status_of(&bytes)),
            UaOutput::Event(UaEvent::Incoming { call, .. }) => ua.ring(call),
            _ => {}
        }
    }
    codes
}

/// The status of a response we sent. A reply to a malformed request copies its bad Via
/// or From (RFC 3261 §8.2.6.2), so it is read from the framed message.
fn status_of(bytes: &[u8]) -> u16 {
    let status = match Message::parse(bytes) {
        Ok(m) => m.status(),
        Err(ParseError::Invalid { message, .. }) => message.status(),
        Err(e) => panic!("our answer is unreadable: {e}"),
    };
    status.expect("an answer is a response")
}

fn answer_headers(name: &str) -> Message {
    let mut ua = UserAgent::new(Account::new("user", "pw", "example.com", Transport::Udp), 7);
    ua.handle_received(&corpus(name), Instant(0));
    while let Some(out) = ua.poll_output() {
        if let UaOutput::Send(bytes) = out {
            return Message::parse(&bytes).unwrap();
        }
    }
    panic!("{name}: no answer");
}

fn invalid(name: &str) -> (u16, String) {
    match Message::parse(&corpus(name)) {
        Err(ParseError::Invalid { status, reason, .. }) => (status, reason),
        other => panic!("{name}: expected a refusal, got {other:?}"),
    }
}

// ---- §3.1.1 valid messages ------------------------------------------------------------

#[test]
fn short_tortuous_invite_3_1_1_1() {
    let m = parsed("wsinv");
    assert_eq!(m.method().as_deref(), Some("INVITE"));
    assert_eq!(
        m.request_uri().as_deref(),
        Some("sip:vivekg@chair-dnrc.example.com;unknownparam")
    );
    assert_eq!(m.to_tag().as_deref(), Some("1918181833n"));
    assert_eq!(m.from_tag().as_deref(), Some("98asjd8"));
    assert_eq!(
        m.from().unwrap().display.as_deref(),
        Some("J Rosenberg \\\"")
    );
    assert_eq!(m.call_id(), Some("wsinv.ndaksdj@192.0.2.1"));
    assert_eq!(m.cseq(), Some((9, "INVITE".into())));
    let vias = m.vias();
    assert_eq!(vias.len(), 3);
    assert_eq!(
        (
            vias[0].transport.as_str(),
            vias[0].host.as_str(),
            vias[0].branch()
        ),
        ("UDP", "192.0.2.2", Some("390skdjuw"))
    );
    assert_eq!(
        (
            vias[1].transport.as_str(),
            vias[1].host.as_str(),
            vias[1].branch()
        ),
        ("TCP", "spindle.example.com", Some("z9hG4bK9ikj8"))
    );
    assert_eq!(
        (vias[2].host.as_str(), vias[2].branch()),
        ("192.168.255.111", Some("z9hG4bK30239"))
    );
    assert_eq!(m.header("max-forwards"), Some("0068"));
    assert_eq!(m.header("subject"), Some(""));
    assert_eq!(
        m.header("NewFangledHeader"),
        Some("newfangled value continued newfangled value")
    );
    assert_eq!(m.header("UnknownHeaderWithUnusualValue"), Some(";;,,;;,;"));
    assert_eq!(m.body().len(), 150);
    assert_eq!(m.header_list("contact").len(), 1);
    // Well-formed, but its To tag names a dialog this phone does not have (RFC 3261 §12.2.2).
    assert_eq!(answers("wsinv"), [481]);
}

#[test]
fn wide_range_of_valid_characters_3_1_1_2() {
    let m = parsed("intmeth");
    assert_eq!(
        m.method().as_deref(),
        Some("!interesting-Method0123456789_*+`.%indeed'~")
    );
    assert!(m
        .request_uri()
        .unwrap()
        .starts_with("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1"));
    assert_eq!(
        m.call_id(),
        Some("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{")
    );
    assert_eq!(m.cseq().unwrap().0, 139122385);
    assert_eq!(m.from_tag().as_deref(), Some("_token~1'+`*%!-."));
    assert_eq!(
        m.to().unwrap().display.as_deref(),
        Some("BEL:\u{7} NUL:\0 DEL:\u{7f}")
    );
    assert_eq!(
        m.from().unwrap().display.as_deref(),
        Some("token1~` token2'+_ token3*%!.-")
    );
    assert!(m.header("extensionHeader-!.%*+_`'~").is_some());
    // An endpoint answers an unknown method with 501 and its Allow list.
    assert_eq!(answers("intmeth"), [501]);
}

#[test]
fn valid_escapes_3_1_1_3() {
    let m = parsed("esc01");
    assert_eq!(
        m.request_uri().as_deref(),
        Some("sip:sips%3Auser%40example.com@example.net")
    );
    assert_eq!(m.call_id(), Some("esc01.239409asdfakjkn23onasd0-3234"));
    assert_eq!(m.header("content-type"), Some("application/sdp"));
    assert_eq!(answers("esc01"), [100, 180]);
}

#[test]
fn escaped_nulls_in_uris_3_1_1_4() {
    let m = parsed("escnull");
    assert_eq!(
        m.to().unwrap().uri.sip().unwrap().user.as_deref(),
        Some("null-%00-null")
    );
    assert_eq!(m.header_list("contact").len(), 2);
    assert_eq!(answers("escnull"), [405]); // REGISTER: a phone is no registrar
}

#[test]
fn percent_that_is_not_an_escape_3_1_1_5() {
    let m = parsed("esc02");
    assert_eq!(m.method().as_deref(), Some("RE%47IST%45R"));
    assert_eq!(answers("esc02"), [501]); // not REGISTER: an unknown method
}

#[test]
fn no_white_space_before_the_angle_bracket_3_1_1_6() {
    let m = parsed("lwsdisp");
    assert_eq!(m.from().unwrap().display.as_deref(), Some("caller"));
    assert_eq!(answers("lwsdisp"), [200]);
}

#[test]
fn long_values_in_header_fields_3_1_1_7() {
    let m = parsed("longreq");
    assert!(m.header("to").unwrap().len() > 100);
    assert_eq!(m.vias().len(), 34);
    assert!(m
        .headers()
        .iter()
        .any(|(n, v)| n.starts_with("unknown-longlonglong") && v.len() > 100));
    assert_eq!(answers("longreq"), [100, 180]);
}

#[test]
fn extra_octets_after_the_body_are_ignored_3_1_1_8() {
    let m = parsed("dblreq");
    assert_eq!(m.method().as_deref(), Some("REGISTER"));
    assert_eq!(m.body().len(), 0);
    assert_eq!(answers("dblreq"), [405]);
}

#[test]
fn semicolons_in_the_user_part_3_1_1_9() {
    let m = parsed("semiuri");
    let uri = deskphone_core::sip::uri::Uri::parse(&m.request_uri().unwrap()).unwrap();
    assert_eq!(
        uri.sip().unwrap().user.as_deref(),
        Some("user;par=u%40example.net")
    );
    assert_eq!(uri.sip().unwrap().host, "example.com");
    assert_eq!(answers("semiuri"), [200]);
}

#[test]
fn varied_and_unknown_transports_3_1_1_10() {
    let m = parsed("transports");
    let t: Vec<String> = m.vias().iter().map(|v| v.transport.clone()).collect();
    assert!(t.len() >= 5, "{t:?}");
    assert!(
        t.contains(&"UNKNOWN".to_string())
            || t.iter()
                .any(|x| !["UDP", "TCP", "TLS", "SCTP"].contains(&x.as_str())),
        "{t:?}"
    );
    assert_eq!(answers("transports"), [200]);
}

#[test]
fn multipart_body_keeps_its_binary_octets_3_1_1_11() {
    let m = parsed("mpart01");
    let declared: usize = m.header("content-length").unwrap().parse().unwrap();
    assert_eq!(m.body().len(), declared);
    assert!(m
        .header("content-type")
        .unwrap()
        .starts_with("multipart/mixed"));
    // A MESSAGE whose body is no text: 415 with what a phone reads (RFC 3428 §7, RFC 3261 §8.2.3).
    assert_eq!(answers("mpart01"), [415]);
    assert_eq!(
        answer_headers("mpart01").header("accept"),
        Some("text/plain")
    );
}

#[test]
fn unusual_and_empty_reason_phrases_3_1_1_12_and_13() {
    let m = parsed("unreason");
    assert_eq!(m.status(), Some(200));
    assert!(!m.reason().unwrap().is_ascii());
    let m = parsed("noreason");
    assert_eq!(m.status(), Some(100));
    assert_eq!(m.reason(), Some(""));
    // Responses to nothing we sent are dropped.
    assert_eq!(answers("unreason"), []);
    assert_eq!(answers("noreason"), []);
}

// ---- §3.1.2 invalid messages ----------------------------------------------------------

#[test]
fn invalid_requests_get_400_with_the_reason() {
    for (name, why) in [
        ("badinv01", "empty parameter"), // §3.1.2.1 extraneous separators
        ("clerr", "larger than"),        // §3.1.2.2
        ("ncl", "Content-Length"),       // §3.1.2.3 negative
        ("scalar02", "CSeq"),            // §3.1.2.4 overlarge scalars
        ("quotbal", "quoted string"),    // §3.1.2.6
        ("ltgtruri", "Request-URI"),     // §3.1.2.7
        ("lwsruri", "Request-Line"),     // §3.1.2.8 LWS inside the URI
        ("lwsstart", "Request-Line"),    // §3.1.2.9 several SP
        ("trws", "Request-Line"),        // §3.1.2.10 trailing SP
        ("escruri", "Request-URI carries headers"), // §3.1.2.11
        ("regbadct", "enclosed in <>"),  // §3.1.2.13
        ("badaspec", "To"),              // §3.1.2.14
        ("baddn", "display name"),       // §3.1.2.15
        ("mismatch01", "does not match"), // §3.1.2.17
        ("mismatch02", "does not match"), // §3.1.2.18
        ("insuf", "missing"),            // §3.3.1
        ("multi01", "more than one"),    // §3.3.8
        ("mcl01", "more than one Content-Length"), // §3.3.9
    ] {
        let (status, reason) = invalid(name);
        assert_eq!(status, 400, "{name}: {reason}");
        assert!(
            reason.contains(why),
            "{name}: {reason:?} should mention {why:?}"
        );
        assert_eq!(answers(name), [400], "{name}");
    }
}

#[test]
fn unknown_protocol_version_gets_505_3_1_2_16() {
    assert_eq!(invalid("badvers").0, 505);
    assert_eq!(answers("badvers"), [505]);
}

#[test]
fn malformed_responses_are_dropped_silently() {
    assert_eq!(invalid("scalarlg").0, 400); // §3.1.2.5 overlarge CSeq in a response
    assert!(matches!(
        Message::parse(&corpus("bigcode")),
        Err(ParseError::Unreadable(_))
    )); // §3.1.2.19
    for name in ["scalarlg", "bigcode"] {
        assert_eq!(answers(name), [], "{name}");
    }
}

#[test]
fn invalid_time_zone_in_date_is_accepted_leniently_3_1_2_12() {
    let m = parsed("baddate");
    assert!(m.header("date").is_some());
    assert_eq!(answers("baddate"), [100, 180]);
}

// ---- §3.2-§3.4 transaction and application layer ------------------------------------

#[test]
fn missing_magic_cookie_is_handled_as_rfc_2543_3_2_1() {
    let m = parsed("badbranch");
    assert_eq!(m.top_branch().as_deref(), Some("z9hG4bK")); // the magic cookie alone
    assert_eq!(answers("badbranch"), [200]);
}

#[test]
fn unknown_request_uri_schemes_get_416_3_3_2_and_3_3_3() {
    assert!(matches!(
        parsed("unkscm").start_line(),
        StartLine::Request { .. }
    ));
    assert_eq!(answers("unkscm"), [416]);
    assert_eq!(answers("novelsc"), [416]);
}

#[test]
fn unknown_schemes_in_header_fields_parse_3_3_4() {
    let m = parsed("unksm2");
    assert_eq!(m.to().unwrap().uri_text, "isbn:2983792873");
    assert_eq!(answers("unksm2"), [405]); // a REGISTER
}

#[test]
fn unsupported_require_gets_420_with_unsupported_3_3_5() {
    assert_eq!(answers("bext01"), [420]);
    let unsupported = answer_headers("bext01")
        .header("unsupported")
        .unwrap()
        .to_string();
    assert_eq!(
        unsupported,
        "nothingSupportsThis, nothingSupportsThisEither"
    );
}

#[test]
fn unknown_content_type_gets_415_3_3_6() {
    assert_eq!(answers("invut"), [415]);
}

#[test]
fn registrations_are_not_for_a_phone_3_3_7_and_3_3_12_to_14() {
    for name in ["regaut01", "cparam01", "cparam02", "regescrt"] {
        parsed(name);
        assert_eq!(answers(name), [405], "{name}");
    }
    let m = parsed("cparam01");
    assert!(!m.header_list("contact").is_empty());
}

#[test]
fn broadcast_via_in_a_response_is_dropped_3_3_10() {
    assert_eq!(parsed("bcast").status(), Some(200));
    assert_eq!(answers("bcast"), []);
}

#[test]
fn max_forwards_of_zero_is_answered_by_an_endpoint_3_3_11() {
    assert_eq!(parsed("zeromf").header("max-forwards"), Some("0"));
    assert_eq!(answers("zeromf"), [200]);
}

#[test]
fn accept_without_sdp_gets_406_3_3_15() {
    assert_eq!(answers("sdp01"), [406]);
}

#[test]
fn rfc_2543_syntax_is_accepted_3_4_1() {
    let m = parsed("inv2543");
    assert_eq!(m.from_tag(), None);
    assert_eq!(m.top_branch(), None);
    assert_eq!(answers("inv2543"), [100, 180]);
}

#[test]
fn every_corpus_message_is_read_without_a_panic_even_cut_short() {
    let dir = format!("{}/tests/rfc4475", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        for cut in (0..bytes.len()).step_by(7) {
            let _ = Message::parse(&bytes[..cut]);
        }
        count += 1;
    }
    assert_eq!(count, 49);
}
