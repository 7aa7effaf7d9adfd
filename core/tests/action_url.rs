//! Action URLs: the phone asks its driver to GET the URL configured for an event, its
//! `$variables` filled in, as registrations, calls, DND and mute change.

mod common;

use std::collections::BTreeMap;

use common::{account, invite, Rig};
use deskphone_core::phone::action_url::Event;
use deskphone_core::phone::Key;

fn hooks(events: &[Event]) -> BTreeMap<Event, String> {
    (events.iter())
        .map(|e| {
            (
                *e,
                format!(
                    "http://crm/{}?u=$active_user&r=$remote&id=$call_id&m=$mac&dev=$model",
                    e.name()
                ),
            )
        })
        .collect()
}

fn rig(events: &[Event]) -> Rig {
    let mut rig = Rig::new(vec![account("bob", "Bob")]);
    rig.phone.set_action_urls(hooks(events), "0a1b2c3d4e5f");
    rig
}

/// The events of the URLs sent since the last look, by the path's name.
fn sent(rig: &mut Rig) -> Vec<String> {
    std::mem::take(&mut rig.action_urls)
        .into_iter()
        .map(|u| {
            u.trim_start_matches("http://crm/")
                .split('?')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn start_and_registration_send_their_urls_with_the_accounts_variables() {
    let mut r = rig(&[Event::SetupCompleted, Event::Registered]);
    r.register(&[200]);
    assert_eq!(
        r.action_urls,
        [
            "http://crm/setup_completed?u=bob&r=$remote&id=$call_id&m=0a1b2c3d4e5f&dev=SayHi%206XX",
            "http://crm/registered?u=bob&r=$remote&id=$call_id&m=0a1b2c3d4e5f&dev=SayHi%206XX"
        ]
    );
}

#[test]
fn a_call_answered_and_ended_sends_incoming_established_terminated_in_order() {
    let all = [
        Event::IncomingCall,
        Event::CallEstablished,
        Event::CallTerminated,
        Event::IdleToBusy,
        Event::BusyToIdle,
        Event::OffHook,
        Event::OnHook,
        Event::Mute,
        Event::Unmute,
    ];
    let mut r = rig(&all);
    r.register(&[200]);
    r.receive(0, invite("c1", "bob", "alice", "Alice"));
    let urls = r.action_urls.clone();
    assert_eq!(sent(&mut r), ["idle_to_busy", "incoming_call"]);
    assert!(
        urls[1].contains("r=sip:alice@example.com&id=c1"),
        "{urls:?}"
    );
    r.press_soft("Answer");
    assert_eq!(sent(&mut r), ["off_hook", "call_established"]);
    r.press(Key::Mute);
    r.press(Key::Mute);
    assert_eq!(sent(&mut r), ["mute", "unmute"]);
    r.press_soft("End");
    assert_eq!(sent(&mut r), ["call_terminated", "busy_to_idle", "on_hook"]);
}

#[test]
fn a_call_not_answered_is_a_missed_call_and_a_rejected_one_says_so() {
    let mut r = rig(&[
        Event::MissedCall,
        Event::RejectIncomingCall,
        Event::DndOn,
        Event::DndOff,
    ]);
    r.register(&[200]);
    r.receive(0, invite("c1", "bob", "alice", "Alice"));
    r.press_soft("Reject");
    assert_eq!(sent(&mut r), ["reject_incoming_call"]);
    // DND on: the next call is refused unanswered, and logged as missed.
    r.press_soft("DND");
    assert_eq!(sent(&mut r), ["dnd_on"]);
    r.receive(0, invite("c2", "bob", "carol", "Carol"));
    assert_eq!(sent(&mut r), ["missed_call"]);
    r.press_soft("DND");
    assert_eq!(sent(&mut r), ["dnd_off"]);
}

#[test]
fn without_urls_nothing_is_sent() {
    let mut r = Rig::new(vec![account("bob", "Bob")]);
    r.register(&[200]);
    r.receive(0, invite("c1", "bob", "alice", "Alice"));
    r.press_soft("Answer");
    assert!(r.action_urls.is_empty());
}
