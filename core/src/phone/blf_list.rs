//! BLF list (the Dinstar's BLFList key, Yealink's BLF List URI): one subscription to a
//! resource list the server keeps (RFC 4662, with `Supported: eventlist`) for the dialog
//! state of every extension on it. Each NOTIFY is `multipart/related`: an RLMI document
//! (RFC 4662 §5) naming the members, and a dialog-info part (RFC 4235) per member. The
//! members take the programmable keys after the configured ones, in the list's order, as
//! BLF keys of their own: their lamps show each member's state, and pressing one calls the
//! member (or picks up a call ringing there, as any BLF key does).

use super::dss::{DssKey, DssKind, DssSlot};
use super::presence::{attribute, dialog_info, element_text, BlfState, DialogInfo};
use super::Phone;
use crate::sip::multipart;
use crate::sip::subscription::SubRef;

/// One member of a resource list, as a NOTIFY tells of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The member's URI (`sip:bob@example.com`).
    pub uri: String,
    /// Its `<name>`, if the list gives one.
    pub name: Option<String>,
    /// Its dialog state, when the NOTIFY carries an active instance's document.
    pub info: Option<DialogInfo>,
}

/// What one list NOTIFY says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListState {
    /// The whole list (`fullState="true"`), or only the members that changed.
    pub full: bool,
    /// The members, in the list's order.
    pub members: Vec<Member>,
}

/// Read a list NOTIFY's body (`content_type` names the boundary); `None` when it is not an
/// RLMI multipart body.
pub fn list_state(content_type: &str, body: &str) -> Option<ListState> {
    let boundary = multipart::boundary(content_type)?;
    let parts = multipart::parts(body, &boundary);
    let rlmi = parts
        .iter()
        .find(|p| p.content_type == "application/rlmi+xml")?;
    // A truncated document is no list (it would read as a full state without members).
    let (_, after) = rlmi.body.split_once("<list")?;
    let (head, _) = after.split_once('>')?;
    if !head.ends_with('/') && !after.contains("</list>") {
        return None;
    }
    let full = attribute(head, "fullState").is_none_or(|f| f != "false");
    let members = (rlmi.body.split("<resource").skip(1))
        .filter_map(|r| {
            let resource = r.split("</resource>").next().unwrap_or(r);
            let uri = attribute(resource.split('>').next()?, "uri")?;
            let name = element_text(resource, "name")
                .filter(|n| !n.is_empty())
                .map(str::to_string);
            // The active instance's part (RFC 4662 §5.2: `cid` is its Content-ID).
            let info = (resource.split("<instance").skip(1))
                .filter_map(|i| {
                    let head = i.split('>').next()?;
                    (attribute(head, "state").as_deref() == Some("active"))
                        .then(|| attribute(head, "cid"))?
                })
                .find_map(|cid| parts.iter().find(|p| p.content_id.as_deref() == Some(&cid)))
                .and_then(|p| dialog_info(&p.body));
            Some(Member { uri, name, info })
        })
        .collect();
    Some(ListState { full, members })
}

impl Phone {
    /// A BLF list key's subscription: to the list URI, for RLMI and dialog-info.
    pub(super) fn subscribe_list(&mut self, key: &DssKey) -> SubRef {
        let ua = &mut self.lines[key.line];
        let target = ua.account().target_uri(&key.value);
        ua.subscribe_list(
            "dialog",
            "multipart/related, application/rlmi+xml, application/dialog-info+xml",
            &target,
        )
    }

    /// A list NOTIFY for the BLF list key at `list`: the members' keys follow it.
    pub(super) fn on_list_notify(&mut self, list: usize, state: ListState) {
        let Some(line) = self.dss.get(list).map(|s| s.key.line) else {
            return;
        };
        let domain = self
            .account(line)
            .map(|a| a.domain.clone())
            .unwrap_or_default();
        if state.full {
            self.dss.retain(|s| s.member_of != Some(list));
        }
        for m in state.members {
            let at = (self.dss.iter())
                .position(|s| s.member_of == Some(list) && s.member_uri.as_deref() == Some(&m.uri));
            let n = match at {
                Some(n) => n,
                None if self.dss.len() < self.dss_capacity() => {
                    // The member's extension on the line's own domain, else its whole URI.
                    let user = m.uri.trim_start_matches("sips:").trim_start_matches("sip:");
                    let value = match user.split_once('@') {
                        Some((u, host)) if host.eq_ignore_ascii_case(&domain) => u.to_string(),
                        _ => m.uri.clone(),
                    };
                    let label = m
                        .name
                        .clone()
                        .unwrap_or_else(|| value.split('@').next().unwrap_or(&value).to_string());
                    self.dss.push(DssSlot {
                        key: DssKey {
                            kind: DssKind::Blf,
                            value,
                            label,
                            line,
                        },
                        sub: None,
                        blf: BlfState::Unknown,
                        ringing: None,
                        member_of: Some(list),
                        member_uri: Some(m.uri.clone()),
                    });
                    self.dss.len() - 1
                }
                None => continue, // no free key left
            };
            if let Some(info) = m.info {
                self.dss[n].blf = info.state;
                self.dss[n].ringing = info.ringing;
            }
        }
        self.changed();
    }
}
