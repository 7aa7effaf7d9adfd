//! Text messages received (RFC 3428), the Dinstar's Inbox: 100 kept, the oldest dropped
//! when full, newest first; unread ones counted on the idle screen until the Messages page
//! is opened.

use std::collections::VecDeque;

use crate::sip::call::Party;
use crate::time::WallClock;

/// Messages kept (the Dinstar keeps 100 per folder).
pub const INBOX_LIMIT: usize = 100;

/// One received message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextMessage {
    /// The sender.
    pub from: Party,
    /// The text.
    pub text: String,
    /// The line (0-based) it came in on.
    pub line: usize,
    /// When it came, if the phone knew the time.
    pub at: Option<WallClock>,
}

/// The inbox.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inbox {
    messages: VecDeque<TextMessage>,
    /// Messages not seen yet.
    pub unread: usize,
}

impl Inbox {
    /// Keep a new message.
    pub fn add(&mut self, m: TextMessage) {
        self.messages.push_front(m);
        self.messages.truncate(INBOX_LIMIT);
        self.unread = (self.unread + 1).min(INBOX_LIMIT);
    }

    /// The messages, newest first.
    pub fn messages(&self) -> &VecDeque<TextMessage> {
        &self.messages
    }
}
