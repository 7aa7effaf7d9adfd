//! Programmable keys (the DSS keys of the SayHi and its expansion modules, the GHP's MPKs,
//! the AudioCodes function keys): each has a type, a value and a label, as the manuals' key
//! tables give them, and the types that watch something (BLF) hold a subscription.

use serde::{Deserialize, Serialize};

use super::presence::{BlfState, RingingDialog};
use crate::sip::subscription::SubRef;

/// What a programmable key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DssKind {
    /// Dial the value.
    SpeedDial,
    /// Watch the value's extension (its lamp) and dial it.
    Blf,
    /// Do not disturb on or off (its lamp shows it).
    Dnd,
    /// Dial the last number again.
    Redial,
    /// Call back the last caller.
    CallReturn,
    /// Call the voicemail (the line's voicemail number).
    Voicemail,
    /// Hold or take back the call.
    Hold,
    /// Transfer the call; with a value, straight to it (one-touch transfer).
    Transfer,
    /// Lock the keypad (Yealink key type 50).
    KeypadLock,
    /// Forward every call to the value, on or off (its lamp shows it).
    Forward,
    /// Call the value as an intercom call: it answers by itself (Yealink key type 14).
    Intercom,
    /// Call park in transfer mode (Dinstar §3.13.1): the value is the park code and
    /// extension; in a call the call is transferred there, with none it is dialled (the
    /// server's retrieve).
    Park,
    /// Directed pickup (Dinstar §3.14.1): dial the value, the server's pickup code with the
    /// extension; with digits keyed, the code and those digits (Yealink's DPickup).
    Pickup,
    /// Group pickup (Dinstar §3.14.2): dial the value, the group pickup code.
    GroupPickup,
    /// Join the calls in a conference (the Conference key).
    Conference,
    /// A line key for line number `value` (1-based): its calls, or a new call from it.
    Line,
    /// Key in the value's digits, as if typed (a prefix before the number, Yealink type 9).
    Prefix,
    /// Send the value's digits as DTMF in the call (the Dinstar's DTMF key type).
    Dtmf,
    /// Ask the server to record the call, or to stop (Dinstar §3.20: SIP INFO `Record:`);
    /// its lamp flashes while the call is recorded.
    Record,
    /// Clear every account so that the next user signs in (Dinstar §3.18).
    HotDesking,
    /// Watch a resource list (the value names it, RFC 4662): its members take the keys
    /// after the configured ones, as BLF keys.
    BlfList,
    /// Log in to the call distributor, then choose Ready, Not ready, Wrap-up or Log out
    /// (Dinstar §3.24); its lamp shows the agent's state.
    Acd,
    /// Open the value's page in the XML browser (Dinstar §3.19): menus, text, directories.
    XmlBrowser,
    /// The remote phonebooks: the value's (1 to 5), or the Directory listing them all.
    XmlPhonebook,
}

impl DssKind {
    /// Every kind, in the order the admin page offers them.
    pub const ALL: [DssKind; 24] = [
        DssKind::Line,
        DssKind::SpeedDial,
        DssKind::Blf,
        DssKind::BlfList,
        DssKind::Dnd,
        DssKind::Forward,
        DssKind::Redial,
        DssKind::CallReturn,
        DssKind::Voicemail,
        DssKind::Hold,
        DssKind::Transfer,
        DssKind::Conference,
        DssKind::Intercom,
        DssKind::Park,
        DssKind::Pickup,
        DssKind::GroupPickup,
        DssKind::Prefix,
        DssKind::Dtmf,
        DssKind::Record,
        DssKind::KeypadLock,
        DssKind::HotDesking,
        DssKind::Acd,
        DssKind::XmlBrowser,
        DssKind::XmlPhonebook,
    ];

