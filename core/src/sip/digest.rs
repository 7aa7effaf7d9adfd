//! HTTP Digest authentication for SIP (RFC 3261 §22.4, RFC 2617 §3.2): answering a
//! `WWW-Authenticate` (401) or `Proxy-Authenticate` (407) challenge.
//!
//! Algorithms MD5 and SHA-256 (RFC 8760), each also in its `-sess` form, `qop=auth` with
//! nonce counting, and stale nonces. When a server offers several challenges, the
//! strongest one we support is answered (RFC 8760 §2.4).

use md5::{Digest, Md5};
use sha2::Sha256;

/// A digest algorithm (RFC 8760 §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Algorithm {
    /// MD5 (the default when a challenge names none).
    Md5,
    /// SHA-256.
    Sha256,
}

impl Algorithm {
    fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Sha256 => "SHA-256",
        }
    }

    fn hex(self, s: &str) -> String {
        let bytes: Vec<u8> = match self {
            Algorithm::Md5 => Md5::digest(s.as_bytes()).to_vec(),
            Algorithm::Sha256 => Sha256::digest(s.as_bytes()).to_vec(),
        };
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A parsed digest challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// Protection realm.
    pub realm: String,
    /// Server nonce.
    pub nonce: String,
    /// Opaque value to echo back.
    pub opaque: Option<String>,
    /// True when the server offers `qop=auth`.
    pub qop_auth: bool,
    /// True when the previous nonce was stale (RFC 2617 §3.2.1): retry without asking the user.
    pub stale: bool,
    /// The hash algorithm.
    pub algorithm: Algorithm,
    /// The `-sess` variant (HA1 computed once per nonce with the client nonce).
    pub session: bool,
}

/// Why a challenge cannot be answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DigestError {
    /// Not a `Digest` challenge.
    NotDigest,
    /// A parameter the answer needs is missing.
    Missing(&'static str),
    /// An algorithm this phone does not implement.
    Algorithm(String),
}

impl Challenge {
    /// Parse the value of a `WWW-Authenticate` or `Proxy-Authenticate` header.
    pub fn parse(value: &str) -> Result<Challenge, DigestError> {
        let value = value.trim();
        let (scheme, rest) = value
            .split_once(char::is_whitespace)
            .ok_or(DigestError::NotDigest)?;
        if !scheme.eq_ignore_ascii_case("digest") {
            return Err(DigestError::NotDigest);
        }
        let params = auth_params(rest);
        let get = |k: &str| {
            params
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        };
        let alg = get("algorithm").unwrap_or_else(|| "MD5".into());
        let (base, session) = match alg.to_ascii_uppercase().strip_suffix("-SESS") {
            Some(b) => (b.to_string(), true),
            None => (alg.to_ascii_uppercase(), false),
        };
        let algorithm = match base.as_str() {
            "MD5" => Algorithm::Md5,
            "SHA-256" => Algorithm::Sha256,
            _ => return Err(DigestError::Algorithm(alg)),
        };
        Ok(Challenge {
            algorithm,
            session,
            realm: get("realm").ok_or(DigestError::Missing("realm"))?,
            nonce: get("nonce").ok_or(DigestError::Missing("nonce"))?,
            opaque: get("opaque"),
            qop_auth: get("qop")
                .is_some_and(|q| q.split(',').any(|q| q.trim().eq_ignore_ascii_case("auth"))),
            stale: get("stale").is_some_and(|s| s.eq_ignore_ascii_case("true")),
        })
    }

    /// The strongest challenge we can answer among several header values (RFC 8760 §2.4:
    /// a server lists its preferred algorithm first; we take SHA-256 over MD5).
    pub fn best<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Challenge, DigestError> {
        let mut best: Option<Challenge> = None;
        let mut last_err = DigestError::NotDigest;
        for v in values {
            match Challenge::parse(v) {
                Ok(c) => {
                    if best.as_ref().is_none_or(|b| c.algorithm > b.algorithm) {
                        best = Some(c);
                    }
                }
                Err(e) => last_err = e,
            }
        }
        best.ok_or(last_err)
    }

