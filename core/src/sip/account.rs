//! One SIP account (a "line" of the phone): identity, credentials, server and transport.

use super::transaction::{Reliability, Timers};

/// The transport a driver carries SIP over (RFC 3261 §18, RFC 7118 for WebSocket).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// SIP over WebSocket (RFC 7118).
    Ws,
    /// SIP over secure WebSocket (RFC 7118).
    Wss,
    /// UDP.
    Udp,
    /// TCP.
    Tcp,
    /// TLS over TCP.
    Tls,
}

impl Transport {
    /// How the transaction layer treats this transport.
    pub fn reliability(self) -> Reliability {
        if self.is_reliable() {
            Reliability::Reliable
        } else {
            Reliability::Unreliable
        }
    }

    /// The Via transport token (RFC 3261 §20.42, RFC 7118 §5.2).
    pub fn via_token(self) -> &'static str {
        match self {
            Transport::Ws => "WS",
            Transport::Wss => "WSS",
            Transport::Udp => "UDP",
            Transport::Tcp => "TCP",
            Transport::Tls => "TLS",
        }
    }

    /// The `transport=` URI parameter value.
    pub fn uri_param(self) -> &'static str {
        match self {
            Transport::Ws => "ws",
            Transport::Wss => "wss",
            Transport::Udp => "udp",
            Transport::Tcp => "tcp",
            Transport::Tls => "tls",
        }
    }

    /// Reliable transports get no retransmissions (RFC 3261 §17.1.1.2).
    pub fn is_reliable(self) -> bool {
        !matches!(self, Transport::Udp)
    }
}

/// An account's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// User part of the address of record, also the authentication name by default.
    pub user: String,
    /// Authentication name, when it differs from `user`.
    pub auth_user: Option<String>,
    /// Digest password.
    pub password: String,
    /// SIP domain (host part of the address of record).
    pub domain: String,
    /// Name shown to the called party.
    pub display_name: Option<String>,
    /// Label on the phone's screen for this line.
    pub label: String,
    /// Registration expiry asked for, in seconds (the manuals' default is 3600).
    pub expires: u32,
    /// The transport the driver uses.
    pub transport: Transport,
    /// Transaction timer base values T1/T2/T4 (RFC 3261 §17.1.1.1).
    pub timers: Timers,
    /// Status sent when the user rejects a call (the manuals' default: 486 Busy Here).
    pub reject_code: u16,
    /// Where the caller's identity is read from, in order of preference.
    pub caller_id: CallerIdSource,
    /// Hide our identity on outgoing calls (RFC 3323 Privacy: id, RFC 3325).
    pub anonymous: bool,
    /// How keypad digits are sent during a call.
    pub dtmf: DtmfMode,
    /// Seconds between CRLF keep-alives on the flow to the server (0 = off).
    pub keepalive_secs: u32,
    /// Offer reliable provisional responses and acknowledge them with PRACK (RFC 3262).
    pub prack: bool,
    /// Hold the RFC 2543 way as well: the hold offer's connection address is `0.0.0.0`
    /// (RFC 3264 §8.4 allows it for old peers); off by default, `sendonly` alone.
    pub hold_with_zero_address: bool,
    /// Session timer interval in seconds (RFC 4028); `None` leaves session timers off.
    pub session_expires: Option<u32>,
    /// A second call while busy rings as a waiting call (on) or gets 486 Busy Here (off).
    pub call_waiting: bool,
    /// Subscribe to our own message summary (RFC 3842) for the Message lamp (the CP860's
    /// `account.X.subscribe_mwi`, off by default).
    pub subscribe_mwi: bool,
    /// The number the Message key dials (the voicemail access code).
    pub voicemail: Option<String>,
    /// The server's directed pickup code (AudioCodes `voip/services/call_pickup/access_code`,
    /// Yealink `account.X.direct_pickup_code`): a BLF key of a ringing extension dials it
    /// with the extension. Without one the phone takes the call over itself, with Replaces.
    pub pickup_code: Option<String>,
    /// Answer every call by itself (the manuals' Auto Answer, off by default).
    pub auto_answer: bool,
    /// Answer intercom calls by themselves (the CP860's `features.intercom.allow`, on).
    pub allow_intercom: bool,
    /// How many servers the driver can reach for this account, the primary first (the
    /// phones' "backup server"); the core decides when to switch, the driver how.
    pub servers: usize,
    /// While registered on a backup, try the primary again after this many seconds.
    pub failback_secs: u32,
    /// Outbound proxy URI put as a preloaded Route on requests outside dialogs (RFC 3261
    /// §8.1.2), e.g. `sip:proxy.example.com;lr`.
    pub outbound_proxy: Option<String>,
}

