//! RFC 3261 §25.1 basic rules: tokens, quoted strings, separators with optional white
//! space, escapes, and generic parameters. Header values reach these functions unfolded
//! (RFC 3261 §7.3.1), so linear white space is only SP and HTAB here.

use std::fmt;

/// Why a piece of a header or URI does not match the grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError(pub String);

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Shorthand for an error result.
pub fn fail<T>(what: impl Into<String>) -> Result<T, SyntaxError> {
    Err(SyntaxError(what.into()))
}

/// `token` characters: alphanum and `-.!%*_+`'~`.
pub fn is_token_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-.!%*_+`'~".contains(&c)
}

/// A non-empty `token`.
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_char)
}

/// `word` characters (Call-ID): token characters and `()<>:\"/[]?{}`.
pub fn is_word_char(c: u8) -> bool {
    is_token_char(c) || b"()<>:\\\"/[]?{}".contains(&c)
}

/// SP or HTAB.
pub fn is_ws(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

/// `s` without leading white space.
pub fn skip_ws(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

/// The longest prefix of token characters and the rest.
pub fn take_token(s: &str) -> (&str, &str) {
    let end = s.bytes().position(|c| !is_token_char(c)).unwrap_or(s.len());
    s.split_at(end)
}

/// A `quoted-string` at the start of `s` (RFC 3261 §25.1): its content with quoted-pairs
/// resolved, and the rest after the closing quote.
pub fn quoted_string(s: &str) -> Result<(String, &str), SyntaxError> {
    let bytes = s.as_bytes();
    if bytes.first() != Some(&b'"') {
        return fail("expected a quoted string");
    }
    let mut out = Vec::new();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return Ok((String::from_utf8_lossy(&out).into_owned(), &s[i + 1..])),
            b'\\' if i + 1 < bytes.len() => {
                out.push(bytes[i + 1]);
                i += 2;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    fail("unterminated quoted string")
}

/// Split a header value into its comma-separated elements (RFC 3261 §7.3.1), ignoring
/// commas inside quoted strings and `<...>`. Elements are trimmed; empty ones are kept so
/// that a caller can refuse them.
pub fn split_commas(v: &str) -> Vec<&str> {
    let bytes = v.as_bytes();
    let mut out = Vec::new();
    let (mut quoted, mut angle, mut start, mut i) = (false, false, 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quoted => i += 1,
            b'"' => quoted = !quoted,
            b'<' if !quoted => angle = true,
            b'>' if !quoted => angle = false,
            b',' if !quoted && !angle => {
                out.push(v[start..i].trim_matches([' ', '\t']));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(v[start..].trim_matches([' ', '\t']));
    out
}

/// Decode `%HH` escapes (RFC 3261 §19.1.2); a `%` not followed by two hex digits stays.
pub fn unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// One `generic-param`: a name and an optional value (quotes removed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// The name as received.
    pub name: String,
    /// The value, if `=` was given.
    pub value: Option<String>,
}

/// Parameters: `*( SEMI generic-param )` (RFC 3261 §25.1), where `s` is empty or starts
/// (after white space) with `;`. An empty parameter (`;;`) is an error.
pub fn params(mut s: &str) -> Result<Vec<Param>, SyntaxError> {
    let mut out = Vec::new();
    loop {
        s = skip_ws(s);
        if s.is_empty() {
            return Ok(out);
        }
        let Some(rest) = s.strip_prefix(';') else {
            return fail(format!(
                "unexpected '{}' where a ';' parameter was expected",
                first_char(s)
            ));
        };
        let (name, rest) = take_token(skip_ws(rest));
        if name.is_empty() {
            return fail("empty parameter");
        }
        let rest = skip_ws(rest);
        let (value, rest) = match rest.strip_prefix('=') {
            Some(v) => {
                let v = skip_ws(v);
                if v.starts_with('"') {
                    let (q, r) = quoted_string(v)?;
                    (Some(q), r)
                } else {
                    // token or host (IPv6 references use `[]:`)
                    let end = v
                        .bytes()
                        .position(|c| !(is_token_char(c) || b"[]:".contains(&c)))
                        .unwrap_or(v.len());
                    if end == 0 {
                        return fail(format!("parameter {name} has an empty value"));
                    }
                    (Some(v[..end].to_string()), &v[end..])
                }
            }
            None => (None, rest),
        };
        out.push(Param {
            name: name.to_string(),
            value,
        });
        s = rest;
    }
}

/// The value of parameter `name` (case-insensitive) in a list; `Some("")` when it has none.
pub fn param<'a>(list: &'a [Param], name: &str) -> Option<&'a str> {
    list.iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
        .map(|p| p.value.as_deref().unwrap_or(""))
}

/// The first character of `s`, for error messages.
pub fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings_resolve_quoted_pairs_and_refuse_an_open_end() {
        assert_eq!(
            quoted_string(r#""J Rosenberg \\\"" <x>"#).unwrap(),
            ("J Rosenberg \\\"".to_string(), " <x>")
        );
        assert!(quoted_string("\"Mr. J. User <sip:j@x>").is_err());
    }

    #[test]
    fn parameters_allow_white_space_and_refuse_empty_ones() {
        let p = params(" ; newparam =   newvalue ;  secondparam ; q = 0.33").unwrap();
        assert_eq!(param(&p, "NEWPARAM"), Some("newvalue"));
        assert_eq!(param(&p, "secondparam"), Some(""));
        assert_eq!(param(&p, "q"), Some("0.33"));
        assert!(params(";;;").is_err());
        assert!(params(";a=").is_err());
    }

    #[test]
    fn commas_inside_quotes_and_brackets_do_not_split() {
        assert_eq!(
            split_commas(r#""a, b" <sip:x,y>, <sip:z>"#),
            vec![r#""a, b" <sip:x,y>"#, "<sip:z>"]
        );
        assert_eq!(split_commas("a,,b"), vec!["a", "", "b"]);
    }

    #[test]
    fn escapes_decode_including_nul() {
        assert_eq!(unescape("null-%00-null"), b"null-\0-null");
        assert_eq!(unescape("100%"), b"100%");
        assert_eq!(unescape("%6C%72"), b"lr");
    }
}
