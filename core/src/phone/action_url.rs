//! Action URLs (CP860 guide, "Action URL"; `spec/seeds-yealink.md` §2.10): on an event the
//! phone sends an HTTP GET to the URL configured for it (`action_url.incoming_call =
//! http://crm/hook?from=$remote`), its `$variables` filled in. The driver sends it and
//! forgets it ([`super::Output::ActionUrl`]).
//!
//! Events are found by comparing what the phone is after each input with what it was
//! before ([`Snapshot`]): a line newly registered, a call that appeared, was answered or
//! went, DND or a forward switched, the microphone muted, a missed call logged. The events
//! of the guide that need more than the phone shows (`ip_change`, the transfer outcomes)
//! are not sent.
//!
//! Variables: `$mac` (the device id), `$ip`, `$model`, `$firmware`; for a call's events
//! `$local`, `$remote`, `$display_local`, `$display_remote`, `$call_id` and the account's
//! `$active_url`, `$active_user`, `$active_host` (the account of the line otherwise). A
//! value is percent-encoded where a URL could not hold it.

use std::collections::BTreeMap;

use crate::phone::view::LineStatus;
use crate::sip::call::CallRef;

/// An event an action URL can be set for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Event {
    SetupCompleted,
    Registered,
    Unregistered,
    RegisterFailed,
    OffHook,
    OnHook,
    IncomingCall,
    OutgoingCall,
    CallEstablished,
    CallTerminated,
    DndOn,
    DndOff,
    AlwaysFwdOn,
    AlwaysFwdOff,
    BusyFwdOn,
    BusyFwdOff,
    NoAnswerFwdOn,
    NoAnswerFwdOff,
    Hold,
    Unhold,
    Mute,
    Unmute,
    MissedCall,
    RejectIncomingCall,
    IdleToBusy,
    BusyToIdle,
}

impl Event {
    /// Every event, in the guide's order.
    pub const ALL: [Event; 26] = [
        Event::SetupCompleted,
        Event::Registered,
        Event::Unregistered,
        Event::RegisterFailed,
        Event::OffHook,
        Event::OnHook,
        Event::IncomingCall,
        Event::OutgoingCall,
        Event::CallEstablished,
        Event::CallTerminated,
        Event::DndOn,
        Event::DndOff,
        Event::AlwaysFwdOn,
        Event::AlwaysFwdOff,
        Event::BusyFwdOn,
        Event::BusyFwdOff,
        Event::NoAnswerFwdOn,
        Event::NoAnswerFwdOff,
        Event::Hold,
        Event::Unhold,
        Event::Mute,
        Event::Unmute,
        Event::MissedCall,
        Event::RejectIncomingCall,
        Event::IdleToBusy,
        Event::BusyToIdle,
    ];

    /// The guide's name for it: the parameter is `action_url.NAME`.
    pub fn name(self) -> &'static str {
        match self {
            Event::SetupCompleted => "setup_completed",
            Event::Registered => "registered",
            Event::Unregistered => "unregistered",
            Event::RegisterFailed => "register_failed",
            Event::OffHook => "off_hook",
            Event::OnHook => "on_hook",
            Event::IncomingCall => "incoming_call",
            Event::OutgoingCall => "outgoing_call",
            Event::CallEstablished => "call_established",
            Event::CallTerminated => "call_terminated",
            Event::DndOn => "dnd_on",
            Event::DndOff => "dnd_off",
            Event::AlwaysFwdOn => "always_fwd_on",
            Event::AlwaysFwdOff => "always_fwd_off",
            Event::BusyFwdOn => "busy_fwd_on",
            Event::BusyFwdOff => "busy_fwd_off",
            Event::NoAnswerFwdOn => "no_answer_fwd_on",
            Event::NoAnswerFwdOff => "no_answer_fwd_off",
            Event::Hold => "hold",
            Event::Unhold => "unhold",
            Event::Mute => "mute",
            Event::Unmute => "unmute",
            Event::MissedCall => "missed_call",
            Event::RejectIncomingCall => "reject_incoming_call",
            Event::IdleToBusy => "idle_to_busy",
            Event::BusyToIdle => "busy_to_idle",
        }
    }

    /// The event named `name` (`incoming_call`).
    pub fn named(name: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// One call as an event sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct CallSnap {
    pub call: CallRef,
    pub incoming: bool,
    pub connected: bool,
    pub held: bool,
    /// `$local`, `$remote`, `$display_local`, `$display_remote`, `$call_id`.
    pub vars: Vars,
}

