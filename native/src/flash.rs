//! The native phone's flash: a directory (`--data DIR`) holding what the phone keeps across
//! restarts, one file each, in the same formats as the browser's storage:
//!
//! - `phonebook.xml`: the local directory (an XML contact file);
//! - `records.txt`: the call log and the messages ([`deskphone_core::config::records`]).
//!
//! Every write is atomic: the text goes to a temporary file in the same directory, is
//! flushed to the disk, then renamed over the old file (rename(2) replaces atomically), and
//! the directory is flushed too. A phone switched off mid-write finds the old text or the
//! new, never half of one; a temporary file left behind is ignored and overwritten.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use deskphone_core::config::records::{self, Records};
use deskphone_core::config::{phonebook, FileError};
use deskphone_core::phone::directory::Contact;
use deskphone_core::phone::Phone;

const PHONEBOOK: &str = "phonebook.xml";
const RECORDS: &str = "records.txt";

/// The directory, and what was last written to it.
pub struct Flash {
    dir: PathBuf,
    directory: Vec<Contact>,
    records: Records,
}

impl Flash {
    /// Open (creating it if need be) the data directory `dir`.
    pub fn open(dir: &Path) -> io::Result<Flash> {
        fs::create_dir_all(dir)?;
        Ok(Flash {
            dir: dir.to_path_buf(),
            directory: Vec::new(),
            records: Records::default(),
        })
    }

    /// Give `phone` what the directory keeps; a file that cannot be read is named and left
    /// out (the phone starts without it, and the next write replaces it).
    pub fn restore(&mut self, phone: &mut Phone) -> Vec<String> {
        let mut warnings = Vec::new();
        match self.load(PHONEBOOK) {
            Ok(Some(text)) => match phonebook::read(PHONEBOOK, &text) {
                Ok(contacts) => phone.set_directory(contacts),
                Err(e) => warnings.push(format!("{e}: left out")),
            },
            Ok(None) => {}
            Err(e) => warnings.push(format!("{PHONEBOOK}: {e}")),
        }
        match self.load(RECORDS) {
            Ok(Some(text)) => match records::read(RECORDS, &text) {
                Ok(r) => phone.restore_records(r),
                Err(FileError { line, reason, .. }) => {
                    warnings.push(format!("{RECORDS}:{line}: {reason}: left out"))
                }
            },
            Ok(None) => {}
            Err(e) => warnings.push(format!("{RECORDS}: {e}")),
        }
        self.directory = phone.directory().to_vec();
        self.records = phone.records();
        warnings
    }

    /// Write what changed on `phone` since the last write: its directory, its call log and
    /// messages.
    pub fn keep(&mut self, phone: &Phone) -> io::Result<()> {
        if phone.directory() != self.directory.as_slice() {
            self.save(PHONEBOOK, &phonebook::write(phone.directory()))?;
            self.directory = phone.directory().to_vec();
        }
        if phone.history() != &self.records.history || phone.inbox() != &self.records.inbox {
            let now = phone.records();
            self.save(RECORDS, &records::write(&now))?;
            self.records = now;
        }
        Ok(())
    }

    /// The text of `name`, if the file is there.
    fn load(&self, name: &str) -> io::Result<Option<String>> {
        match fs::read_to_string(self.dir.join(name)) {
            Ok(t) => Ok(Some(t)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Replace `name` with `text`, atomically.
    fn save(&self, name: &str, text: &str) -> io::Result<()> {
        write_atomically(&self.dir, name, text.as_bytes())
    }
}

/// Write `bytes` as `dir/name`: all of them or, if anything fails, the old file as it was.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut f = File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    fs::rename(&tmp, dir.join(name))?;
    // The rename itself is on the disk once the directory is.
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("deskphone-flash-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_write_replaces_the_whole_file() {
        let dir = scratch("replace");
        write_atomically(&dir, "a.txt", b"a long first text\n").unwrap();
        write_atomically(&dir, "a.txt", b"short\n").unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "short\n");
        assert!(!dir.join(".a.txt.tmp").exists());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_write_cut_short_leaves_the_old_file_and_the_next_write_goes_through() {
        let dir = scratch("cut");
        write_atomically(&dir, "records.txt", b"old\n").unwrap();
        // What a power cut before the rename leaves: half a temporary file.
        fs::write(dir.join(".records.txt.tmp"), b"#!deskphone-rec").unwrap();
        assert_eq!(
            fs::read_to_string(dir.join("records.txt")).unwrap(),
            "old\n"
        );
        write_atomically(&dir, "records.txt", b"new\n").unwrap();
        assert_eq!(
            fs::read_to_string(dir.join("records.txt")).unwrap(),
            "new\n"
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_write_into_a_directory_that_is_gone_fails_without_a_panic() {
        let dir = scratch("gone");
        fs::remove_dir_all(&dir).unwrap();
        assert!(write_atomically(&dir, "a.txt", b"x").is_err());
    }
}
