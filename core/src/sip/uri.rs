//! URIs (RFC 3261 §19.1, §25): SIP and SIPS URIs taken apart, any other scheme kept as an
//! opaque `absoluteURI` (RFC 3986 scheme syntax).

use super::syntax::{fail, params, Param, SyntaxError};

/// A parsed URI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Uri {
    /// `sip:` or `sips:`.
    Sip(SipUri),
    /// Any other scheme, kept whole (for example `tel:`, `isbn:`, `http:`).
    Other {
        /// The scheme, lower case.
        scheme: String,
        /// The whole URI as received.
        text: String,
    },
}

/// A SIP or SIPS URI (RFC 3261 §19.1.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SipUri {
    /// `sips:` rather than `sip:`.
    pub secure: bool,
    /// The user part as received (still escaped), if any.
    pub user: Option<String>,
    /// The password as received, if any.
    pub password: Option<String>,
    /// Host name, IPv4 address or bracketed IPv6 reference.
    pub host: String,
    /// Port, if given.
    pub port: Option<u16>,
    /// URI parameters (`;transport=ws;lr`).
    pub params: Vec<Param>,
    /// The raw `?headers` part, if any.
    pub headers: Option<String>,
}

impl Uri {
    /// Parse a URI with no surrounding white space or brackets.
    pub fn parse(s: &str) -> Result<Uri, SyntaxError> {
        let Some((scheme, rest)) = s.split_once(':') else {
            return fail(format!("{s}: not a URI (no scheme)"));
        };
        let valid_scheme = scheme
            .bytes()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c));
        if !valid_scheme {
            return fail(format!("{s}: bad URI scheme"));
        }
        if s.bytes()
            .any(|c| c <= b' ' || c == 0x7f || c == b'<' || c == b'>' || c == b'"')
        {
            return fail(format!("{s}: white space or a delimiter inside a URI"));
        }
        let lower = scheme.to_ascii_lowercase();
        if lower != "sip" && lower != "sips" {
            if rest.is_empty() {
                return fail(format!("{s}: empty URI"));
            }
            return Ok(Uri::Other {
                scheme: lower,
                text: s.to_string(),
            });
        }
        Ok(Uri::Sip(SipUri::parse_after_scheme(lower == "sips", rest)?))
    }

    /// The SIP URI, if this is one.
    pub fn sip(&self) -> Option<&SipUri> {
        match self {
            Uri::Sip(u) => Some(u),
            Uri::Other { .. } => None,
        }
    }
}

impl SipUri {
    fn parse_after_scheme(secure: bool, rest: &str) -> Result<SipUri, SyntaxError> {
        // userinfo cannot contain an unescaped '@', so the first '@' ends it; the user part
        // may contain ';', '?', ',' and '/' (RFC 3261 §25: user-unreserved).
        let (userinfo, hostpart) = match rest.find('@') {
            Some(i) => (Some(&rest[..i]), &rest[i + 1..]),
            None => (None, rest),
        };
        let (user, password) = match userinfo {
            None => (None, None),
            Some("") => return fail("empty user part before '@'"),
            Some(u) => match u.split_once(':') {
                Some((user, pw)) => (Some(user.to_string()), Some(pw.to_string())),
                None => (Some(u.to_string()), None),
            },
        };
        let (hostport, headers) = match hostpart.split_once('?') {
            Some((h, q)) => (h, Some(q.to_string())),
            None => (hostpart, None),
        };
        let (hostport, params) = match hostport.find(';') {
            Some(i) => (&hostport[..i], params(&hostport[i..])?),
            None => (hostport, Vec::new()),
        };
        let (host, port) = split_hostport(hostport)?;
        Ok(SipUri {
            secure,
            user,
            password,
            host: host.to_string(),
            port,
            params,
            headers,
        })
    }

    /// A URI parameter's value (`Some("")` for a parameter without a value).
    pub fn param(&self, name: &str) -> Option<&str> {
        super::syntax::param(&self.params, name)
    }
}

/// `host [ ":" port ]` (RFC 3261 §25): a host name, an IPv4 address or `[IPv6]`.
pub fn split_hostport(s: &str) -> Result<(&str, Option<u16>), SyntaxError> {
    let (host, port) = if s.starts_with('[') {
        let Some(end) = s.find(']') else {
            return fail(format!("{s}: unclosed IPv6 reference"));
        };
        let rest = &s[end + 1..];
        let port = match rest.strip_prefix(':') {
            Some(p) => Some(p),
            None if rest.is_empty() => None,
            None => return fail(format!("{s}: text after the IPv6 reference")),
        };
        if !s[1..end]
            .bytes()
            .all(|c| c.is_ascii_hexdigit() || c == b':' || c == b'.')
        {
            return fail(format!("{s}: bad IPv6 reference"));
        }
        (&s[..=end], port)
    } else {
        match s.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (s, None),
        }
    };
    if !host.starts_with('[')
        && (host.is_empty()
            || !host
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.'))
    {
        return fail(format!("{s}: bad host"));
    }
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|c| c.is_ascii_digit()) => Some(
            p.parse::<u16>()
                .map_err(|_| super::syntax::SyntaxError(format!("{s}: port out of range")))?,
        ),
        Some(_) => return fail(format!("{s}: bad port")),
    };
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sip_uri_parts_including_an_unusual_user_part() {
        let u = Uri::parse("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com").unwrap();
        let s = u.sip().unwrap();
        assert_eq!(
            s.user.as_deref(),
            Some("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*")
        );
        assert_eq!(s.host, "example.com");
        let u = Uri::parse("sips:alice@[2001:db8::1]:5061;transport=tls;lr").unwrap();
        let s = u.sip().unwrap();
        assert!(s.secure);
        assert_eq!((s.host.as_str(), s.port), ("[2001:db8::1]", Some(5061)));
        assert_eq!(s.param("lr"), Some(""));
    }

    #[test]
    fn other_schemes_are_kept_opaque() {
        assert_eq!(
            Uri::parse("isbn:2983792873").unwrap(),
            Uri::Other {
                scheme: "isbn".into(),
                text: "isbn:2983792873".into()
            }
        );
    }

    #[test]
    fn white_space_brackets_and_bad_ports_are_refused() {
        for bad in [
            "sip:user@example.com lr",
            "<sip:a@b>",
            "sip:a@b:99999",
            "sip:a@",
            "nocolon",
            "sip:a@b;;x",
        ] {
            assert!(Uri::parse(bad).is_err(), "{bad}");
        }
    }
}
