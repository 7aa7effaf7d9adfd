//! Registration of one account (RFC 3261 §10): REGISTER with digest authentication,
//! refresh before expiry, 423 Interval Too Brief, and retry after a failure.

use super::builder::Builder;
use super::digest::Challenge;
use super::message::{header_param, Message};
use super::ua::Local;
use crate::time::{Duration, Instant};

/// What the phone shows for a line's registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistrationState {
    /// Not registered and not trying (no server configured, or un-registered).
    Unregistered,
    /// A REGISTER is on its way.
    Registering,
    /// The registrar accepted the binding until `expires_at`.
    Registered {
        /// When the binding runs out at the registrar.
        expires_at: Instant,
    },
    /// The registrar refused, or did not answer; `reason` says which server answered what.
    Failed {
        /// A sentence a person can act on.
        reason: String,
    },
}

/// Wait before trying again after a failure.
const RETRY_AFTER: Duration = Duration::secs(30);

/// The registration client of one account.
#[derive(Debug)]
pub struct Registration {
    state: RegistrationState,
    call_id: String,
    cseq: u32,
    pending_branch: Option<String>,
    challenge: Option<(Challenge, bool)>,
    nonce_count: u32,
    auth_failures: u32,
    expires: u32,
    refresh_at: Option<Instant>,
    outbound: bool,
    no_answer: bool,
}

impl Registration {
    /// A registration client; `call_id` stays the same for every refresh (RFC 3261 §10.2.4).
    pub fn new(call_id: String, expires: u32) -> Registration {
        Registration {
            state: RegistrationState::Unregistered,
            call_id,
            cseq: 0,
            pending_branch: None,
            challenge: None,
            nonce_count: 0,
            auth_failures: 0,
            expires,
            refresh_at: None,
            outbound: false,
            no_answer: false,
        }
    }

    /// The current state.
    pub fn state(&self) -> &RegistrationState {
        &self.state
    }

    /// True when the last failure was that the server did not answer at all (a reason to
    /// try a backup server), not a refusal.
    pub fn failed_without_answer(&self) -> bool {
        matches!(self.state, RegistrationState::Failed { .. }) && self.no_answer
    }

    /// True when the registrar supports RFC 5626 outbound (it answers keep-alives).
    pub fn outbound(&self) -> bool {
        self.outbound
    }

    /// The Call-ID used for REGISTER requests.
    pub fn call_id(&self) -> &str {
        &self.call_id
    }

    /// Send a REGISTER now (first registration, refresh, or after the transport came back).
    pub fn register(&mut self, local: &mut Local, now: Instant) -> Vec<u8> {
        self.auth_failures = 0;
        self.state = RegistrationState::Registering;
        self.send(local, now, self.expires)
    }

    /// Remove the binding (expires=0).
    pub fn unregister(&mut self, local: &mut Local, now: Instant) -> Vec<u8> {
        self.state = RegistrationState::Unregistered;
        self.refresh_at = None;
        self.send(local, now, 0)
    }

    fn send(&mut self, local: &mut Local, now: Instant, expires: u32) -> Vec<u8> {
        self.cseq += 1;
        let branch = local.ids.branch();
        let account = &local.account;
        let registrar = format!("sip:{}", account.domain);
        let mut b = Builder::request("REGISTER", &registrar)
            .header("Via", &local.via(&branch))
            .header("Max-Forwards", "70")
            .header(
                "From",
                &format!("{};tag={}", account.from_addr(), local.ids.tag()),
            )
            .header("To", &account.from_addr())
            .header("Call-ID", &self.call_id)
            .header("CSeq", &format!("{} REGISTER", self.cseq))
            // RFC 5626 §4.2.1: instance and reg-id make the binding a flow the registrar can
            // replace instead of adding stale contacts after a reconnect.
            .header(
                "Contact",
                &format!(
                    "<{};ob>;expires={expires};+sip.instance=\"{}\";reg-id=1",
                    local.contact, local.instance
                ),
            )
            .header("Supported", "path, outbound")
            .header("Expires", &expires.to_string())
            .header("Allow", super::ua::ALLOW)
            .header("User-Agent", super::ua::USER_AGENT);
        // RFC 3261 §8.1.2: the outbound proxy as a preloaded loose route.
        if let Some(proxy) = &local.account.outbound_proxy {
            b = b.header("Route", &format!("<{proxy}>"));
        }
        if let Some((challenge, proxy)) = &self.challenge {
            self.nonce_count += 1;
            let cnonce = local.ids.token(12);
            let value = challenge.answer(
                account.auth_name(),
                &account.password,
                "REGISTER",
                &registrar,
                self.nonce_count,
                &cnonce,
            );
            b = b.header(Challenge::header_name(*proxy), &value);
        }
        self.pending_branch = Some(branch);
        self.refresh_at = None;
        // The Request-URI is built from our own configuration: a bad domain is a configuration
        // error, reported as a failed registration instead of a panic.
        match b.build() {
            Ok(bytes) => bytes,
            Err(e) => {
                self.fail(format!("bad registrar address: {}", e.0), now);
                Vec::new()
            }
        }
    }

    /// True when `msg` answers our pending REGISTER.
    pub fn matches(&self, msg: &Message) -> bool {
        msg.call_id() == Some(self.call_id.as_str())
            && self.pending_branch.is_some()
            && msg.top_branch() == self.pending_branch
    }

