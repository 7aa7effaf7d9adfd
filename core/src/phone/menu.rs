//! The phone's menus at idle: the main menu, the call history lists, the directory, the
//! features (DND, call waiting) and the status page. Up and Down move the cursor, OK (or
//! Right, or the Enter soft key) opens or toggles, Left, Cancel or Back go back, and Send or
//! Dial calls the entry under the cursor.

use super::directory::{groups, Blacklist};
use super::history::HistoryKind;
use super::keys::SoftAction;
use super::Phone;
use crate::sip::ua::UserAgent;

/// A page of the menus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Page {
    Main,
    /// The three history lists.
    HistoryLists,
    History(HistoryKind),
    /// The phonebook's views: all contacts, each group, the blacklist.
    Directory,
    /// The contacts of a group (by its place in [`super::directory::groups`]), or all.
    Contacts(Option<usize>),
    Blacklist,
    Features,
    Status,
    /// Voicemail and the text messages received.
    Messages,
    /// Volumes and the time format.
    Settings,
    /// Hot desking's question before it clears the accounts (Dinstar §3.18).
    HotDesk,
    /// The agent's choices once logged in to the call distributor.
    Acd,
    /// A page of the XML browser (or of a remote phonebook), by its level.
    Browser(usize),
}

impl Page {
    /// The page's title (its first screen row); a group's page is titled by the phone.
    fn title(self) -> &'static str {
        match self {
            Page::Main => "Menu",
            Page::HistoryLists => "History",
            Page::History(kind) => kind.title(),
            Page::Directory => "Directory",
            Page::Contacts(None) => "All contacts",
            Page::Contacts(Some(_)) => "Group",
            Page::Blacklist => "Blacklist",
            Page::Features => "Features",
            Page::Status => "Status",
            Page::Messages => "Messages",
            Page::Settings => "Settings",
            Page::HotDesk => "Hot desking",
            Page::Acd => "ACD",
            Page::Browser(_) => "Browser",
        }
    }

    /// The page's name in the view (`history-missed`), for the face and tests.
    pub fn name(self) -> &'static str {
        match self {
            Page::Main => "menu",
            Page::HistoryLists => "history",
            Page::History(HistoryKind::Missed) => "history-missed",
            Page::History(HistoryKind::Received) => "history-received",
            Page::History(HistoryKind::Dialed) => "history-dialed",
            Page::History(HistoryKind::Forwarded) => "history-forwarded",
            Page::Directory => "directory",
            Page::Contacts(None) => "directory-all",
            Page::Contacts(Some(_)) => "directory-group",
            Page::Blacklist => "blacklist",
            Page::Features => "features",
            Page::Status => "status",
            Page::Messages => "messages",
            Page::Settings => "settings",
            Page::HotDesk => "hot-desking",
            Page::Acd => "acd",
            Page::Browser(_) => "browser",
        }
    }
}

/// A feature the Features page switches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Feature {
    Dnd,
    CallWaiting,
    /// Every call answered by itself, on the speaker (per account; the page sets all).
    AutoAnswer,
    /// Intercom calls answered by themselves (CP860 `features.intercom.allow`).
    Intercom,
    KeypadLock,
    Forward,
    /// OK steps the level up, wrapping to silent after the loudest.
    RingerVolume,
    CallVolume,
    TimeFormat,
    DateFormat,
    /// OK steps to the next built-in language.
    Language,
    RingTone,
}

/// What choosing an item does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum ItemAction {
    Open(Page),
    /// Call `number` (`name` is who it is, for the blacklist); `reply`: a text message can
    /// be written back to it (a received message's sender).
    Dial {
        line: usize,
        number: String,
        name: String,
        reply: bool,
        /// The entry's place in the directory (a contact can be edited and deleted).
        contact: Option<usize>,
    },
    /// A blacklist entry.
    Blocked {
        number: String,
    },
    /// Write a new text message.
    Compose,
    /// Add a contact to the directory.
    AddContact,
    Toggle(Feature),
    /// Open a remote phonebook (or any page a server writes) under this title.
    Browse {
        title: String,
        url: String,
    },
    /// Follow a browser page's row to the next level.
    Follow {
        level: usize,
        target: super::xml_browser::Target,
    },
    /// Ask the call distributor for a state.
    Acd(super::acd::AcdChoice),
    /// Nothing: a line of information.
    Show,
}

