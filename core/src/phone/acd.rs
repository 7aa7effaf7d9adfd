//! The ACD key: a call-centre agent logs in to the automatic call distributor, says when
//! they are ready for its calls, not ready (with a reason), or in after-call work, and logs
//! out (Dinstar C60S §3.24 and Phone>ACD; AudioCodes App. B, BroadSoft type).
//!
//! The phone speaks the BroadSoft application-server feature event package that Genesys
//! SIP Server also takes: one subscription (`Event: as-feature-event`) to the agent's own
//! address of record, for the profile's ACD expiry. Every SUBSCRIBE carries the state asked
//! for (a `SetAgentState` document); the server's NOTIFYs (`AgentStateEvent`) say the state
//! it holds, which the phone then shows: an agent may change state from their desktop too.
//! Logging out asks `sign-out` with `Expires: 0`.
//!
//! Once logged in, the key opens the ACD page (Ready, Not ready and each reason, Wrap-up,
//! Log out). With "ACD Activated Auto" on, an answered call's end puts the agent in
//! wrap-up and the phone makes them ready again after its timer (90 s by default).

use super::keys::SoftAction;
use super::menu::Page;
use super::presence::element_text;
use super::{Output, Phone};
use crate::sip::subscription::SubRef;
use crate::time::{Duration, Instant};

/// The event package.
pub const EVENT: &str = "as-feature-event";
/// Its documents' type.
pub const CONTENT_TYPE: &str = "application/x-as-feature-event+xml";

/// Where an agent is with the distributor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AgentState {
    /// Not logged in: no calls are distributed here.
    #[default]
    LoggedOut,
    /// Logged in and taking calls.
    Ready,
    /// Logged in, taking none for now.
    NotReady,
    /// After-call work (ACW): finishing the last call's business.
    WrapUp,
}

impl AgentState {
    /// The state's name in the package's documents.
    fn wire(self) -> &'static str {
        match self {
            AgentState::LoggedOut => "sign-out",
            AgentState::Ready => "available",
            AgentState::NotReady => "unavailable",
            AgentState::WrapUp => "wrap-up",
        }
    }

    /// The state a document names: the BroadSoft words, and the CSTA (ECMA-323) ones
    /// Genesys uses. `None` for `sign-in` (logged in, state not said) and for anything else.
    fn from_wire(s: &str) -> Option<AgentState> {
        Some(match s.trim() {
            "available" | "ready" | "agentReady" => AgentState::Ready,
            "unavailable" | "notReady" | "not-ready" | "agentNotReady" => AgentState::NotReady,
            "wrap-up" | "workingAfterCall" | "agentWorkingAfterCall" => AgentState::WrapUp,
            "sign-out" | "loggedOff" | "agentLoggedOff" => AgentState::LoggedOut,
            _ => return None,
        })
    }

    /// How the screen and the ACD page name it.
    pub fn label(self) -> &'static str {
        match self {
            AgentState::LoggedOut => "Logged out",
            AgentState::Ready => "Ready",
            AgentState::NotReady => "Not ready",
            AgentState::WrapUp => "Wrap-up",
        }
    }
}

/// A reason an agent is not ready (AudioCodes `voip/services/ACD/unavailable_reason/N`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcdReason {
    /// The code sent to the server.
    pub code: String,
    /// What the agent sees (`Lunch`).
    pub name: String,
}

/// The most reasons a phone keeps (0 to 9).
pub const MAX_REASONS: usize = 10;

/// Which distributor the phone works with (AudioCodes `voip/services/ACD/server_type`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AcdServer {
    /// BroadSoft (the manual recommends it, with Genesys SIP Server too).
    #[default]
    BroadSoft,
    /// Genesys: no after-call work key; logged in, Missed takes its place (App. B.1's second
    /// block, which the manual does not label).
    Genesys,
}

/// How the ACD behaves (Phone>ACD and the unavailable reasons).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcdSettings {
    /// The distributor's type.
    pub server: AcdServer,
    /// No ACW soft key; its place stays blank (`voip/services/ACD/show_acw_softkey/enabled`
    /// off).
    pub hide_acw: bool,
    /// The agent logs in, changes state and logs out on the idle soft keys, where the
    /// profile lays them out (AudioCodes `voip/services/ACD/enabled`: the 420HD has no
    /// programmable key to put an ACD key on). An ACD key works either way.
    pub soft_keys: bool,
    /// "ACD Activated Auto": after a call, ready again this long after wrap-up began
    /// (Dinstar timer 90 s, 0 to 180); `None` leaves the state to the agent and the server.
    pub auto_ready: Option<Duration>,
    /// The reasons an agent can give for Not ready.
    pub reasons: Vec<AcdReason>,
}

