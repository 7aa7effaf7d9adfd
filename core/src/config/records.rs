//! The phone's own records, kept across restarts: the call log (missed, received, dialled,
//! forwarded) and the received text messages, with what is still unseen. One text file, a
//! record per line, its fields separated by tabs (shown as `→` here), newest first within
//! each list:
//!
//! ```text
//! #!deskphone-records:1
//! unseen→2→1
//! call→missed→1765000000→60→0→1001→sip:alice@example.com→Alice
//! message→1765000100→60→0→sip:bob@example.com→Bob→Lunch at 1?
//! ```
//!
//! `unseen` is missed calls and unread messages not looked at yet; a time is Unix seconds
//! and the UTC offset in minutes (`-` when the phone did not know the time); the line is
//! from 0. Tabs, line ends and backslashes in a field are written `\t`, `\n`, `\r`, `\\`.
//! A file is hostile like any other: an error names the line, and nothing of a bad file is
//! used.

use super::{lines, FileError};
use crate::phone::history::{History, HistoryEntry, HistoryKind, HISTORY_LIMIT};
use crate::phone::inbox::{Inbox, TextMessage, INBOX_LIMIT};
use crate::sip::call::Party;
use crate::time::WallClock;

/// The first line.
pub const HEADER: &str = "#!deskphone-records:1";

/// The call log and the inbox, as one value to keep and restore.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Records {
    pub history: History,
    pub inbox: Inbox,
}

const KINDS: [(HistoryKind, &str); 4] = [
    (HistoryKind::Missed, "missed"),
    (HistoryKind::Received, "received"),
    (HistoryKind::Dialed, "dialed"),
    (HistoryKind::Forwarded, "forwarded"),
];

/// `records` as a file.
pub fn write(records: &Records) -> String {
    let mut out = format!(
        "{HEADER}\nunseen\t{}\t{}\n",
        records.history.unseen_missed, records.inbox.unread
    );
    for (kind, word) in KINDS {
        for e in records.history.list(kind) {
            let fields = [
                "call".to_string(),
                word.to_string(),
                time(e.at),
                e.line.to_string(),
                escape(&e.number),
                escape(&e.party.uri),
                escape(e.party.display.as_deref().unwrap_or_default()),
            ];
            out.push_str(&fields.join("\t"));
            out.push('\n');
        }
    }
    for m in records.inbox.messages() {
        let fields = [
            "message".to_string(),
            time(m.at),
            m.line.to_string(),
            escape(&m.from.uri),
            escape(m.from.display.as_deref().unwrap_or_default()),
            escape(&m.text),
        ];
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

/// Read a records file named `file`: all of it, or an error and nothing.
pub fn read(file: &str, text: &str) -> Result<Records, FileError> {
    let error = |line, reason: String| FileError {
        file: file.to_string(),
        line,
        reason,
    };
    let all = lines(file, text)?;
    match all.first() {
        Some((_, first)) if first.trim() == HEADER => {}
        _ => return Err(error(1, format!("the first line must be {HEADER}"))),
    }
    let mut history = History::default();
    let mut inbox = Inbox::default();
    // Lists are written newest first; they are rebuilt oldest first.
    let mut calls: Vec<(HistoryKind, HistoryEntry)> = Vec::new();
    let mut messages: Vec<TextMessage> = Vec::new();
    let mut unseen = (0, 0);
    for (n, line) in all.into_iter().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let bad = |why: &str| error(n, why.to_string());
        match f.as_slice() {
            ["unseen", missed, unread] => {
                unseen = (
                    count(missed, HISTORY_LIMIT).ok_or_else(|| bad("a bad unseen count"))?,
                    count(unread, INBOX_LIMIT).ok_or_else(|| bad("a bad unread count"))?,
                );
            }
            ["call", kind, secs, offset, line, number, uri, display] => {
                let kind = (KINDS.iter())
                    .find(|(_, w)| w == kind)
                    .map(|(k, _)| *k)
                    .ok_or_else(|| bad("not a call list (missed, received, dialed, forwarded)"))?;
                calls.push((
                    kind,
                    HistoryEntry {
                        party: party(uri, display).map_err(|w| bad(&w))?,
                        number: unescape(number).map_err(|w| bad(&w))?,
                        line: line_no(line).ok_or_else(|| bad("a bad line number"))?,
                        at: wall(secs, offset).ok_or_else(|| bad("a bad time"))?,
                    },
                ));
            }
            ["message", secs, offset, line, uri, display, text] => {
                messages.push(TextMessage {
                    from: party(uri, display).map_err(|w| bad(&w))?,
                    text: unescape(text).map_err(|w| bad(&w))?,
                    line: line_no(line).ok_or_else(|| bad("a bad line number"))?,
                    at: wall(secs, offset).ok_or_else(|| bad("a bad time"))?,
                });
            }
            _ => return Err(bad("not an unseen, call or message record")),
        }
    }
    for (kind, entry) in calls.into_iter().rev() {
        history.add(kind, entry);
    }
    for m in messages.into_iter().rev() {
        inbox.add(m);
    }
    history.unseen_missed = unseen.0;
    inbox.unread = unseen.1;
    Ok(Records { history, inbox })
}

fn count(v: &str, max: usize) -> Option<usize> {
    v.parse().ok().filter(|n| *n <= max)
}

fn line_no(v: &str) -> Option<usize> {
    v.parse().ok().filter(|n| *n < crate::phone::MAX_LINES)
}

fn time(at: Option<WallClock>) -> String {
    match at {
        Some(w) => format!("{}\t{}", w.unix_secs, w.utc_offset_mins),
        None => "-\t-".into(),
    }
}

/// A time, `None` inside for "not known"; `None` outside for a bad one.
fn wall(secs: &str, offset: &str) -> Option<Option<WallClock>> {
    if secs == "-" && offset == "-" {
        return Some(None);
    }
    let unix_secs = secs.parse().ok()?;
    let utc_offset_mins: i32 = offset.parse().ok()?;
    (utc_offset_mins.abs() <= 18 * 60).then_some(Some(WallClock {
        unix_secs,
        utc_offset_mins,
    }))
}

fn party(uri: &str, display: &str) -> Result<Party, String> {
    let display = unescape(display)?;
    Ok(Party {
        uri: unescape(uri)?,
        display: (!display.is_empty()).then_some(display),
    })
}

fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(v: &str) -> Result<String, String> {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next() {
            Some('\\') => '\\',
            Some('t') => '\t',
            Some('n') => '\n',
            Some('r') => '\r',
            _ => return Err("a bad \\ escape".into()),
        });
    }
    Ok(out)
}