/// One row of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Item {
    pub text: String,
    pub action: ItemAction,
}

/// Where the user is in the menus: the page, the cursor, and the way back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Menu {
    pub page: Page,
    pub cursor: usize,
    back: Vec<(Page, usize)>,
}

impl Menu {
    pub fn at(page: Page) -> Menu {
        Menu {
            page,
            cursor: 0,
            back: Vec::new(),
        }
    }

    /// Go to `page`, with the way back to where the cursor is.
    pub fn push(&mut self, page: Page) {
        self.back.push((self.page, self.cursor));
        self.page = page;
        self.cursor = 0;
    }
}

/// A menu key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Nav {
    Up,
    Down,
    /// OK, Right, Enter: open or toggle (or dial a dialable entry).
    Choose,
    /// Send, Dial: call the entry (on a page or a switch, as Choose).
    Dial,
    /// Left, Cancel, Back.
    Back,
}

impl Phone {
    /// The rows of `page`.
    pub(super) fn menu_items(&self, page: Page) -> Vec<Item> {
        let open = |text: &str, page| Item {
            text: text.to_string(),
            action: ItemAction::Open(page),
        };
        let show = |text: String| Item {
            text,
            action: ItemAction::Show,
        };
        let on_off = |on: bool| if on { "On" } else { "Off" };
        match page {
            Page::Main => vec![
                open("Messages", Page::Messages),
                open("History", Page::HistoryLists),
                open("Directory", Page::Directory),
                open("Features", Page::Features),
                open("Settings", Page::Settings),
                open("Status", Page::Status),
            ],
            Page::HistoryLists => [
                HistoryKind::Missed,
                HistoryKind::Received,
                HistoryKind::Dialed,
                HistoryKind::Forwarded,
            ]
            .into_iter()
            .map(|k| {
                let n = self.history.list(k).len();
                open(&format!("{} ({n})", k.title()), Page::History(k))
            })
            .collect(),
            Page::History(kind) => self
                .history
                .list(kind)
                .iter()
                .map(|e| {
                    let when =
                        e.at.map(|t| format!(" {}", t.civil().time()))
                            .unwrap_or_default();
                    Item {
                        text: format!("{}{when}", e.party.label()),
                        action: ItemAction::Dial {
                            line: e.line,
                            number: e.number.clone(),
                            name: e.party.label(),
                            reply: false,
                            contact: None,
                        },
                    }
                })
                .collect(),
            Page::Directory => {
                let groups = groups(&self.directory);
                let mut rows = vec![open(
                    &format!("All contacts ({})", self.directory.len()),
                    Page::Contacts(None),
                )];
                rows.extend(groups.iter().enumerate().map(|(i, g)| {
                    let n = (self.directory.iter())
                        .filter(|c| c.group.as_deref() == Some(*g))
                        .count();
                    open(&format!("{g} ({n})"), Page::Contacts(Some(i)))
                }));
                rows.push(open(
                    &format!("Blacklist ({})", self.blacklist.entries().len()),
                    Page::Blacklist,
                ));
                rows.extend(self.remote_books().iter().map(|b| Item {
                    text: format!("Remote: {}", b.name),
                    action: ItemAction::Browse {
                        title: b.name.clone(),
                        url: b.url.clone(),
                    },
                }));
                rows
            }
            Page::Contacts(group) => {
                let name =
                    group.and_then(|i| groups(&self.directory).get(i).map(|g| g.to_string()));
                let mut rows: Vec<Item> = (self.directory.iter().enumerate())
                    .filter(|(_, c)| group.is_none() || c.group == name)
                    .map(|(i, c)| Item {
                        text: format!("{} {}", c.name, c.number),
                        action: ItemAction::Dial {
                            line: self.default_line,
                            number: c.number.clone(),
                            name: c.name.clone(),
                            reply: false,
                            contact: Some(i),
                        },
                    })
                    .collect();
                if group.is_none() {
                    rows.push(Item {
                        text: "Add contact".into(),
                        action: ItemAction::AddContact,
                    });
                }
                rows
            }
            Page::Blacklist => (self.blacklist.entries().iter())
                .map(|c| Item {
                    text: format!("{} {}", c.name, c.number),
                    action: ItemAction::Blocked {
                        number: c.number.clone(),
                    },
                })
                .collect(),
            Page::Features => vec![
                Item {
                    text: format!("DND: {}", on_off(self.dnd)),
                    action: ItemAction::Toggle(Feature::Dnd),
                },
                Item {
                    text: format!("Call waiting: {}", on_off(self.call_waiting())),
                    action: ItemAction::Toggle(Feature::CallWaiting),
                },
                Item {
                    text: match (&self.forward.always, self.forward.always_on) {
                        (Some(t), true) => format!("Forward: On {t}"),
                        (Some(_), false) => "Forward: Off".into(),
                        (None, _) => "Forward: no number set".into(),
                    },
                    action: ItemAction::Toggle(Feature::Forward),
                },
                Item {
                    text: "Keypad lock".into(),
                    action: ItemAction::Toggle(Feature::KeypadLock),
                },
                Item {
                    text: format!(
                        "Auto answer: {}",
                        on_off(self.every_line(|a| a.auto_answer))
                    ),
                    action: ItemAction::Toggle(Feature::AutoAnswer),
                },
                Item {
                    text: format!(
                        "Intercom: {}",
                        on_off(self.every_line(|a| a.allow_intercom))
                    ),
                    action: ItemAction::Toggle(Feature::Intercom),
                },
            ],
            Page::Messages => {
                let mut rows = Vec::new();
                let line = self.default_line;
                if let Some(vm) = self.account(line).and_then(|a| a.voicemail.clone()) {
                    rows.push(Item {
                        text: format!("Voicemail: {} new", self.voicemail().0),
                        action: ItemAction::Dial {
                            line,
                            number: vm,
                            name: "Voicemail".into(),
                            reply: false,
                            contact: None,
                        },
                    });
                }
                rows.extend(self.inbox.messages().iter().map(|m| Item {
                    text: format!("{}: {}", m.from.label(), m.text),
                    // Dial calls the sender back.
                    action: ItemAction::Dial {
                        line: m.line,
                        number: m.from.uri.clone(),
                        name: m.from.label(),
                        reply: true,
                        contact: None,
                    },
                }));
                // Last, so that the page opens on what arrived.
                rows.push(Item {
                    text: "New message".into(),
                    action: ItemAction::Compose,
                });
                rows
            }
            Page::Settings => vec![
                Item {
                    text: format!(
                        "Ringer volume: {}/{}",
                        self.ringer_volume,
                        self.volume_steps()
                    ),
                    action: ItemAction::Toggle(Feature::RingerVolume),
                },
                Item {
                    text: format!(
                        "Call volume: {}/{}",
                        self.call_volume(),
                        self.volume_steps()
                    ),
                    action: ItemAction::Toggle(Feature::CallVolume),
                },
                Item {
                    text: format!("Ring tone: Ring {}", self.ring_tone),
                    action: ItemAction::Toggle(Feature::RingTone),
                },
                Item {
                    text: format!(
                        "Time format: {}",
                        if self.clock_24h { "24 hour" } else { "12 hour" }
                    ),
                    action: ItemAction::Toggle(Feature::TimeFormat),
                },
                Item {
                    // Today's date in the format, or its pattern before the clock is known.
                    text: format!(
                        "Date format: {}",
                        self.wall_now()
                            .map_or(self.date_format.pattern().to_string(), |w| w
                                .civil()
                                .date_in(self.date_format))
                    ),
                    action: ItemAction::Toggle(Feature::DateFormat),
                },
                Item {
                    text: format!("Language: {}", self.language.name),
                    action: ItemAction::Toggle(Feature::Language),
                },
            ],
            Page::HotDesk => vec![show("Clear all accounts?".into())],
            Page::Browser(level) => (self.browser_rows(level).into_iter())
                .map(|(text, target)| {
                    use super::xml_browser::Target;
                    let action = match target {
                        Target::Dial(number) => ItemAction::Dial {
                            line: self.default_line,
                            name: text.clone(),
                            number,
                            reply: false,
                            contact: None,
                        },
                        Target::None => ItemAction::Show,
                        target => ItemAction::Follow { level, target },
                    };
                    Item { text, action }
                })
                .collect(),
            Page::Acd => (self.acd_choices().into_iter())
                .map(|(text, choice)| Item {
                    text,
                    action: ItemAction::Acd(choice),
                })
                .collect(),
            Page::Status => {
                let mut rows: Vec<Item> = self
                    .lines
                    .iter()
                    .enumerate()
                    .map(|(n, ua)| {
                        let line = super::view::LineView::of(ua);
                        show(format!("Line {} {}: {}", n + 1, line.label, line.detail))
                    })
                    .collect();
                rows.push(show(format!("Model: {}", self.profile.name)));
                rows
            }
        }
    }

