//! The Via header (RFC 3261 §20.42, §25): `SIP / 2.0 / transport sent-by *(;param)`, with
//! white space allowed around the slashes, and the parameters used for response routing
//! (branch, received, rport: RFC 3581).

use super::syntax::{
    fail, first_char, is_ws, param, params, skip_ws, take_token, Param, SyntaxError,
};
use super::uri::split_hostport;

/// One Via header value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Via {
    /// The transport (`UDP`, `TCP`, `TLS`, `WS`, `WSS`, or any token), upper case.
    pub transport: String,
    /// The sent-by host.
    pub host: String,
    /// The sent-by port, if given.
    pub port: Option<u16>,
    /// Parameters.
    pub params: Vec<Param>,
}

impl Via {
    /// Parse one Via value.
    pub fn parse(s: &str) -> Result<Via, SyntaxError> {
        let (name, rest) = take_token(skip_ws(s));
        let (version, rest) = take_token(slash(rest)?);
        let (transport, rest) = take_token(slash(rest)?);
        if name.is_empty() || version.is_empty() || transport.is_empty() {
            return fail("Via: incomplete sent-protocol");
        }
        if !(name.eq_ignore_ascii_case("SIP") && version == "2.0") {
            return fail(format!("Via: unsupported protocol {name}/{version}"));
        }
        if !rest.bytes().next().is_some_and(is_ws) {
            return fail("Via: expected white space before sent-by");
        }
        let rest = skip_ws(rest);
        let end = rest.find([';', ' ', '\t']).unwrap_or(rest.len());
        // sent-by = host [ COLON port ], with optional white space around the colon
        let mut hostport = rest[..end].to_string();
        let mut rest = &rest[end..];
        if skip_ws(rest).starts_with(':') || hostport.ends_with(':') {
            let after = skip_ws(skip_ws(rest).trim_start_matches(':'));
            let pe = after.find([';', ' ', '\t']).unwrap_or(after.len());
            if !hostport.ends_with(':') {
                hostport.push(':');
            }
            hostport.push_str(&after[..pe]);
            rest = &after[pe..];
        }
        let (host, port) = split_hostport(&hostport)?;
        Ok(Via {
            transport: transport.to_ascii_uppercase(),
            host: host.to_string(),
            port,
            params: params(rest)?,
        })
    }

    /// A parameter's value (`Some("")` for one without a value).
    pub fn param(&self, name: &str) -> Option<&str> {
        param(&self.params, name)
    }

    /// The branch parameter (RFC 3261 §8.1.1.7).
    pub fn branch(&self) -> Option<&str> {
        self.param("branch").filter(|b| !b.is_empty())
    }
}

/// `SLASH = SWS "/" SWS`.
fn slash(s: &str) -> Result<&str, SyntaxError> {
    match skip_ws(s).strip_prefix('/') {
        Some(r) => Ok(skip_ws(r)),
        None => fail(format!(
            "Via: expected '/' before '{}'",
            first_char(skip_ws(s))
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_around_slashes_and_parameters() {
        let v = Via::parse("SIP  /   2.0  /UDP    192.0.2.2;branch=390skdjuw").unwrap();
        assert_eq!(
            (v.transport.as_str(), v.host.as_str(), v.port),
            ("UDP", "192.0.2.2", None)
        );
        assert_eq!(v.branch(), Some("390skdjuw"));
        let v =
            Via::parse("SIP  / 2.0  / TCP     spindle.example.com   ;  branch  =   z9hG4bK9ikj8")
                .unwrap();
        assert_eq!(
            (v.transport.as_str(), v.host.as_str()),
            ("TCP", "spindle.example.com")
        );
        assert_eq!(v.branch(), Some("z9hG4bK9ikj8"));
        let v = Via::parse("SIP/2.0/WS df7jal23ls0d.invalid;rport;branch=z9hG4bKnashds7").unwrap();
        assert_eq!((v.transport.as_str(), v.param("rport")), ("WS", Some("")));
        let v = Via::parse("SIP/2.0/UDP 192.0.2.59:5050;branch=z").unwrap();
        assert_eq!(v.port, Some(5050));
    }

    #[test]
    fn malformed_vias_are_refused() {
        for bad in [
            "SIP/2.0/UDP 192.0.2.15;;,;,,",
            "SIP/2.0 192.0.2.1",
            "SIP/3.0/UDP h",
            "SIP/2.0/UDP",
            "SIP/2.0/UDP h:99999",
        ] {
            assert!(Via::parse(bad).is_err(), "{bad}");
        }
    }
}