impl AcdSettings {
    /// Check the settings as the manuals bound them: the timer within 0 to 180 s, at most
    /// ten reasons, each with a code and a name.
    pub fn checked(self) -> Result<AcdSettings, String> {
        if self.auto_ready.is_some_and(|d| d.0 > 180_000) {
            return Err("ACD auto-ready timer: 0 to 180 seconds".into());
        }
        if self.reasons.len() > MAX_REASONS {
            return Err(format!(
                "{} ACD reasons given: at most {MAX_REASONS}",
                self.reasons.len()
            ));
        }
        if let Some(r) =
            (self.reasons.iter()).find(|r| r.code.trim().is_empty() || r.name.trim().is_empty())
        {
            return Err(format!(
                "ACD reason {:?}: a code and a name are needed",
                r.name
            ));
        }
        Ok(self)
    }
}

/// The agent's login, on one line.
#[derive(Clone, Debug, Default)]
pub(super) struct Acd {
    pub state: AgentState,
    /// The reason given with Not ready (index into the settings' reasons).
    pub reason: Option<usize>,
    /// The line logged in, and its subscription.
    pub login: Option<(usize, SubRef)>,
    /// The state and reason the server last said (a NOTIFY): where a refused change
    /// goes back to. `None` until the first NOTIFY of a login.
    pub confirmed: Option<(AgentState, Option<usize>)>,
    /// When wrap-up ends by itself (ACD Activated Auto).
    pub ready_at: Option<Instant>,
    pub settings: AcdSettings,
}

/// A choice on the ACD page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AcdChoice {
    Ready,
    /// Not ready, with the reason at this index, or none.
    NotReady(Option<usize>),
    WrapUp,
    LogOut,
}

