//! What the phone asks of the media driver, and what the driver answers (STYLE.md §1: the
//! driver carries the commands out; the decisions stay in the phone model).

use crate::sip::call::CallRef;

/// What the media driver is asked to do for a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaCommand {
    /// Make a local SDP offer (reply with [`MediaEvent::LocalDescription`]).
    CreateOffer {
        /// The call.
        call: CallRef,
    },
    /// Take the far end's offer and make a local answer (reply with [`MediaEvent::LocalDescription`]).
    CreateAnswer {
        /// The call.
        call: CallRef,
        /// The remote offer.
        offer: String,
    },
    /// Apply the far end's answer to our offer.
    ApplyAnswer {
        /// The call.
        call: CallRef,
        /// The remote answer.
        answer: String,
    },
    /// Make a new offer for an answered call: on hold (`sendonly`, microphone silenced) or
    /// back (`sendrecv`); reply with [`MediaEvent::LocalDescription`].
    Renegotiate {
        /// The call.
        call: CallRef,
        /// Hold (`true`) or resume.
        hold: bool,
    },
    /// Play a DTMF digit as an RTP telephone-event (RFC 4733).
    SendDtmf {
        /// The call.
        call: CallRef,
        /// The digit.
        digit: char,
    },
    /// Tear the call's media down.
    Close {
        /// The call.
        call: CallRef,
    },
}

impl MediaCommand {
    /// The call the command is for.
    pub fn call(&self) -> CallRef {
        match self {
            MediaCommand::CreateOffer { call }
            | MediaCommand::CreateAnswer { call, .. }
            | MediaCommand::ApplyAnswer { call, .. }
            | MediaCommand::Renegotiate { call, .. }
            | MediaCommand::SendDtmf { call, .. }
            | MediaCommand::Close { call } => *call,
        }
    }
}

/// What the media driver reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaEvent {
    /// The local description asked for is ready.
    LocalDescription {
        /// The call.
        call: CallRef,
        /// SDP.
        sdp: String,
    },
    /// The media side failed for a call (no microphone, bad remote SDP, ...).
    Failed {
        /// The call.
        call: CallRef,
        /// Why, for the log.
        reason: String,
    },
    /// A recording ([`super::RecordCommand::Start`]) could not be made.
    RecordingFailed {
        /// Why, for the log.
        reason: String,
    },
}

/// True when a remote offer puts us on hold (RFC 3264 §8.4): its audio is `sendonly` or
/// `inactive`, or its connection address is 0.0.0.0 (RFC 2543).
pub(super) fn offer_holds(offer: &str) -> bool {
    use crate::sdp::{Direction, SessionDescription};
    let Ok(sd) = SessionDescription::parse(offer) else {
        return false;
    };
    sd.media
        .iter()
        .filter(|m| m.kind == "audio" && m.port != 0)
        .any(|m| {
            matches!(
                sd.direction_of(m),
                Direction::SendOnly | Direction::Inactive
            ) || sd.address_of(m).as_deref() == Some("0.0.0.0")
        })
}