/// Variable values, by name without the `$`.
pub(super) type Vars = BTreeMap<&'static str, String>;

/// What the phone was after an input, as far as events go.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Snapshot {
    pub lines: Vec<LineStatus>,
    pub calls: Vec<CallSnap>,
    pub dnd: bool,
    pub forwards: [bool; 3],
    pub muted: bool,
    pub off_hook: bool,
    /// Calls refused while they rang, so far.
    pub rejections: u64,
    /// The newest missed call logged, to see a new one come.
    pub newest_missed: Option<(String, Option<i64>)>,
    pub missed_count: usize,
}

/// The configured URLs and what the phone was last.
#[derive(Clone, Debug, Default)]
pub struct ActionUrls {
    urls: BTreeMap<Event, String>,
    /// The device's own variables (`$mac`, `$ip`, `$model`, `$firmware`).
    pub(super) device: Vars,
    last: Option<Snapshot>,
}

impl ActionUrls {
    /// Send these URLs on their events.
    pub fn new(urls: BTreeMap<Event, String>) -> ActionUrls {
        ActionUrls {
            urls,
            ..ActionUrls::default()
        }
    }

    /// Whether any URL is set (if not, nothing is compared).
    pub fn any(&self) -> bool {
        !self.urls.is_empty()
    }

    /// The URLs the change from the last snapshot to `now` calls for, in the order the
    /// events happened as far as one input tells; `line_vars` gives a line's account
    /// variables (`$active_url` ...), asked for only when an event fires.
    pub(super) fn observe(
        &mut self,
        now: Snapshot,
        line_vars: impl Fn(usize) -> Vars,
    ) -> Vec<String> {
        let Some(before) = self.last.replace(now.clone()) else {
            return self
                .fire(Event::SetupCompleted, None, None, &line_vars)
                .into_iter()
                .collect();
        };
        if before == now {
            return Vec::new();
        }
        let mut events: Vec<(Event, Option<usize>, Option<&CallSnap>)> = Vec::new();
        for (n, status) in now.lines.iter().enumerate() {
            let was = before.lines.get(n).copied().unwrap_or(LineStatus::Off);
            let e = match (was, *status) {
                (w, LineStatus::Registered) if w != LineStatus::Registered => Event::Registered,
                (LineStatus::Registered, LineStatus::Off) => Event::Unregistered,
                (w, LineStatus::Failed) if w != LineStatus::Failed => Event::RegisterFailed,
                _ => continue,
            };
            events.push((e, Some(n), None));
        }
        if !before.off_hook && now.off_hook {
            events.push((Event::OffHook, None, None));
        }
        if before.calls.is_empty() && !now.calls.is_empty() {
            events.push((Event::IdleToBusy, None, None));
        }
        for c in &now.calls {
            match before.calls.iter().find(|b| b.call == c.call) {
                None => events.push((
                    if c.incoming {
                        Event::IncomingCall
                    } else {
                        Event::OutgoingCall
                    },
                    None,
                    Some(c),
                )),
                Some(b) => {
                    if !b.connected && c.connected {
                        events.push((Event::CallEstablished, None, Some(c)));
                    }
                    if !b.held && c.held {
                        events.push((Event::Hold, None, Some(c)));
                    }
                    if b.held && !c.held && c.connected {
                        events.push((Event::Unhold, None, Some(c)));
                    }
                }
            }
        }
        let gone: Vec<&CallSnap> = (before.calls.iter())
            .filter(|b| !now.calls.iter().any(|c| c.call == b.call))
            .collect();
        if now.rejections > before.rejections {
            let refused = gone.iter().find(|b| b.incoming && !b.connected).copied();
            events.push((Event::RejectIncomingCall, None, refused));
        }
        for b in gone {
            events.push((Event::CallTerminated, None, Some(b)));
        }
        if now.newest_missed != before.newest_missed && now.missed_count > 0 {
            events.push((Event::MissedCall, None, None));
        }
        if !before.calls.is_empty() && now.calls.is_empty() {
            events.push((Event::BusyToIdle, None, None));
        }
        if before.off_hook && !now.off_hook {
            events.push((Event::OnHook, None, None));
        }
        let switched = |was: bool, is: bool, on: Event, off: Event| match (was, is) {
            (false, true) => Some(on),
            (true, false) => Some(off),
            _ => None,
        };
        let flags = [
            switched(before.dnd, now.dnd, Event::DndOn, Event::DndOff),
            switched(
                before.forwards[0],
                now.forwards[0],
                Event::AlwaysFwdOn,
                Event::AlwaysFwdOff,
            ),
            switched(
                before.forwards[1],
                now.forwards[1],
                Event::BusyFwdOn,
                Event::BusyFwdOff,
            ),
            switched(
                before.forwards[2],
                now.forwards[2],
                Event::NoAnswerFwdOn,
                Event::NoAnswerFwdOff,
            ),
            switched(before.muted, now.muted, Event::Mute, Event::Unmute),
        ];
        events.extend(flags.into_iter().flatten().map(|e| (e, None, None)));
        events
            .into_iter()
            .filter_map(|(e, line, call)| self.fire(e, line, call, &line_vars))
            .collect()
    }