    /// The name a key list writes it with (`speed`, `blf`, ...): [`DssKind::named`] reads
    /// it back.
    pub fn name(self) -> &'static str {
        match self {
            DssKind::SpeedDial => "speed",
            DssKind::Blf => "blf",
            DssKind::Dnd => "dnd",
            DssKind::Redial => "redial",
            DssKind::CallReturn => "call-return",
            DssKind::Voicemail => "voicemail",
            DssKind::Hold => "hold",
            DssKind::Transfer => "transfer",
            DssKind::KeypadLock => "keypad-lock",
            DssKind::Forward => "forward",
            DssKind::Intercom => "intercom",
            DssKind::Park => "park",
            DssKind::Pickup => "pickup",
            DssKind::GroupPickup => "group-pickup",
            DssKind::Conference => "conference",
            DssKind::Line => "line",
            DssKind::Prefix => "prefix",
            DssKind::Dtmf => "dtmf",
            DssKind::Record => "record",
            DssKind::HotDesking => "hot-desking",
            DssKind::BlfList => "blf-list",
            DssKind::Acd => "acd",
            DssKind::XmlBrowser => "xml-browser",
            DssKind::XmlPhonebook => "xml-phonebook",
        }
    }

    /// The kind a key list names (`speed`, `speed-dial`, `blf`, `dnd`, ...).
    pub fn named(name: &str) -> Option<DssKind> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "speed" | "speed-dial" | "speeddial" => DssKind::SpeedDial,
            "blf" => DssKind::Blf,
            "dnd" => DssKind::Dnd,
            "redial" => DssKind::Redial,
            "call-return" | "callreturn" => DssKind::CallReturn,
            "voicemail" | "vm" => DssKind::Voicemail,
            "hold" => DssKind::Hold,
            "transfer" => DssKind::Transfer,
            "keypad-lock" | "lock" => DssKind::KeypadLock,
            "forward" | "fwd" => DssKind::Forward,
            "intercom" => DssKind::Intercom,
            "park" | "call-park" => DssKind::Park,
            "pickup" | "directed-pickup" => DssKind::Pickup,
            "group-pickup" | "gpickup" => DssKind::GroupPickup,
            "conference" | "conf" => DssKind::Conference,
            "line" => DssKind::Line,
            "prefix" => DssKind::Prefix,
            "dtmf" => DssKind::Dtmf,
            "record" | "rec" => DssKind::Record,
            "hot-desking" | "hotdesking" | "hot-desk" => DssKind::HotDesking,
            "blf-list" | "blflist" => DssKind::BlfList,
            "acd" => DssKind::Acd,
            "xml-browser" | "xmlbrowser" | "xml" | "url" => DssKind::XmlBrowser,
            "xml-phonebook" | "xmlphonebook" | "remote-phonebook" => DssKind::XmlPhonebook,
            _ => return None,
        })
    }

    /// The label a key of this kind shows when none is given.
    pub fn default_label(self) -> &'static str {
        match self {
            DssKind::SpeedDial => "Speed dial",
            DssKind::Blf => "BLF",
            DssKind::Dnd => "DND",
            DssKind::Redial => "Redial",
            DssKind::CallReturn => "Call return",
            DssKind::Voicemail => "Voicemail",
            DssKind::Hold => "Hold",
            DssKind::Transfer => "Transfer",
            DssKind::KeypadLock => "Lock",
            DssKind::Forward => "Forward",
            DssKind::Intercom => "Intercom",
            DssKind::Park => "Park",
            DssKind::Pickup => "Pickup",
            DssKind::GroupPickup => "Group pickup",
            DssKind::Conference => "Conference",
            DssKind::Line => "Line",
            DssKind::Prefix => "Prefix",
            DssKind::Dtmf => "DTMF",
            DssKind::Record => "Record",
            DssKind::HotDesking => "Hot desk",
            DssKind::BlfList => "BLF list",
            DssKind::Acd => "ACD",
            DssKind::XmlBrowser => "XML browser",
            DssKind::XmlPhonebook => "Remote book",
        }
    }

    /// Whether the kind needs a value (a number).
    pub fn needs_value(self) -> bool {
        matches!(
            self,
            DssKind::SpeedDial
                | DssKind::Blf
                | DssKind::Forward
                | DssKind::Intercom
                | DssKind::Park
                | DssKind::Pickup
                | DssKind::GroupPickup
                | DssKind::Line
                | DssKind::Prefix
                | DssKind::Dtmf
                | DssKind::BlfList
                | DssKind::XmlBrowser
        )
    }
}

/// One programmable key's setting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DssKey {
    /// The type.
    pub kind: DssKind,
    /// The number (speed dial, BLF, transfer target).
    pub value: String,
    /// What the key shows.
    pub label: String,
    /// The line (0-based) whose account it uses.
    pub line: usize,
}

