//! The call log: missed, received and dialled calls, newest first, 100 of each (the CP860
//! and Dinstar manuals keep 100 entries per list; the oldest goes when a list is full).

use std::collections::VecDeque;

use serde::Serialize;

use crate::sip::call::Party;
use crate::time::WallClock;

/// Entries kept per list.
pub const HISTORY_LIMIT: usize = 100;

/// Which list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HistoryKind {
    /// Calls that rang here and were not answered.
    Missed,
    /// Calls answered here.
    Received,
    /// Calls placed from here.
    Dialed,
    /// Calls forwarded elsewhere.
    Forwarded,
}

impl HistoryKind {
    /// The list's title on the screen.
    pub fn title(self) -> &'static str {
        match self {
            HistoryKind::Missed => "Missed calls",
            HistoryKind::Received => "Received calls",
            HistoryKind::Dialed => "Dialed calls",
            HistoryKind::Forwarded => "Forwarded calls",
        }
    }
}

/// One call in the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The other party.
    pub party: Party,
    /// What to dial to call them back (the number dialled, or the caller's URI).
    pub number: String,
    /// The line (0-based) of the call.
    pub line: usize,
    /// When the call started, if the phone knew the time.
    pub at: Option<WallClock>,
}

/// The lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    missed: VecDeque<HistoryEntry>,
    received: VecDeque<HistoryEntry>,
    dialed: VecDeque<HistoryEntry>,
    forwarded: VecDeque<HistoryEntry>,
    /// Missed calls since the user last looked at the missed list (the idle screen's count).
    pub unseen_missed: usize,
}

impl History {
    fn list_mut(&mut self, kind: HistoryKind) -> &mut VecDeque<HistoryEntry> {
        match kind {
            HistoryKind::Missed => &mut self.missed,
            HistoryKind::Received => &mut self.received,
            HistoryKind::Dialed => &mut self.dialed,
            HistoryKind::Forwarded => &mut self.forwarded,
        }
    }

    /// A list, newest first.
    pub fn list(&self, kind: HistoryKind) -> &VecDeque<HistoryEntry> {
        match kind {
            HistoryKind::Missed => &self.missed,
            HistoryKind::Received => &self.received,
            HistoryKind::Dialed => &self.dialed,
            HistoryKind::Forwarded => &self.forwarded,
        }
    }

    /// Log a call.
    pub fn add(&mut self, kind: HistoryKind, entry: HistoryEntry) {
        let list = self.list_mut(kind);
        list.push_front(entry);
        list.truncate(HISTORY_LIMIT);
        if kind == HistoryKind::Missed {
            self.unseen_missed = (self.unseen_missed + 1).min(HISTORY_LIMIT);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> HistoryEntry {
        HistoryEntry {
            party: Party {
                uri: format!("sip:{n}@example.com"),
                display: None,
            },
            number: n.to_string(),
            line: 0,
            at: None,
        }
    }

    #[test]
    fn a_full_list_drops_its_oldest_entry() {
        let mut h = History::default();
        for n in 0..HISTORY_LIMIT + 5 {
            h.add(HistoryKind::Dialed, entry(n));
        }
        let list = h.list(HistoryKind::Dialed);
        assert_eq!(list.len(), HISTORY_LIMIT);
        assert_eq!(
            list[0].number,
            (HISTORY_LIMIT + 4).to_string(),
            "newest first"
        );
        assert_eq!(list[HISTORY_LIMIT - 1].number, "5");
        assert_eq!(h.unseen_missed, 0);
        h.add(HistoryKind::Missed, entry(1));
        assert_eq!(h.unseen_missed, 1);
    }
}