/// Where the identity of a caller is taken from (the phones' "Caller ID header" setting).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallerIdSource {
    /// P-Asserted-Identity (RFC 3325), then Remote-Party-ID, then From.
    PaiRpidFrom,
    /// Remote-Party-ID, then P-Asserted-Identity, then From.
    RpidPaiFrom,
    /// From only.
    From,
}

/// How DTMF digits are sent during a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DtmfMode {
    /// RTP telephone-events (RFC 4733), the default.
    Rfc4733,
    /// SIP INFO with `application/dtmf-relay`.
    Info,
    /// Both.
    Both,
    /// As tones in the call's audio (Q.23 frequency pairs), as a telephone line carries them.
    Inband,
}

impl Account {
    /// An account on `domain` with the default settings.
    pub fn new(user: &str, password: &str, domain: &str, transport: Transport) -> Account {
        Account {
            user: user.into(),
            auth_user: None,
            password: password.into(),
            domain: domain.into(),
            display_name: None,
            timers: Timers::default(),
            reject_code: 486,
            caller_id: CallerIdSource::PaiRpidFrom,
            anonymous: false,
            dtmf: DtmfMode::Rfc4733,
            keepalive_secs: 30,
            prack: false,
            hold_with_zero_address: false,
            session_expires: None,
            call_waiting: true,
            subscribe_mwi: false,
            voicemail: None,
            pickup_code: None,
            auto_answer: false,
            allow_intercom: true,
            servers: 1,
            failback_secs: 300,
            outbound_proxy: None,
            label: user.into(),
            expires: 3600,
            transport,
        }
    }

    /// The address of record, `sip:user@domain`.
    pub fn aor(&self) -> String {
        format!("sip:{}@{}", self.user, self.domain)
    }

    /// The name used in digest answers.
    pub fn auth_name(&self) -> &str {
        self.auth_user.as_deref().unwrap_or(&self.user)
    }

    /// The From value for new requests (without tag).
    pub fn from_addr(&self) -> String {
        match &self.display_name {
            Some(n) => format!("\"{}\" <{}>", n.replace('"', ""), self.aor()),
            None => format!("<{}>", self.aor()),
        }
    }

    /// The option tags this account supports in requests it receives (RFC 3261 §8.2.2.3):
    /// `100rel` with PRACK on (RFC 3262), `timer` with session timers on (RFC 4028).
    pub fn option_tags(&self) -> Vec<&'static str> {
        // RFC 3891 §3: INVITEs with Replaces are understood.
        let mut tags = vec!["replaces"];
        if self.prack {
            tags.push("100rel");
        }
        if self.session_expires.is_some() {
            tags.push("timer");
        }
        tags
    }

    /// Turn what the user dialled into a request URI: digits and names become
    /// `sip:<dialled>@domain`; a full SIP URI is used as it is.
    pub fn target_uri(&self, dialled: &str) -> String {
        let d = dialled.trim();
        if d.starts_with("sip:") || d.starts_with("sips:") {
            d.to_string()
        } else if d.contains('@') {
            format!("sip:{d}")
        } else {
            format!("sip:{d}@{}", self.domain)
        }
    }
}