impl DssKey {
    /// Read `kind[:value[:label]]` (`blf:1002:Bob`); the error says what is wrong.
    pub fn parse(text: &str) -> Result<DssKey, String> {
        // An XML browser key's value is a URL, colons and all: its label is what follows
        // a last colon that is not part of the URL (a port, a path).
        if let Some(rest) = text.split_once(':').and_then(|(name, rest)| {
            (DssKind::named(name) == Some(DssKind::XmlBrowser)).then_some(rest)
        }) {
            let (url, label) = match rest.rsplit_once(':') {
                Some((url, label))
                    if url.contains("://")
                        && !label.contains('/')
                        && !label.starts_with("//")
                        && !label.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    (url.trim(), label.trim())
                }
                _ => (rest.trim(), ""),
            };
            if url.is_empty() {
                return Err(format!("{text:?}: an XML browser key needs a URL"));
            }
            return Ok(DssKey {
                kind: DssKind::XmlBrowser,
                value: url.to_string(),
                label: if label.is_empty() {
                    DssKind::XmlBrowser.default_label().to_string()
                } else {
                    label.to_string()
                },
                line: 0,
            });
        }
        let mut parts = text.splitn(3, ':');
        let name = parts.next().unwrap_or_default();
        let kind = DssKind::named(name).ok_or_else(|| {
            format!(
                "{text:?}: {name:?} is not a key type (speed, blf, dnd, redial, call-return, \
                 voicemail, hold, transfer, keypad-lock, forward, intercom, park, pickup, \
                 group-pickup, conference, line, prefix, dtmf, record, hot-desking, blf-list, \
                 acd, xml-browser, xml-phonebook)"
            )
        })?;
        let value = parts.next().unwrap_or_default().trim().to_string();
        if kind.needs_value() && value.is_empty() {
            return Err(format!("{text:?}: a {name} key needs a number"));
        }
        let digits = |v: &str| {
            v.chars()
                .all(|c| c.is_ascii_digit() || c == '*' || c == '#')
        };
        match kind {
            DssKind::Line if !matches!(value.parse::<usize>(), Ok(1..=16)) => {
                return Err(format!("{text:?}: a line key's value is a line, 1 to 16"));
            }
            DssKind::Prefix | DssKind::Dtmf if !digits(&value) => {
                return Err(format!("{text:?}: a {name} key's value is digits, * and #"));
            }
            _ => {}
        }
        let label = match parts.next().map(str::trim).filter(|l| !l.is_empty()) {
            Some(l) => l.to_string(),
            None if !value.is_empty() => value.clone(),
            None => kind.default_label().to_string(),
        };
        Ok(DssKey {
            kind,
            value,
            label,
            line: 0,
        })
    }
}

/// A key on the phone: its setting, and for BLF its subscription and what it last heard.
#[derive(Clone, Debug)]
pub(super) struct DssSlot {
    pub key: DssKey,
    pub sub: Option<SubRef>,
    pub blf: BlfState,
    /// The call ringing at a BLF key's extension, as its last NOTIFY named it.
    pub ringing: Option<RingingDialog>,
    /// A member of the BLF list key at this index (not configured: the list's NOTIFYs put
    /// it here).
    pub member_of: Option<usize>,
    /// That member's URI in the list.
    pub member_uri: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for k in DssKind::ALL {
            assert_eq!(DssKind::named(k.name()), Some(k));
        }
    }

    #[test]
    fn an_xml_browser_key_keeps_its_url_whole() {
        let k = DssKey::parse("xml:http://10.0.0.5:8001/a/menu.xml?x=1:Services").unwrap();
        assert_eq!(
            (k.value.as_str(), k.label.as_str()),
            ("http://10.0.0.5:8001/a/menu.xml?x=1", "Services")
        );
        let k = DssKey::parse("xml:http://10.0.0.5:8001").unwrap();
        assert_eq!(
            (k.value.as_str(), k.label.as_str()),
            ("http://10.0.0.5:8001", "XML browser")
        );
        let k = DssKey::parse("xml:http://h/menu.xml").unwrap();
        assert_eq!(k.value, "http://h/menu.xml");
        assert!(DssKey::parse("xml:").is_err());
    }

    #[test]
    fn key_lists_read_type_value_and_label() {
        let k = DssKey::parse("blf:1002:Bob").unwrap();
        assert_eq!(
            (k.kind, k.value.as_str(), k.label.as_str()),
            (DssKind::Blf, "1002", "Bob")
        );
        let k = DssKey::parse("speed:1003").unwrap();
        assert_eq!(
            k.label, "1003",
            "the number is the label when none is given"
        );
        assert_eq!(DssKey::parse("dnd").unwrap().label, "DND");
        assert!(DssKey::parse("blf").unwrap_err().contains("needs a number"));
        assert!(DssKey::parse("teleport:1")
            .unwrap_err()
            .contains("not a key type"));
    }
}
