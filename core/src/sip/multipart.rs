//! Multipart bodies (RFC 2046 §5.1, `multipart/related` of RFC 2387), as a resource list
//! server sends them (RFC 4662 §5: the RLMI document, then one part per resource): split on
//! the boundary the Content-Type names, each part with its own headers.

/// One part of a multipart body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The part's Content-Type (`application/dialog-info+xml`), without parameters.
    pub content_type: String,
    /// The part's Content-ID without its angle brackets (RFC 2392), which RLMI's `cid`
    /// names.
    pub content_id: Option<String>,
    /// The part's body.
    pub body: String,
}

/// The `boundary` parameter of a multipart Content-Type, unquoted.
pub fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().to_ascii_lowercase().starts_with("multipart/") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (name, value) = p.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let v = value.trim().trim_matches('"');
        // RFC 2046 §5.1.1: 1 to 70 characters.
        (!v.is_empty() && v.len() <= 70).then(|| v.to_string())
    })
}

/// The parts of `body` between `--boundary` lines (the preamble and the epilogue are
/// dropped). A body without its closing delimiter gives the parts it has.
pub fn parts(body: &str, boundary: &str) -> Vec<Part> {
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    let mut rest = match body.find(&delimiter) {
        Some(at) => &body[at + delimiter.len()..],
        None => return out,
    };
    loop {
        if rest.starts_with("--") {
            break; // the close delimiter
        }
        // The rest of the delimiter line (transport padding), then the part.
        let Some((_, after)) = rest.split_once('\n') else {
            break;
        };
        let (part, next) = match after.find(&format!("\n{delimiter}")) {
            Some(end) => (&after[..end], Some(&after[end + 1 + delimiter.len()..])),
            None => (after, None),
        };
        out.push(read_part(part.strip_suffix('\r').unwrap_or(part)));
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    out
}

/// A part's headers, up to the empty line, and its body.
fn read_part(text: &str) -> Part {
    let (head, body) = match text
        .strip_prefix("\r\n")
        .or_else(|| text.strip_prefix('\n'))
    {
        Some(body) => ("", body), // no headers
        None => {
            let crlf = text.find("\r\n\r\n").map(|i| (i, 4));
            let lf = text.find("\n\n").map(|i| (i, 2));
            match [crlf, lf].into_iter().flatten().min() {
                Some((i, n)) => (&text[..i], &text[i + n..]),
                None => (text, ""), // headers only
            }
        }
    };
    let mut part = Part {
        content_type: String::new(),
        content_id: None,
        body: body.to_string(),
    };
    for line in head.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => {
                let kind = value.split(';').next().unwrap_or_default();
                part.content_type = kind.trim().to_ascii_lowercase();
            }
            "content-id" => {
                let id = value.trim_start_matches('<').trim_end_matches('>');
                part.content_id = Some(id.to_string());
            }
            _ => {}
        }
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boundary_comes_from_the_content_type_quoted_or_not() {
        let ct = "multipart/related;type=\"application/rlmi+xml\";boundary=\"b1 x\"";
        assert_eq!(boundary(ct).as_deref(), Some("b1 x"));
        assert_eq!(
            boundary("multipart/related; boundary=abc").as_deref(),
            Some("abc")
        );
        assert_eq!(boundary("application/dialog-info+xml; boundary=abc"), None);
        assert_eq!(boundary("multipart/related"), None);
        assert_eq!(
            boundary(&format!("multipart/mixed;boundary={}", "x".repeat(71))),
            None
        );
    }

    #[test]
    fn parts_are_split_with_their_headers_and_the_epilogue_dropped() {
        let body = "preamble\r\n--XX\r\nContent-Type: application/rlmi+xml;charset=\"UTF-8\"\r\n\
                    Content-ID: <a@h>\r\n\r\n<list/>\r\n--XX\r\nContent-Type: application/dialog-info+xml\r\n\
                    Content-ID: <b@h>\r\n\r\n<dialog-info>\r\n</dialog-info>\r\n--XX--\r\nepilogue";
        let p = parts(body, "XX");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].content_type, "application/rlmi+xml");
        assert_eq!(p[0].content_id.as_deref(), Some("a@h"));
        assert_eq!(p[0].body, "<list/>");
        assert_eq!(p[1].content_id.as_deref(), Some("b@h"));
        assert_eq!(p[1].body, "<dialog-info>\r\n</dialog-info>");
    }

    #[test]
    fn a_truncated_or_empty_body_gives_what_it_has_and_never_panics() {
        assert!(parts("", "XX").is_empty());
        assert!(parts("no delimiter at all", "XX").is_empty());
        let p = parts("--XX\r\nContent-Type: text/plain\r\n\r\nhalf", "XX");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].body, "half");
        for cut in 0..60 {
            let body = "--XX\r\nContent-ID: <a>\r\n\r\nbody\r\n--XX--";
            let _ = parts(&body[..cut.min(body.len())], "XX");
        }
        // A part with no headers.
        let p = parts("--XX\r\n\r\nbare\r\n--XX--", "XX");
        assert_eq!(p[0].body, "bare");
    }
}
