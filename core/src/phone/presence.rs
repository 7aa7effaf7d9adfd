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

/// The state a `dialog-info+xml` document describes (RFC 4235 §4): busy when a dialog is
/// confirmed or the extension is calling out, ringing when a call to it is early, idle when
/// every dialog has ended (or there is none). A NOTIFY without a body is idle too: the
/// server has no dialog to tell of (Kamailio sends one until the extension's first call).
/// `None` for a body that is not dialog-info.
pub fn blf_state(body: &str) -> Option<BlfState> {
    if body.trim().is_empty() {
        return Some(BlfState::Idle);
    }
    if !body.contains("dialog-info") {
        return None;
    }
    let mut ringing = false;
    let mut busy = false;
    // Each <dialog ...> element: its direction attribute and its <state> text.
    for part in body.split("<dialog").skip(1) {
        if part.starts_with('-') {
            continue; // <dialog-info ...>
        }
        let head = part.split('>').next().unwrap_or_default();
        let incoming =
            head.contains("direction=\"recipient\"") || head.contains("direction='recipient'");
        let state = part
            .split("<state")
            .nth(1)
            .and_then(|s| s.split_once('>'))
            .map(|(_, rest)| {
                rest.split('<')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        match state.as_str() {
            "confirmed" => busy = true,
            "early" | "proceeding" | "trying" if incoming => ringing = true,
            "early" | "proceeding" | "trying" => busy = true,
            _ => {}
        }
    }
    Some(if ringing {
        BlfState::Ringing
    } else if busy {
        BlfState::Busy
    } else {
        BlfState::Idle
    })
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
}