    /// Call waiting as the Features page shows it: on when every line has it on.
    fn call_waiting(&self) -> bool {
        self.every_line(|a| a.call_waiting)
    }

    /// Whether every line's account has `setting` on (the Features page shows a per-account
    /// setting as one switch).
    fn every_line(&self, setting: impl Fn(&crate::sip::account::Account) -> bool) -> bool {
        self.lines.iter().all(|ua| setting(ua.account()))
    }

    /// Switch a per-account setting on every line: on unless every line has it on.
    fn switch_every_line(
        &mut self,
        setting: impl Fn(&crate::sip::account::Account) -> bool,
        set: impl Fn(&mut UserAgent, bool),
    ) {
        let on = !self.every_line(setting);
        for ua in &mut self.lines {
            set(ua, on);
        }
    }

    /// Open the menus at `page` (at idle only).
    pub(super) fn open_menu(&mut self, page: Page) {
        if !self.calls.is_empty() || self.dialing.is_some() {
            return;
        }
        if page == Page::History(HistoryKind::Missed) {
            self.history.unseen_missed = 0;
        }
        if page == Page::Messages {
            self.inbox.unread = 0;
        }
        self.notice = None;
        self.menu = Some(Menu::at(page));
        self.changed();
    }

    /// Back to All contacts from the contact form, with the directory behind it.
    pub(super) fn open_contacts(&mut self) {
        self.open_menu(Page::Directory);
        if let Some(m) = &mut self.menu {
            m.back.push((Page::Directory, 0));
            m.page = Page::Contacts(None);
        }
    }