    /// Handle a response to our REGISTER; may return a new REGISTER to send.
    pub fn on_response(
        &mut self,
        msg: &Message,
        local: &mut Local,
        now: Instant,
    ) -> Option<Vec<u8>> {
        let code = msg.status()?;
        if code < 200 {
            return None;
        }
        self.pending_branch = None;
        let unregistering = self.state == RegistrationState::Unregistered;
        match code {
            200..=299 => {
                if unregistering {
                    return None;
                }
                self.auth_failures = 0;
                // RFC 5626 §4.2.1: the registrar does outbound when it requires it in the 200.
                self.outbound = msg
                    .values("require")
                    .flat_map(super::syntax::split_commas)
                    .any(|t| t.eq_ignore_ascii_case("outbound"));
                let granted = granted_expires(msg, &local.contact).unwrap_or(self.expires);
                self.state = RegistrationState::Registered {
                    expires_at: now + Duration::secs(granted.into()),
                };
                // Refresh at 85 % of the granted time, at least 5 s ahead of the expiry.
                let refresh =
                    (u64::from(granted) * 850).min(u64::from(granted).saturating_sub(5) * 1000);
                self.refresh_at = Some(now + Duration(refresh.max(1000)));
                None
            }
            401 | 407 => {
                let header = if code == 401 {
                    "www-authenticate"
                } else {
                    "proxy-authenticate"
                };
                let parsed = msg
                    .header(header)
                    .map(|_| Challenge::best(msg.values(header)));
                match parsed {
                    Some(Ok(c)) => {
                        let stale = c.stale;
                        self.auth_failures += 1;
                        if self.auth_failures > 1 && !stale {
                            self.fail(
                                format!(
                                    "{} refused the credentials of {} ({code})",
                                    local.account.domain,
                                    local.account.auth_name()
                                ),
                                now,
                            );
                            return None;
                        }
                        self.challenge = Some((c, code == 407));
                        self.nonce_count = 0;
                        let expires = if unregistering { 0 } else { self.expires };
                        Some(self.send(local, now, expires))
                    }
                    Some(Err(e)) => {
                        self.fail(
                            format!(
                                "{} sent a challenge this phone cannot answer: {e:?}",
                                local.account.domain
                            ),
                            now,
                        );
                        None
                    }
                    None => {
                        self.fail(
                            format!(
                                "{} answered {code} without a challenge",
                                local.account.domain
                            ),
                            now,
                        );
                        None
                    }
                }
            }
            423 => {
                // RFC 3261 §10.2.8: retry with the Min-Expires the registrar asks for.
                let min = msg
                    .header("min-expires")
                    .and_then(|v| v.trim().parse::<u32>().ok());
                match min {
                    Some(min) if min > self.expires && !unregistering => {
                        self.expires = min;
                        Some(self.send(local, now, min))
                    }
                    _ => {
                        self.fail(
                            format!(
                                "{} answered 423 without a usable Min-Expires",
                                local.account.domain
                            ),
                            now,
                        );
                        None
                    }
                }
            }
            // 408: our transaction's Timer F fired (RFC 3261 §8.1.3.1, §17.1.2.2), or a
            // proxy's did; either way nobody answered.
            408 => {
                if !unregistering {
                    self.fail(format!("{} did not answer", local.account.domain), now);
                    self.no_answer = true;
                }
                None
            }
            _ => {
                if !unregistering {
                    self.fail(format!("{} answered {code}", local.account.domain), now);
                }
                None
            }
        }
    }

    fn fail(&mut self, reason: String, now: Instant) {
        self.no_answer = false;
        self.state = RegistrationState::Failed { reason };
        self.pending_branch = None;
        self.refresh_at = Some(now + RETRY_AFTER);
    }

    /// The next instant this registration needs [`Registration::on_timeout`].
    pub fn next_timeout(&self) -> Option<Instant> {
        self.refresh_at
    }

    /// Handle a timer: a refresh or retry that is due. (A REGISTER left unanswered is its
    /// transaction's Timer F, which answers it with a 408.)
    pub fn on_timeout(&mut self, local: &mut Local, now: Instant) -> Option<Vec<u8>> {
        if self.refresh_at.is_some_and(|r| now >= r) {
            self.auth_failures = 0;
            if !matches!(self.state, RegistrationState::Registered { .. }) {
                self.state = RegistrationState::Registering;
            }
            return Some(self.send(local, now, self.expires));
        }
        None
    }

    /// The transport was lost: the binding is in doubt until the next REGISTER is answered.
    pub fn transport_lost(&mut self) {
        if self.state != RegistrationState::Unregistered {
            self.state = RegistrationState::Registering;
        }
        self.pending_branch = None;
        self.refresh_at = None;
    }
}

/// The expiry the registrar granted to our Contact (RFC 3261 §10.2.4): the `expires`
/// parameter of our binding in the 200, else the Expires header.
fn granted_expires(msg: &Message, our_contact: &str) -> Option<u32> {
    let ours = msg
        .header_list("contact")
        .into_iter()
        .find(|c| {
            super::message::addr_uri(c)
                .contains(our_contact.split(';').next().unwrap_or(our_contact))
        })
        .or_else(|| msg.header_list("contact").into_iter().next());
    ours.and_then(|c| header_param(&c, "expires"))
        .and_then(|e| e.parse().ok())
        .or_else(|| msg.header("expires").and_then(|e| e.trim().parse().ok()))
}
