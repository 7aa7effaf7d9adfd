//! What the phone learns by subscription: message waiting (RFC 3842 message summaries) for
//! the Message lamp and the idle screen, and the state of watched extensions (the dialog
//! event package, RFC 4235) for the BLF keys.

use serde::Serialize;

/// Voicemail waiting on a line, from a `application/simple-message-summary` body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MessageSummary {
    /// `Messages-Waiting: yes`.
    pub waiting: bool,
    /// New voice messages.
    pub new: u32,
    /// Old (heard) voice messages.
    pub old: u32,
}

impl MessageSummary {
    /// Read a message summary (RFC 3842 §5.2); `None` without a Messages-Waiting line.
    pub fn parse(body: &str) -> Option<MessageSummary> {
        let mut summary = None::<MessageSummary>;
        for line in body.lines() {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "messages-waiting" => {
                    summary.get_or_insert_with(MessageSummary::default).waiting =
                        value.eq_ignore_ascii_case("yes");
                }
                "voice-message" => {
                    // `new/old (urgent-new/urgent-old)`
                    let counts = value.split_whitespace().next().unwrap_or_default();
                    let (new, old) = counts.split_once('/').unwrap_or((counts, "0"));
                    let s = summary.get_or_insert_with(MessageSummary::default);
                    s.new = new.trim().parse().unwrap_or(0);
                    s.old = old.trim().parse().unwrap_or(0);
                }
                _ => {}
            }
        }
        summary
    }
}

/// A watched extension, as its BLF lamp shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlfState {
    /// Nothing known yet (no NOTIFY).
    #[default]
    Unknown,
    /// No call.
    Idle,
    /// A call rings there.
    Ringing,
    /// In a call (or calling out).
    Busy,
}

/// A call ringing at a watched extension, as the dialog event package names it (RFC 4235
/// §4.1: the `call-id`, `local-tag` and `remote-tag` attributes, seen from the watched
/// extension, and the caller in `<remote>`): enough to take the call over with an INVITE
/// carrying Replaces to the caller (directed call pickup, RFC 3891 §3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RingingDialog {
    /// The dialog's Call-ID.
    pub call_id: String,
    /// The watched extension's tag.
    pub callee_tag: String,
    /// The caller's tag.
    pub caller_tag: String,
    /// The caller: `<remote><identity>`, else `<remote><target uri>`.
    pub caller: String,
}

impl RingingDialog {
    /// The Replaces value the caller matches (RFC 3891 §3: its own tag is the `to-tag`),
    /// for an early dialog only.
    pub fn replaces(&self) -> String {
        format!(
            "{};to-tag={};from-tag={};early-only",
            self.call_id, self.caller_tag, self.callee_tag
        )
    }
}

/// What a `dialog-info+xml` document says of a watched extension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialogInfo {
    /// What its BLF lamp shows.
    pub state: BlfState,
    /// The call ringing there, when the document names it fully.
    pub ringing: Option<RingingDialog>,
}

/// The value of attribute `name` in an element's head (`id="a" call-id='b'`).
pub(super) fn attribute(head: &str, name: &str) -> Option<String> {
    let mut rest = head;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().last();
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if before.is_some_and(|c| !c.is_whitespace()) {
            continue; // `remote-tag` when looking for `tag`
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let body = &value[1..];
        return body.find(quote).map(|end| body[..end].to_string());
    }
    None
}

/// The text of the first `<tag ...>text</tag>` in `xml`; an element whose name only
/// starts with `tag` (`<agentStateUnavailableCode>` for `agentState`) is passed over.
pub(super) fn element_text<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}");
    let mut rest = xml;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        if after.starts_with(['>', ' ', '\t', '\r', '\n', '/']) {
            if after.starts_with('/') {
                return Some(""); // `<tag/>`
            }
            let (_, text) = after.split_once('>')?;
            return Some(text.split('<').next().unwrap_or_default().trim());
        }
        rest = after;
    }
    None
}

/// The caller's URI in a dialog's `<remote>`: its identity (its address of record, which
/// the proxy routes), else its target (a contact, which a browser's is not reachable as).
fn remote_uri(dialog: &str) -> Option<String> {
    let remote = dialog.split("<remote").nth(1)?.split("</remote>").next()?;
    let target = || {
        remote
            .split("<target")
            .nth(1)
            .and_then(|t| attribute(t.split('>').next()?, "uri"))
    };
    (element_text(remote, "identity").map(str::to_string))
        .filter(|u| !u.is_empty())
        .or_else(target)
        .filter(|u| !u.is_empty())
}