    /// A menu key while a page shows.
    pub(super) fn on_nav(&mut self, nav: Nav) {
        let Some(menu) = self.menu.clone() else {
            return;
        };
        let items = self.menu_items(menu.page);
        let count = items.len();
        let chosen = items.get(menu.cursor).map(|i| i.action.clone());
        match nav {
            Nav::Up | Nav::Down if count > 0 => {
                let cursor = if nav == Nav::Up {
                    (menu.cursor + count - 1) % count
                } else {
                    (menu.cursor + 1) % count
                };
                if let Some(m) = &mut self.menu {
                    m.cursor = cursor;
                }
            }
            Nav::Up | Nav::Down => {}
            Nav::Back => match self.menu.as_mut().and_then(|m| m.back.pop()) {
                Some((page, cursor)) => {
                    if let Some(m) = &mut self.menu {
                        m.page = page;
                        m.cursor = cursor;
                    }
                }
                None => self.menu = None,
            },
            Nav::Choose | Nav::Dial => match chosen {
                // Send (Enter on a computer keyboard) opens and toggles as OK does.
                Some(ItemAction::Open(page)) => {
                    if page == Page::History(HistoryKind::Missed) {
                        self.history.unseen_missed = 0;
                    }
                    if page == Page::Messages {
                        self.inbox.unread = 0;
                    }
                    if let Some(m) = &mut self.menu {
                        m.back.push((m.page, m.cursor));
                        m.page = page;
                        m.cursor = 0;
                    }
                }
                Some(ItemAction::Toggle(feature)) => self.toggle(feature),
                Some(ItemAction::Acd(choice)) => self.acd_choose(choice),
                Some(ItemAction::Browse { title, url }) => self.browse(&title, &url),
                Some(ItemAction::Follow { level, target }) => self.follow(level, target),
                Some(ItemAction::Compose) => self.start_compose(None),
                Some(ItemAction::AddContact) => self.start_contact_form(None),
                Some(ItemAction::Dial { line, number, .. }) => {
                    self.menu = None;
                    self.dial(line, &number);
                }
                _ => {}
            },
        }
        self.changed();
    }

