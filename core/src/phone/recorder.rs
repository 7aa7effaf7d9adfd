//! The phone records its calls itself (the CP860's optional Start / Pause / Resume / Stop
//! Record soft keys in the Talking, Hold, Held and Conferenced states; the AudioCodes
//! `Rec_call` soft key): both directions go to a file the media driver makes
//! ([`RecordCommand`]), in the format of `deskphone.record.format`. The keys are among the
//! optional ones (`optional_keys.rs`). The recording runs across hold and conference and
//! stops by itself when the last call ends. Server-side recording (SIP INFO `Record:`) is
//! the Record key's, in `record.rs`.

use super::{Output, Phone};

/// A recording's file format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RecordFormat {
    /// Ogg Opus (RFC 7845): small, what the phone records by default.
    #[default]
    OggOpus,
    /// WAV, 16-bit PCM: bigger, readable by anything.
    Wav,
}

impl RecordFormat {
    /// The format a setting's value names (`ogg` or `wav`).
    pub fn parse(value: &str) -> Option<RecordFormat> {
        match value.trim().to_ascii_lowercase().as_str() {
            "ogg" | "opus" | "" => Some(RecordFormat::OggOpus),
            "wav" => Some(RecordFormat::Wav),
            _ => None,
        }
    }

    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            RecordFormat::OggOpus => "ogg",
            RecordFormat::Wav => "wav",
        }
    }
}

/// What the media driver does with the recording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordCommand {
    /// Start a new file: what is sent and received from now on, mixed.
    Start {
        /// Its format.
        format: RecordFormat,
        /// Who the call is with, for the file's name.
        party: String,
    },
    /// Leave out what comes until [`RecordCommand::Resume`].
    Pause,
    /// Take the audio in again.
    Resume,
    /// Close the file and offer it to the user.
    Stop,
}

/// A recording under way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Recording {
    pub paused: bool,
}

impl Phone {
    /// Set the format new recordings are made in.
    pub fn set_record_format(&mut self, format: RecordFormat) {
        self.record_format = format;
    }

    /// Whether a recording is under way, and paused.
    pub(super) fn local_recording(&self) -> Option<&Recording> {
        self.local_recording.as_ref()
    }

    pub(super) fn start_recording(&mut self) {
        let Some(a) = self.calls.focused().filter(|a| a.is_connected()) else {
            return;
        };
        if self.local_recording.is_some() {
            return;
        }
        let party = a.peer.label();
        self.local_recording = Some(Recording::default());
        self.record(RecordCommand::Start {
            format: self.record_format,
            party,
        });
    }

    pub(super) fn pause_recording(&mut self, paused: bool) {
        let Some(r) = self.local_recording.as_mut().filter(|r| r.paused != paused) else {
            return;
        };
        r.paused = paused;
        self.record(if paused {
            RecordCommand::Pause
        } else {
            RecordCommand::Resume
        });
    }

    pub(super) fn stop_recording(&mut self) {
        if self.local_recording.take().is_some() {
            self.record(RecordCommand::Stop);
        }
    }

    /// The media side could not record: the recording is over before it began.
    pub(super) fn recording_failed(&mut self, reason: &str) {
        if self.local_recording.take().is_some() {
            self.out
                .push_back(Output::Log(format!("recording failed: {reason}")));
            match self.calls.focused().map(|a| a.call) {
                Some(call) => self.call_notice(call, "Record failed".into()),
                None => self.notice = Some(("Record failed".into(), self.now + super::NOTICE_TIME)),
            }
            self.changed();
        }
    }

    /// The recording ends with the last answered call.
    pub(super) fn stop_recording_when_idle(&mut self) {
        if self.local_recording.is_some() && !self.calls.iter().any(|a| a.is_connected()) {
            self.stop_recording();
        }
    }

    fn record(&mut self, command: RecordCommand) {
        self.out
            .push_back(Output::Log(format!("recording: {command:?}")));
        self.out.push_back(Output::Record(command));
        self.changed();
    }
}
