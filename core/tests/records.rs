//! What the phone keeps across restarts: the call log and messages written and read back
//! as they were, a backup of everything restored all or nothing.

use deskphone_core::config::backup::{self, Backup};
use deskphone_core::config::records::{self, Records};
use deskphone_core::config::{phonebook, yealink};
use deskphone_core::phone::directory::Contact;
use deskphone_core::phone::history::{HistoryEntry, HistoryKind};
use deskphone_core::phone::inbox::TextMessage;
use deskphone_core::sip::call::Party;
use deskphone_core::time::WallClock;

fn party(uri: &str, display: Option<&str>) -> Party {
    Party {
        uri: uri.into(),
        display: display.map(str::to_string),
    }
}

fn sample() -> Records {
    let mut r = Records::default();
    let at = Some(WallClock {
        unix_secs: 1_765_000_000,
        utc_offset_mins: 60,
    });
    r.history.add(
        HistoryKind::Missed,
        HistoryEntry {
            party: party("sip:alice@example.com", Some("Alice\tA.")),
            number: "1001".into(),
            line: 0,
            at,
        },
    );
    r.history.add(
        HistoryKind::Missed,
        HistoryEntry {
            party: party("sip:carol@example.com", None),
            number: "1003".into(),
            line: 1,
            at: None,
        },
    );
    r.history.add(
        HistoryKind::Dialed,
        HistoryEntry {
            party: party("sip:1002@example.com", None),
            number: "1002".into(),
            line: 0,
            at,
        },
    );
    r.inbox.add(TextMessage {
        from: party("sip:bob@example.com", Some("Bob")),
        text: "Lunch at 1?\nOr 2 \\ 3".into(),
        line: 0,
        at,
    });
    r.history.unseen_missed = 1;
    r
}

#[test]
fn the_call_log_and_messages_read_back_as_they_were_written() {
    let r = sample();
    let text = records::write(&r);
    assert!(
        text.starts_with("#!deskphone-records:1\nunseen\t1\t1\n"),
        "{text}"
    );
    assert!(text.contains("Alice\\tA."), "{text}");
    let back = records::read("records", &text).unwrap();
    assert_eq!(back, r);
    assert_eq!(back.history.list(HistoryKind::Missed)[0].number, "1003");
    assert_eq!(back.inbox.messages()[0].text, "Lunch at 1?\nOr 2 \\ 3");
}

#[test]
fn a_bad_records_file_names_its_line_and_gives_nothing() {
    for (text, line, why) in [
        ("nope\n", 1, "the first line must be"),
        (
            "#!deskphone-records:1\ncall\tlost\t-\t-\t0\t1\tsip:a@b\t\n",
            2,
            "not a call list",
        ),
        (
            "#!deskphone-records:1\nunseen\t0\t0\ncall\tmissed\tx\t0\t0\t1\tsip:a@b\t\n",
            3,
            "a bad time",
        ),
        (
            "#!deskphone-records:1\nmessage\t-\t-\t9\tsip:a@b\t\thi\n",
            2,
            "a bad line number",
        ),
        (
            "#!deskphone-records:1\nmessage\t-\t-\t0\tsip:a@b\t\thi\\q\n",
            2,
            "escape",
        ),
        ("#!deskphone-records:1\nunseen\t1000\t0\n", 2, "unseen"),
    ] {
        let e = records::read("r", text).unwrap_err();
        assert_eq!(e.line, line, "{text}: {e}");
        assert!(e.reason.contains(why), "{text}: {e}");
    }
}

fn full_backup() -> Backup {
    let config = format!(
        "{}\naccount.1.user_name = bob\nfeatures.dnd.enable = 1\n",
        yealink::HEADER
    );
    let contacts = vec![Contact {
        name: "Carol --- 12".into(),
        number: "1003".into(),
        group: None,
    }];
    Backup {
        config: Some(config),
        phonebook: Some(phonebook::write(&contacts)),
        records: Some(records::write(&sample())),
    }
}

#[test]
fn a_backup_restores_every_part_as_it_was() {
    let b = full_backup();
    let text = backup::write(&b);
    assert!(
        text.starts_with("#!deskphone-backup:1\n--- config "),
        "{text}"
    );
    assert_eq!(backup::read("b.txt", &text).unwrap(), b);
    // A part left out stays out (a restore then leaves its factory default).
    let partial = Backup {
        phonebook: None,
        ..b
    };
    assert_eq!(
        backup::read("b.txt", &backup::write(&partial)).unwrap(),
        partial
    );
}

#[test]
fn a_backup_with_any_bad_part_is_refused_naming_the_part() {
    let mut b = full_backup();
    b.config = Some(format!(
        "{}\nfeatures.dnd_refuse_code = 499\n",
        yealink::HEADER
    ));
    let e = backup::read("b.txt", &backup::write(&b)).unwrap_err();
    assert_eq!(e.file, "b.txt (config)");
    assert!(e.reason.contains("499"), "{e}");

    let mut b = full_backup();
    b.records = Some("#!deskphone-records:1\ncall\tmissed\n".into());
    let e = backup::read("b.txt", &backup::write(&b)).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("b.txt (records)", 2));

    let text = backup::write(&full_backup());
    // Cut short, a length that lies, an unknown part, a part twice, no header.
    for bad in [
        &text[..text.len() - 40],
        &text.replacen("--- config ", "--- config 9", 1),
        &text.replacen("--- records", "--- sounds", 1),
        &format!("{text}--- records 0\n\n"),
        &text.replacen("#!deskphone-backup:1", "#!version:1.0.0.1", 1),
    ] {
        assert!(backup::read("b.txt", bad).is_err(), "{bad}");
    }
}