    /// The URL of `event` with its variables filled in, if one is set.
    fn fire(
        &self,
        event: Event,
        line: Option<usize>,
        call: Option<&CallSnap>,
        line_vars: &impl Fn(usize) -> Vars,
    ) -> Option<String> {
        let url = self.urls.get(&event)?;
        let line = call.map(|c| c.call.line).or(line).unwrap_or(0);
        let mut vars = self.device.clone();
        vars.extend(line_vars(line));
        if let Some(c) = call {
            vars.extend(c.vars.iter().map(|(k, v)| (*k, v.clone())));
        }
        Some(fill(url, &vars))
    }
}

/// `url` with each `$name` of `vars` replaced by its value, longest names first (so
/// `$display_local` is not read as `$display` then `_local`); an unknown `$name` is left.
pub fn fill(url: &str, vars: &BTreeMap<&'static str, String>) -> String {
    let mut names: Vec<&&str> = vars.keys().collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match names.iter().find(|n| after.starts_with(***n)) {
            Some(n) => {
                out.push_str(&encode(&vars[**n]));
                rest = &after[n.len()..];
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `v` with what a URL's query cannot hold percent-encoded (RFC 3986 §2.1); `:` `@` `/`
/// stay, as SIP URIs read better so.
fn encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:@/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_fill_in_longest_name_first_and_are_encoded() {
        let vars: Vars = [
            ("local", "sip:bob@h".to_string()),
            ("display_local", "Bob B".to_string()),
            ("remote", "sip:alice@h".to_string()),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            fill(
                "http://x/?l=$local&d=$display_local&r=$remote&p=$price",
                &vars
            ),
            "http://x/?l=sip:bob@h&d=Bob%20B&r=sip:alice@h&p=$price"
        );
    }

    #[test]
    fn every_event_has_its_name_back() {
        for e in Event::ALL {
            assert_eq!(Event::named(e.name()), Some(e));
        }
    }
}
