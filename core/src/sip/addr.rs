//! Addresses in From, To, Contact, Route and Record-Route (RFC 3261 §20.10, §25):
//! `name-addr` (`"Bob" <sip:bob@host>`) or `addr-spec` (`sip:bob@host`), then parameters.

use super::syntax::{fail, is_token, param, params, quoted_string, skip_ws, Param, SyntaxError};
use super::uri::Uri;

/// One address with its header parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameAddr {
    /// The display name (quotes and quoted-pairs resolved).
    pub display: Option<String>,
    /// The URI as received.
    pub uri_text: String,
    /// The URI, parsed.
    pub uri: Uri,
    /// Header parameters after the address (`;tag=...`, `;expires=...`).
    pub params: Vec<Param>,
}

impl NameAddr {
    /// Parse one address. In `addr-spec` form the URI may not contain `;`, `?` or `,`
    /// (RFC 3261 §20.10: such URIs must be enclosed in `<>`).
    pub fn parse(s: &str) -> Result<NameAddr, SyntaxError> {
        let s = skip_ws(s).trim_end_matches([' ', '\t']);
        if s.is_empty() {
            return fail("empty address");
        }
        let (display, rest) = if s.starts_with('"') {
            let (name, rest) = quoted_string(s)?;
            let rest = skip_ws(rest);
            if !rest.starts_with('<') {
                return fail("a quoted display name must be followed by <URI>");
            }
            (Some(name), rest)
        } else if let Some(lt) = s.find('<') {
            let name = s[..lt].trim_matches([' ', '\t']);
            if !name
                .split([' ', '\t'])
                .filter(|w| !w.is_empty())
                .all(is_token)
            {
                return fail(format!(
                    "display name {name:?} must be tokens or a quoted string"
                ));
            }
            ((!name.is_empty()).then(|| name.to_string()), &s[lt..])
        } else {
            // addr-spec: the URI ends at the first ';' or white space.
            let end = s.find([';', ' ', '\t']).unwrap_or(s.len());
            let text = &s[..end];
            if text.contains(['?', ',']) {
                return fail(format!(
                    "{text}: a URI with '?' or ',' must be enclosed in <>"
                ));
            }
            let uri = Uri::parse(text)?;
            return Ok(NameAddr {
                display: None,
                uri_text: text.to_string(),
                uri,
                params: params(&s[end..])?,
            });
        };
        let inner = &rest[1..];
        let Some(gt) = inner.find('>') else {
            return fail("'<' without '>'");
        };
        let text = &inner[..gt];
        let uri = Uri::parse(text)?;
        Ok(NameAddr {
            display,
            uri_text: text.to_string(),
            uri,
            params: params(&inner[gt + 1..])?,
        })
    }

    /// A header parameter's value (`Some("")` for one without a value).
    pub fn param(&self, name: &str) -> Option<&str> {
        param(&self.params, name)
    }

    /// The `tag` parameter, when it has a value.
    pub fn tag(&self) -> Option<&str> {
        self.param("tag").filter(|t| !t.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_and_token_display_names_with_parameters() {
        let a = NameAddr::parse(
            r#""J Rosenberg \\\""       <sip:jdrosen@example.com> ;  tag = 98asjd8"#,
        )
        .unwrap();
        assert_eq!(a.display.as_deref(), Some("J Rosenberg \\\""));
        assert_eq!(a.uri_text, "sip:jdrosen@example.com");
        assert_eq!(a.tag(), Some("98asjd8"));
        let a = NameAddr::parse("token1~` token2'+_ <sip:mundane@example.com>;tag=_x").unwrap();
        assert_eq!(a.display.as_deref(), Some("token1~` token2'+_"));
        let a = NameAddr::parse("Bob<sip:bob@host>").unwrap();
        assert_eq!(a.display.as_deref(), Some("Bob"));
    }

    #[test]
    fn addr_spec_takes_parameters_outside_the_uri() {
        let a =
            NameAddr::parse("sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n").unwrap();
        assert_eq!(a.uri_text, "sip:vivekg@chair-dnrc.example.com");
        assert_eq!(a.tag(), Some("1918181833n"));
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "\"Mr. J. User <sip:j.user@example.com>", // RFC 4475 §3.1.2.6
            "Bell, Alexander <sip:a.g.bell@example.com>", // §3.1.2.15
            "\"Watson\" < sip:t.watson@example.org >", // §3.1.2.14
            "sip:user@example.com?Route=%3Csip:sip.example.com%3E", // §3.1.2.13
            "\"Joe\" <sip:joe@example.org>;;;;",
            "<sip:a@b",
        ] {
            assert!(NameAddr::parse(bad).is_err(), "{bad}");
        }
    }
}
