//! The phone records its calls itself (CP860 Start / Pause / Resume / Stop Record soft keys):
//! the media driver is told to start, pause, resume and stop; the status bar shows REC; the
//! recording ends with the last call.

mod common;

use common::{account, invite, Rig};
use deskphone_core::phone::view::{CallState, Icon};
use deskphone_core::phone::{RecordCommand, RecordFormat};
use deskphone_core::profile;

fn cp860_talking_with_bob() -> Rig {
    let mut rig = Rig::of(
        profile::by_id("yealink-cp860").unwrap(),
        vec![account("alice", "Alice")],
    );
    rig.phone.set_optional_keys(true);
    rig.register(&[200]);
    rig.receive(0, invite("rec1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    assert_eq!(rig.state(), CallState::Talking);
    rig.clear();
    rig
}

fn icons(rig: &Rig) -> Vec<Icon> {
    rig.phone.view().icons
}

#[test]
fn start_pause_resume_and_stop_record_drive_the_recorder_and_the_rec_icon() {
    let mut rig = cp860_talking_with_bob();
    rig.press_soft_or_more("Start REC");
    assert_eq!(
        rig.records,
        [RecordCommand::Start {
            format: RecordFormat::OggOpus,
            party: "Bob".into()
        }]
    );
    assert!(icons(&rig).contains(&Icon::Recording));
    assert!(
        !rig.soft_labels().iter().any(|l| l == "Start REC"),
        "one recording at a time"
    );

    rig.press_soft_or_more("Pause REC");
    assert!(icons(&rig).contains(&Icon::RecordingPaused));
    assert!(!icons(&rig).contains(&Icon::Recording));
    rig.press_soft_or_more("Resume REC");
    rig.press_soft_or_more("Stop REC");
    assert_eq!(
        rig.records[1..],
        [
            RecordCommand::Pause,
            RecordCommand::Resume,
            RecordCommand::Stop
        ]
    );
    assert!(!icons(&rig).contains(&Icon::Recording));
    assert_eq!(rig.state(), CallState::Talking, "the call goes on");
}

#[test]
fn the_recording_stops_by_itself_when_the_call_ends() {
    let mut rig = cp860_talking_with_bob();
    rig.press_soft_or_more("Start REC");
    rig.press_soft_or_more("Cancel"); // the CP860's End
    assert_eq!(rig.state(), CallState::Idle);
    assert_eq!(rig.records.last(), Some(&RecordCommand::Stop));
    assert!(!icons(&rig).contains(&Icon::Recording));
}

#[test]
fn the_recording_goes_on_while_the_call_is_held() {
    let mut rig = cp860_talking_with_bob();
    rig.press_soft_or_more("Start REC");
    rig.press_soft_or_more("Hold");
    rig.accept_reinvites(|_| "bobtag".into());
    assert_eq!(rig.state(), CallState::Held);
    rig.press_soft_or_more("Pause REC");
    assert_eq!(
        rig.records[1..],
        [RecordCommand::Pause],
        "no stop on hold, and the keys are there"
    );
}

#[test]
fn a_recording_the_media_side_cannot_make_ends_with_a_notice() {
    use deskphone_core::phone::{Input, MediaEvent};
    let mut rig = cp860_talking_with_bob();
    rig.press_soft_or_more("Start REC");
    rig.step(Input::Media(MediaEvent::RecordingFailed {
        reason: "no encoder".into(),
    }));
    assert!(!icons(&rig).contains(&Icon::Recording));
    assert!(
        rig.screen().contains(&"Record failed".to_string()),
        "{:?}",
        rig.screen()
    );
    assert!(
        rig.soft_labels().iter().any(|l| l == "Start REC")
            || rig.soft_labels().iter().any(|l| l == "More"),
        "it can be tried again"
    );
}

#[test]
fn the_format_setting_picks_wav() {
    let mut rig = cp860_talking_with_bob();
    rig.phone.set_record_format(RecordFormat::Wav);
    rig.press_soft_or_more("Start REC");
    assert!(matches!(
        rig.records[0],
        RecordCommand::Start {
            format: RecordFormat::Wav,
            ..
        }
    ));
}

#[test]
fn without_optional_keys_the_guides_layout_has_no_record_keys() {
    let mut rig = cp860_talking_with_bob();
    rig.phone.set_optional_keys(false);
    assert_eq!(
        rig.soft_labels(),
        ["Transfer", "Hold", "Conference", "Cancel"]
    );
}