/// Read a `dialog-info+xml` document (RFC 4235 §4): busy when a dialog is confirmed or the
/// extension is calling out, ringing when a call to it is early, idle when every dialog has
/// ended (or there is none). A NOTIFY without a body is idle too: the server has no dialog
/// to tell of (Kamailio sends one until the extension's first call). `None` for a body that
/// is not dialog-info.
pub fn dialog_info(body: &str) -> Option<DialogInfo> {
    if body.trim().is_empty() {
        return Some(DialogInfo {
            state: BlfState::Idle,
            ringing: None,
        });
    }
    if !body.contains("dialog-info") {
        return None;
    }
    let mut ringing = None::<Option<RingingDialog>>;
    let mut busy = false;
    // Each <dialog ...> element: its attributes and its <state> text.
    for part in body.split("<dialog").skip(1) {
        if part.starts_with('-') {
            continue; // <dialog-info ...>
        }
        let head = part.split('>').next().unwrap_or_default();
        let dialog = part.split("</dialog>").next().unwrap_or_default();
        let incoming = attribute(head, "direction").as_deref() == Some("recipient");
        let state = element_text(dialog, "state")
            .unwrap_or_default()
            .to_ascii_lowercase();
        match state.as_str() {
            "confirmed" => busy = true,
            "early" | "proceeding" | "trying" if incoming => {
                let named = (|| {
                    Some(RingingDialog {
                        call_id: attribute(head, "call-id").filter(|c| !c.is_empty())?,
                        // RFC 3891's grammar needs both tags: without the callee's there is
                        // nothing to name (the pickup code is the way then).
                        callee_tag: attribute(head, "local-tag").filter(|t| !t.is_empty())?,
                        caller_tag: attribute(head, "remote-tag").filter(|t| !t.is_empty())?,
                        caller: remote_uri(dialog)?,
                    })
                })();
                // The first ringing call is the one a pickup takes.
                ringing = Some(ringing.flatten().or(named));
            }
            "early" | "proceeding" | "trying" => busy = true,
            _ => {}
        }
    }
    Some(match ringing {
        Some(call) => DialogInfo {
            state: BlfState::Ringing,
            ringing: call,
        },
        None => DialogInfo {
            state: if busy { BlfState::Busy } else { BlfState::Idle },
            ringing: None,
        },
    })
}

/// The state a `dialog-info+xml` document gives the BLF lamp ([`dialog_info`]).
pub fn blf_state(body: &str) -> Option<BlfState> {
    dialog_info(body).map(|i| i.state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_summaries_give_waiting_and_counts() {
        let s = MessageSummary::parse(
            "Messages-Waiting: yes\r\nMessage-Account: sip:vm@example.com\r\nVoice-Message: 2/8 (0/2)\r\n",
        )
        .unwrap();
        assert_eq!(
            s,
            MessageSummary {
                waiting: true,
                new: 2,
                old: 8
            }
        );
        assert_eq!(
            MessageSummary::parse("Messages-Waiting: no\r\n").unwrap(),
            MessageSummary::default()
        );
        assert_eq!(MessageSummary::parse("hello"), None);
    }

    fn info(dialogs: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"1\" \
             state=\"full\" entity=\"sip:bob@example.com\">{dialogs}</dialog-info>"
        )
    }

    #[test]
    fn dialog_info_gives_idle_ringing_or_busy() {
        assert_eq!(blf_state(&info("")), Some(BlfState::Idle));
        assert_eq!(
            blf_state(&info(
                "<dialog id=\"a\" direction=\"recipient\"><state>early</state></dialog>"
            )),
            Some(BlfState::Ringing)
        );
        assert_eq!(
            blf_state(&info(
                "<dialog id=\"a\" direction=\"initiator\"><state>early</state></dialog>"
            )),
            Some(BlfState::Busy),
            "calling out"
        );
        assert_eq!(
            blf_state(&info(
                "<dialog id=\"a\"><state event=\"x\">confirmed</state></dialog>"
            )),
            Some(BlfState::Busy)
        );
        assert_eq!(
            blf_state(&info("<dialog id=\"a\"><state>terminated</state></dialog>")),
            Some(BlfState::Idle)
        );
        assert_eq!(blf_state("Messages-Waiting: yes"), None);
        assert_eq!(blf_state(""), Some(BlfState::Idle), "no dialog to tell of");
    }

    #[test]
    fn a_ringing_dialog_names_the_call_a_pickup_replaces() {
        // What Kamailio's pua_dialoginfo sends with include_callid and include_tags.
        let body = info(
            "<dialog id=\"x1\" call-id=\"abc@h\" local-tag=\"bobtag\" remote-tag=\"alicetag\" \
             direction=\"recipient\"><state>early</state><remote><identity>sip:alice@example.com</identity>\
             <target uri=\"sip:alice@10.0.0.1\"/></remote><local><identity>sip:bob@example.com</identity></local>\
             </dialog>",
        );
        let i = dialog_info(&body).unwrap();
        assert_eq!(i.state, BlfState::Ringing);
        let r = i.ringing.unwrap();
        assert_eq!(r.caller, "sip:alice@example.com", "the address of record");
        assert_eq!(
            r.replaces(),
            "abc@h;to-tag=alicetag;from-tag=bobtag;early-only"
        );

        // Without an identity the target is the caller; without both tags there is nothing
        // to replace (the pickup code is the way then).
        let body = info(
            "<dialog id='x' call-id='c' local-tag='b' remote-tag='t' direction='recipient'>\
             <state>early</state><remote><target uri='sip:alice@10.0.0.1'/></remote></dialog>",
        );
        let r = dialog_info(&body).unwrap().ringing.unwrap();
        assert_eq!(r.caller, "sip:alice@10.0.0.1");
        let untagged = body.replace("local-tag='b' ", "");
        assert_eq!(dialog_info(&untagged).unwrap().ringing, None);
        let bare = info("<dialog id='x' direction='recipient'><state>early</state></dialog>");
        assert_eq!(dialog_info(&bare).unwrap().ringing, None);
        assert_eq!(dialog_info(&bare).unwrap().state, BlfState::Ringing);
    }
}