    /// Write a text message back to the sender under the cursor.
    pub(super) fn reply_chosen(&mut self) {
        let Some(menu) = self.menu.clone() else {
            return;
        };
        if let Some(ItemAction::Dial {
            number,
            reply: true,
            ..
        }) = self
            .menu_items(menu.page)
            .get(menu.cursor)
            .map(|i| i.action.clone())
        {
            self.start_compose(Some(number));
        }
    }

    /// Block (or unblock) the number under the cursor.
    pub(super) fn block_chosen(&mut self, block: bool) {
        let Some(menu) = self.menu.clone() else {
            return;
        };
        match self
            .menu_items(menu.page)
            .get(menu.cursor)
            .map(|i| i.action.clone())
        {
            Some(ItemAction::Dial { number, name, .. }) if block => {
                self.blacklist.add(&name, &number);
            }
            Some(ItemAction::Blocked { number }) if !block => {
                self.blacklist.remove(&number);
                let left = self.blacklist.entries().len();
                if let Some(m) = &mut self.menu {
                    m.cursor = m.cursor.min(left.saturating_sub(1));
                }
            }
            _ => return,
        }
        self.changed();
    }

    /// Edit (or delete) the contact under the cursor.
    pub(super) fn edit_chosen(&mut self, delete: bool) {
        let Some(menu) = self.menu.clone() else {
            return;
        };
        let Some(ItemAction::Dial {
            contact: Some(i), ..
        }) = (self.menu_items(menu.page).get(menu.cursor)).map(|i| i.action.clone())
        else {
            return;
        };
        if !delete {
            self.start_contact_form(Some(i));
            return;
        }
        if i < self.directory.len() {
            self.directory.remove(i);
        }
        // The page may now be empty (a group's last contact): the cursor stays on the page.
        let left = self.menu_items(menu.page).len();
        if let Some(m) = &mut self.menu {
            m.cursor = m.cursor.min(left.saturating_sub(1));
        }
        self.changed();
    }