/// The `SetAgentState` document asking for `state` for `device` (the agent's user).
fn set_agent_state(device: &str, state: AgentState, reason: Option<&str>) -> String {
    let reason = reason
        .map(|r| {
            format!(
                "<agentStateUnavailableCode>{}</agentStateUnavailableCode>\r\n",
                escape(r)
            )
        })
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n\
         <SetAgentState xmlns=\"http://www.broadsoft.com/as/schema/xsd/AgentStateEvent\">\r\n\
         <device>{}</device>\r\n<agentState>{}</agentState>\r\n{reason}</SetAgentState>\r\n",
        escape(device),
        state.wire()
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// What an `AgentStateEvent` says: the state (`None` when it names none we know) and the
/// unavailable code, if any.
fn agent_state_event(body: &str) -> Option<(AgentState, Option<String>)> {
    let state = element_text(body, "agentState").or_else(|| element_text(body, "agentStatus"))?;
    let code = element_text(body, "agentStateUnavailableCode")
        .or_else(|| element_text(body, "reasonCode"))
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    match state.trim() {
        // Logged in, the state left to follow: not ready until the server says.
        "sign-in" | "loggedOn" | "agentLoggedOn" => Some((AgentState::NotReady, code)),
        s => AgentState::from_wire(s).map(|st| (st, code)),
    }
}

impl Phone {
    /// Set how the ACD behaves; checked first, nothing changes on an error.
    pub fn set_acd(&mut self, settings: AcdSettings) -> Result<(), String> {
        self.acd.settings = settings.checked()?;
        self.changed();
        Ok(())
    }

    /// The agent's state with the distributor.
    pub fn agent_state(&self) -> AgentState {
        self.acd.state
    }

    /// The idle soft keys when the ACD is on them: the profile's layout for the agent
    /// logged out or in.
    pub(super) fn acd_idle_layout(&self) -> Option<Vec<SoftAction>> {
        if !self.acd.settings.soft_keys {
            return None;
        }
        let keys = &self.profile.soft_keys;
        let genesys = self.acd.settings.server == AcdServer::Genesys;
        let layout = match self.acd.login {
            None => &keys.acd_logged_out,
            Some(_) if genesys && !keys.acd_logged_in_genesys.is_empty() => {
                &keys.acd_logged_in_genesys
            }
            Some(_) => &keys.acd_logged_in,
        };
        let hidden = |a: &SoftAction| {
            if *a == SoftAction::AcdWrapUp && self.acd.settings.hide_acw {
                SoftAction::Empty // the slot stays
            } else {
                *a
            }
        };
        (!layout.is_empty()).then(|| layout.iter().map(hidden).collect())
    }

    /// Whether an ACD soft key applies: Login when logged out; the rest when logged in,
    /// Ready unless ready and Not Ready only when ready (they share a place), ACW unless
    /// in wrap-up already.
    pub(super) fn acd_action_available(&self, action: SoftAction) -> bool {
        let logged_in = self.acd.login.is_some();
        let state = self.acd.state;
        match action {
            SoftAction::AcdLogin => !logged_in,
            SoftAction::AcdLogout => logged_in,
            SoftAction::AcdWrapUp => logged_in && state != AgentState::WrapUp && self.acw_offered(),
            SoftAction::AcdReady => logged_in && state != AgentState::Ready,
            SoftAction::AcdNotReady => logged_in && state == AgentState::Ready,
            _ => false,
        }
    }

    /// An ACD soft key: Not Ready opens the ACD page to pick a reason when there are any.
    pub(super) fn on_acd_soft_key(&mut self, action: SoftAction) {
        match action {
            SoftAction::AcdLogin => self.acd_login(self.default_line),
            SoftAction::AcdLogout => self.acd_choose(AcdChoice::LogOut),
            SoftAction::AcdReady => self.acd_choose(AcdChoice::Ready),
            SoftAction::AcdWrapUp => self.acd_choose(AcdChoice::WrapUp),
            SoftAction::AcdNotReady if self.acd.settings.reasons.is_empty() => {
                self.acd_choose(AcdChoice::NotReady(None))
            }
            SoftAction::AcdNotReady => {
                self.form = None;
                self.open_menu(Page::Acd);
            }
            _ => {}
        }
    }

    /// Whether after-call work is offered at all: the Genesys type has none, and a hidden ACW
    /// key hides it from the ACD page too.
    fn acw_offered(&self) -> bool {
        self.acd.settings.server != AcdServer::Genesys && !self.acd.settings.hide_acw
    }

    /// The code sent for the reason at index `reason`.
    fn reason_code(&self, reason: Option<usize>) -> Option<String> {
        reason
            .and_then(|r| self.acd.settings.reasons.get(r))
            .map(|r| r.code.clone())
    }

    /// The ACD key of line `line`: log in, or once logged in, the ACD page.
    pub(super) fn on_acd_key(&mut self, line: usize) {
        if self.acd.login.is_none() {
            self.acd_login(line);
        } else if self.calls.is_empty() && self.dialing.is_none() {
            self.form = None;
            self.open_menu(Page::Acd);
        }
    }

    fn acd_login(&mut self, line: usize) {
        let state = if self.profile.defaults.acd_login_not_ready {
            AgentState::NotReady
        } else {
            AgentState::Ready
        };
        let expires = self.profile.defaults.acd_expire;
        let Some(ua) = self.lines.get_mut(line) else {
            return;
        };
        if ua.is_signed_out() {
            self.idle_notice(format!("ACD: line {} is signed out", line + 1));
            return;
        }
        let user = ua.account().user.clone();
        let aor = ua.account().aor();
        let body = set_agent_state(&user, state, None);
        let sub = ua.subscribe_with_body(EVENT, &aor, expires, CONTENT_TYPE, &body);
        self.acd.login = Some((line, sub));
        self.acd.state = state;
        self.acd.reason = None;
        self.acd.confirmed = None;
        self.out.push_back(Output::Log(format!(
            "line {}: ACD login as {user} ({})",
            line + 1,
            state.label()
        )));
        self.idle_notice(format!("ACD: {}", state.label()));
        self.drain_lines();
    }

    /// A choice on the ACD page: ask the server for it.
    pub(super) fn acd_choose(&mut self, choice: AcdChoice) {
        let (state, reason) = match choice {
            AcdChoice::Ready => (AgentState::Ready, None),
            AcdChoice::NotReady(r) => (AgentState::NotReady, r),
            AcdChoice::WrapUp => (AgentState::WrapUp, None),
            AcdChoice::LogOut => (AgentState::LoggedOut, None),
        };
        self.menu = None;
        self.acd.ready_at = None;
        self.ask_agent_state(state, reason);
        self.idle_notice(format!("ACD: {}", state.label()));
    }

    fn ask_agent_state(&mut self, state: AgentState, reason: Option<usize>) {
        let Some((line, sub)) = self.acd.login else {
            return;
        };
        let code = self.reason_code(reason);
        let Some(ua) = self.lines.get_mut(line) else {
            return;
        };
        let body = set_agent_state(&ua.account().user.clone(), state, code.as_deref());
        if state == AgentState::LoggedOut {
            ua.unsubscribe_with_body(sub, CONTENT_TYPE, &body);
            self.acd.login = None;
        } else {
            ua.resubscribe_with_body(sub, CONTENT_TYPE, &body);
        }
        self.acd.state = state;
        self.acd.reason = reason.filter(|_| state == AgentState::NotReady);
        self.out.push_back(Output::Log(format!(
            "ACD: asked for {}{}",
            state.label(),
            code.map(|c| format!(" (reason {c})")).unwrap_or_default()
        )));
        self.changed();
        self.drain_lines();
    }

    /// The server's word on the agent's state (a NOTIFY of line `line`'s subscription
    /// `sub`: subscription handles are counted per line).
    pub(super) fn on_agent_state_notify(&mut self, line: usize, sub: Option<SubRef>, body: &str) {
        if sub.is_none() || self.acd.login != sub.map(|s| (line, s)) {
            return;
        }
        let Some((state, code)) = agent_state_event(body) else {
            return;
        };
        let reason = code.and_then(|c| self.acd.settings.reasons.iter().position(|r| r.code == c));
        if state == AgentState::LoggedOut {
            // Logged out from elsewhere (the agent's desktop): the subscription ends.
            self.end_acd_subscription();
        } else {
            self.acd.confirmed = Some((state, reason));
        }
        if (state, reason) != (self.acd.state, self.acd.reason) {
            self.out.push_back(Output::Log(format!(
                "ACD: the server says {}",
                state.label()
            )));
        }
        self.acd.state = state;
        self.acd.reason = reason;
        if state != AgentState::WrapUp {
            self.acd.ready_at = None;
        }
        self.changed();
    }

    /// End the login's subscription, its last SUBSCRIBE saying `sign-out`.
    fn end_acd_subscription(&mut self) {
        if let Some((line, sub)) = self.acd.login.take() {
            if let Some(ua) = self.lines.get_mut(line) {
                let user = ua.account().user.clone();
                let body = set_agent_state(&user, AgentState::LoggedOut, None);
                ua.unsubscribe_with_body(sub, CONTENT_TYPE, &body);
            }
        }
    }

    /// The server refused a SUBSCRIBE of line `line`'s subscription `sub`. Refused at
    /// login: not logged in. Refused later, a state change: back to the state the server
    /// last said, which the subscription then asks for again.
    pub(super) fn on_acd_refused(&mut self, line: usize, sub: SubRef, code: u16) {
        if self.acd.login != Some((line, sub)) {
            return;
        }
        if let Some((state, reason)) = self.acd.confirmed {
            let asked = self.acd.state;
            let changed = (asked, self.acd.reason) != (state, reason);
            self.acd.state = state;
            self.acd.reason = reason;
            self.acd.ready_at = None;
            let code_text = self.reason_code(reason);
            if let Some(ua) = self.lines.get_mut(line) {
                let user = ua.account().user.clone();
                let body = set_agent_state(&user, state, code_text.as_deref());
                ua.keep_subscription_body(sub, CONTENT_TYPE, &body);
            }
            self.out.push_back(Output::Log(format!(
                "ACD: the server refused {} ({code}); still {}",
                asked.label(),
                state.label()
            )));
            if changed {
                self.idle_notice(format!("ACD: {} refused ({code})", asked.label()));
            }
            return;
        }
        self.end_acd_subscription();
        self.acd = Acd {
            settings: std::mem::take(&mut self.acd.settings),
            ..Acd::default()
        };
        self.out.push_back(Output::Log(format!(
            "ACD: the server refused the login ({code})"
        )));
        self.idle_notice(format!("ACD login failed ({code})"));
    }

    /// An answered call on the ACD line ended: wrap-up, ready again after the auto timer.
    pub(super) fn acd_call_ended(&mut self, line: usize) {
        let Some(timer) = self.acd.settings.auto_ready else {
            return;
        };
        if self.acd.login.map(|(l, _)| l) != Some(line) || self.acd.state != AgentState::Ready {
            return;
        }
        self.ask_agent_state(AgentState::WrapUp, None);
        self.acd.ready_at = Some(self.now + timer);
    }

    /// Wrap-up's time is up: ready again.
    pub(super) fn acd_ready_when_due(&mut self) {
        if self.acd.ready_at.is_some_and(|t| self.now >= t) {
            self.acd.ready_at = None;
            if self.acd.state == AgentState::WrapUp {
                self.ask_agent_state(AgentState::Ready, None);
            }
        }
    }

    /// The ACD page's rows: each state to ask for, the reasons, and logging out.
    pub(super) fn acd_choices(&self) -> Vec<(String, AcdChoice)> {
        let mark = |on: bool| if on { " *" } else { "" };
        let a = &self.acd;
        let mut rows = vec![(
            format!("Ready{}", mark(a.state == AgentState::Ready)),
            AcdChoice::Ready,
        )];
        rows.push((
            format!(
                "Not ready{}",
                mark(a.state == AgentState::NotReady && a.reason.is_none())
            ),
            AcdChoice::NotReady(None),
        ));
        for (i, r) in a.settings.reasons.iter().enumerate() {
            rows.push((
                format!(
                    "Not ready: {}{}",
                    r.name,
                    mark(a.state == AgentState::NotReady && a.reason == Some(i))
                ),
                AcdChoice::NotReady(Some(i)),
            ));
        }
        if self.acw_offered() {
            rows.push((
                format!("Wrap-up{}", mark(a.state == AgentState::WrapUp)),
                AcdChoice::WrapUp,
            ));
        }
        rows.push(("Log out".into(), AcdChoice::LogOut));
        rows
    }

    /// The idle screen's ACD row (`ACD: Not ready (Lunch)`), when logged in.
    pub(super) fn acd_row(&self) -> Option<String> {
        self.acd.login?;
        let reason = (self.acd.reason)
            .and_then(|r| self.acd.settings.reasons.get(r))
            .map(|r| format!(" ({})", r.name))
            .unwrap_or_default();
        Some(format!("ACD: {}{reason}", self.acd.state.label()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_names_the_device_the_state_and_the_reason() {
        let body = set_agent_state("1001", AgentState::NotReady, Some("3<"));
        assert_eq!(element_text(&body, "device"), Some("1001"));
        assert_eq!(element_text(&body, "agentState"), Some("unavailable"));
        assert_eq!(
            element_text(&body, "agentStateUnavailableCode"),
            Some("3&lt;")
        );
    }

    #[test]
    fn events_in_broadsoft_or_csta_words_are_understood() {
        let ev =
            |s: &str| format!("<AgentStateEvent><agentState>{s}</agentState></AgentStateEvent>");
        assert_eq!(
            agent_state_event(&ev("available")),
            Some((AgentState::Ready, None))
        );
        assert_eq!(
            agent_state_event(&ev("workingAfterCall")),
            Some((AgentState::WrapUp, None))
        );
        assert_eq!(
            agent_state_event(&ev("sign-out")),
            Some((AgentState::LoggedOut, None))
        );
        assert_eq!(
            agent_state_event(&ev("sign-in")),
            Some((AgentState::NotReady, None))
        );
        assert_eq!(agent_state_event(&ev("dancing")), None);
        assert_eq!(agent_state_event("not xml"), None);
    }

    #[test]
    fn the_state_is_found_after_an_element_whose_name_starts_alike() {
        let body = "<AgentStateEvent><agentStateUnavailableCode>2</agentStateUnavailableCode>\
                    <agentState>unavailable</agentState></AgentStateEvent>";
        assert_eq!(
            agent_state_event(body),
            Some((AgentState::NotReady, Some("2".into())))
        );
    }

    #[test]
    fn settings_out_of_the_manuals_bounds_are_refused() {
        let long = AcdSettings {
            auto_ready: Some(Duration::secs(181)),
            reasons: vec![],
            ..AcdSettings::default()
        };
        assert!(long.checked().is_err());
        let nameless = AcdSettings {
            auto_ready: None,
            reasons: vec![AcdReason {
                code: "1".into(),
                name: " ".into(),
            }],
            ..AcdSettings::default()
        };
        assert!(nameless.checked().is_err());
    }
}