    /// The header that carries the answer: `Proxy-Authorization` to a proxy's 407
    /// challenge, `Authorization` to a server's 401 (RFC 3261 §22.2, §22.3).
    pub fn header_name(proxy: bool) -> &'static str {
        if proxy {
            "Proxy-Authorization"
        } else {
            "Authorization"
        }
    }

    /// The `Authorization`/`Proxy-Authorization` value for a request (RFC 2617 §3.2.2).
    /// `nc` is the nonce count (1 for the first use of this nonce), `cnonce` a fresh client nonce.
    pub fn answer(
        &self,
        user: &str,
        password: &str,
        method: &str,
        uri: &str,
        nc: u32,
        cnonce: &str,
    ) -> String {
        let h = |s: &str| self.algorithm.hex(s);
        let mut ha1 = h(&format!("{user}:{}:{password}", self.realm));
        if self.session {
            ha1 = h(&format!("{ha1}:{}:{cnonce}", self.nonce));
        }
        let ha2 = h(&format!("{method}:{uri}"));
        let alg = format!(
            "{}{}",
            self.algorithm.name(),
            if self.session { "-sess" } else { "" }
        );
        let mut out = format!(
            "Digest username=\"{user}\", realm=\"{}\", nonce=\"{}\", uri=\"{uri}\", algorithm={alg}",
            self.realm, self.nonce
        );
        let response = if self.qop_auth || self.session {
            let nc = format!("{nc:08x}");
            out.push_str(&format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\""));
            h(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", self.nonce))
        } else {
            h(&format!("{ha1}:{}:{ha2}", self.nonce))
        };
        out.push_str(&format!(", response=\"{response}\""));
        if let Some(o) = &self.opaque {
            out.push_str(&format!(", opaque=\"{o}\""));
        }
        out
    }
}

/// `name=value, name="quoted, value"` pairs.
fn auth_params(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let Some((name, after)) = rest.split_once('=') else {
            break;
        };
        let after = after.trim_start();
        let (value, next) = if let Some(q) = after.strip_prefix('"') {
            match q.find('"') {
                Some(end) => (&q[..end], &q[end + 1..]),
                None => (q, ""),
            }
        } else {
            match after.find(',') {
                Some(end) => (&after[..end], &after[end..]),
                None => (after, ""),
            }
        };
        out.push((name.trim().to_string(), value.to_string()));
        rest = next.trim_start().trim_start_matches(',').trim_start();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2617_example_response_is_reproduced() {
        // RFC 2617 §3.5 (HTTP example, same algorithm).
        let c = Challenge::parse(
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", \
             nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
        )
        .unwrap();
        let a = c.answer(
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            1,
            "0a4f113b",
        );
        assert!(
            a.contains("response=\"6629fae49393a05397450978507c4ef1\""),
            "{a}"
        );
        assert!(a.contains("nc=00000001"));
    }

    /// RFC 7616 §3.9.1 (the same digest computation as RFC 8760 for SIP).
    const RFC7616: &str = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", \
        nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

    #[test]
    fn rfc7616_sha256_and_md5_examples_are_reproduced() {
        let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        let sha = Challenge::parse(&format!("{RFC7616}, algorithm=SHA-256")).unwrap();
        let a = sha.answer(
            "Mufasa",
            "Circle of Life",
            "GET",
            "/dir/index.html",
            1,
            cnonce,
        );
        assert!(
            a.contains(
                "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\""
            ),
            "{a}"
        );
        assert!(a.contains("algorithm=SHA-256"));
        let md5 = Challenge::parse(&format!("{RFC7616}, algorithm=MD5")).unwrap();
        let a = md5.answer(
            "Mufasa",
            "Circle of Life",
            "GET",
            "/dir/index.html",
            1,
            cnonce,
        );
        assert!(
            a.contains("response=\"8ca523f5e9506fed4657c9700eebdbec\""),
            "{a}"
        );
    }

    #[test]
    fn the_strongest_offered_challenge_is_answered() {
        let md5 = format!("{RFC7616}, algorithm=MD5");
        let sha = format!("{RFC7616}, algorithm=SHA-256");
        let unknown = format!("{RFC7616}, algorithm=SHA-512-256");
        assert_eq!(
            Challenge::best([md5.as_str(), sha.as_str(), unknown.as_str()])
                .unwrap()
                .algorithm,
            Algorithm::Sha256
        );
        assert_eq!(
            Challenge::best([unknown.as_str(), md5.as_str()])
                .unwrap()
                .algorithm,
            Algorithm::Md5
        );
        assert!(Challenge::best([unknown.as_str()]).is_err());
        let sess = Challenge::parse(&format!("{RFC7616}, algorithm=SHA-256-sess")).unwrap();
        assert!(sess.session && sess.algorithm == Algorithm::Sha256);
    }

    #[test]
    fn stale_and_unknown_algorithms_are_reported() {
        let c = Challenge::parse("Digest realm=\"r\", nonce=\"n\", stale=TRUE").unwrap();
        assert!(c.stale && !c.qop_auth);
        assert_eq!(
            Challenge::parse("Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5"),
            Err(DigestError::Algorithm("AKAv1-MD5".into()))
        );
        assert_eq!(
            Challenge::parse("Basic realm=\"r\""),
            Err(DigestError::NotDigest)
        );
    }
}
