//! Hot desking (Dinstar C60S §3.18): on a phone people share, the Hot Desking key at idle
//! asks "Clear all accounts?"; Clear takes every line's account off the server and opens
//! the sign-in form, where the next user keys in a user name and password (with the IME)
//! and Save registers line 1 as them, on the same server. Until then the lines show no
//! account and place no calls.

use super::menu::Page;
use super::presence::BlfState;
use super::{Output, Phone};

impl Phone {
    /// The Hot Desking key: its question, at idle only.
    pub(super) fn hot_desk(&mut self) {
        if self.calls.is_empty() && self.dialing.is_none() {
            self.form = None;
            self.open_menu(Page::HotDesk);
        }
    }

    /// Clear: every line signs out, and the sign-in form opens for line 1.
    pub(super) fn clear_accounts(&mut self) {
        // The agent leaves the call distributor with the desk.
        if self.acd.login.is_some() {
            self.acd_choose(super::acd::AcdChoice::LogOut);
        }
        let now = self.now;
        for ua in &mut self.lines {
            ua.sign_out(now);
        }
        // What the old accounts were told goes with them, a list's members too.
        self.dss.retain(|s| s.member_of.is_none());
        for slot in &mut self.dss {
            slot.sub = None;
            slot.blf = BlfState::Unknown;
            slot.ringing = None;
        }
        self.mwi.iter_mut().for_each(|m| *m = None);
        self.out
            .push_back(Output::Log("hot desking: every account cleared".into()));
        self.menu = None;
        self.start_account_form(0);
        self.drain_lines();
    }

    /// The sign-in form's Save: line `line` takes `user`'s account on its server, registers,
    /// and its BLF keys and message summary subscribe again for the new user.
    pub(super) fn sign_in(&mut self, line: usize, user: &str, password: &str) {
        let now = self.now;
        let Some(ua) = self.lines.get_mut(line) else {
            return;
        };
        let mut account = ua.account().clone();
        account.user = user.to_string();
        account.auth_user = None;
        account.password = password.to_string();
        account.display_name = None;
        account.label = user.to_string();
        ua.sign_in(account, now);
        if ua.account().subscribe_mwi {
            let aor = ua.account().aor();
            ua.subscribe(
                "message-summary",
                "application/simple-message-summary",
                &aor,
            );
        }
        for n in 0..self.dss.len() {
            if self.dss[n].key.line == line {
                let key = self.dss[n].key.clone();
                self.dss[n].sub = self.subscribe_key(&key);
            }
        }
        self.out.push_back(Output::Log(format!(
            "hot desking: line {} signs in as {user}",
            line + 1
        )));
        self.changed();
        self.drain_lines();
    }
}