    /// Switch a feature from the Features page or its key.
    pub(super) fn toggle(&mut self, feature: Feature) {
        match feature {
            Feature::Dnd => self.dnd = !self.dnd,
            Feature::KeypadLock => self.lock_keypad(),
            Feature::RingerVolume => {
                self.ringer_volume = (self.ringer_volume + 1) % (self.volume_steps() + 1)
            }
            Feature::CallVolume => {
                let steps = self.volume_steps();
                let level = self.call_volume_mut();
                *level = (*level + 1) % (steps + 1)
            }
            Feature::TimeFormat => self.clock_24h = !self.clock_24h,
            Feature::Language => {
                let all = super::lang::Catalogue::builtin();
                let at = all.iter().position(|c| c.code == self.language.code);
                let next = at.map_or(0, |i| (i + 1) % all.len());
                self.language = all[next].clone();
            }
            Feature::DateFormat => self.date_format = self.date_format.next(),
            Feature::RingTone => self.ring_tone = self.ring_tone % super::RING_TONES + 1,
            Feature::Forward => {
                if self.forward.always.is_some() {
                    self.forward.always_on = !self.forward.always_on;
                }
            }
            Feature::CallWaiting => {
                self.switch_every_line(|a| a.call_waiting, UserAgent::set_call_waiting)
            }
            Feature::AutoAnswer => {
                self.switch_every_line(|a| a.auto_answer, UserAgent::set_auto_answer)
            }
            Feature::Intercom => {
                self.switch_every_line(|a| a.allow_intercom, UserAgent::set_allow_intercom)
            }
        }
        self.changed();
    }

    /// Whether a soft action applies on the current page.
    pub(super) fn menu_action_available(&self, action: SoftAction) -> bool {
        let Some(menu) = &self.menu else {
            return false;
        };
        let items = self.menu_items(menu.page);
        let chosen = items.get(menu.cursor).map(|i| &i.action);
        match action {
            SoftAction::Enter => matches!(
                chosen,
                Some(
                    ItemAction::Open(_)
                        | ItemAction::Toggle(_)
                        | ItemAction::Compose
                        | ItemAction::AddContact
                        | ItemAction::Acd(_)
                        | ItemAction::Browse { .. }
                        | ItemAction::Follow { .. }
                )
            ),
            SoftAction::Dial => matches!(chosen, Some(ItemAction::Dial { .. })),
            // Callers from the history lists and contacts can be blocked.
            SoftAction::Block => match chosen {
                Some(ItemAction::Dial { number, .. }) => {
                    matches!(menu.page, Page::History(_) | Page::Contacts(_))
                        && !self.blacklist.blocks(number)
                        && self.blacklist.entries().len() < Blacklist::MAX
                }
                _ => false,
            },
            SoftAction::Unblock => matches!(chosen, Some(ItemAction::Blocked { .. })),
            SoftAction::Reply => matches!(chosen, Some(ItemAction::Dial { reply: true, .. })),
            SoftAction::Edit | SoftAction::Delete => matches!(
                chosen,
                Some(ItemAction::Dial {
                    contact: Some(_),
                    ..
                })
            ),
            SoftAction::Clear => menu.page == Page::HotDesk,
            SoftAction::Back => true,
            _ => false,
        }
    }

    /// The screen of the page on show: its title, then the items around the cursor as many
    /// as the display has rows for, and which row is highlighted.
    pub(super) fn menu_screen(&self, menu: &Menu) -> (Vec<String>, Option<usize>) {
        let items = self.menu_items(menu.page);
        let rows = self.profile.display.map_or(4, |d| d.rows).max(2) - 1;
        let first = menu
            .cursor
            .saturating_sub(rows - 1)
            .min(items.len().saturating_sub(rows));
        let title = match menu.page {
            Page::Contacts(Some(i)) => groups(&self.directory)
                .get(i)
                .map_or("Group".to_string(), |g| g.to_string()),
            Page::Browser(level) => self.browser_title(level),
            page => page.title().to_string(),
        };
        let mut screen = vec![title];
        if items.is_empty() {
            screen.push("(empty)".to_string());
            return (screen, None);
        }
        screen.extend(items.iter().skip(first).take(rows).map(|i| i.text.clone()));
        (screen, Some(1 + menu.cursor - first))
    }
}
