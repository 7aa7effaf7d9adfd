//! The XML browser and the remote phonebooks: pages a server writes for the phone (Dinstar
//! C60S §3.19 XML Browser key; Book > Remote Phone Book, up to five "Remote URL" and
//! "Display Name" pairs).
//!
//! The manuals give no schema, so the phone reads the XML objects such phones commonly take,
//! whatever vendor prefix their root carries (`YealinkIPPhoneTextMenu`, `CiscoIPPhoneMenu`...):
//! - a text screen (`...TextScreen`, `...Text`): `Title`, `Text`;
//! - a menu (`...TextMenu`, `...Menu`): `Title`, `MenuItem`s with `Prompt` or `Name`, and
//!   `URI` or `URL` to another page (relative to this one) or a number to dial;
//! - a directory (`...Directory`): `Title`, `DirectoryEntry`s with `Name` and `Telephone`;
//! - a phonebook (`...PhoneBook`, `...Book`): `Menu Name="group"` elements holding `Unit`s
//!   with `Name` and `Phone1` to `Phone3` attributes.
//!
//! Fetching is the driver's: the core asks with [`super::Output::Fetch`] and is answered with
//! [`super::Input::Fetched`]. A document the phone cannot read, or a failed fetch, shows as an
//! error page; nothing else changes.

use super::menu::Page;
use super::{Output, Phone};

/// The most remote phonebooks a phone keeps (the Dinstar's five).
pub const MAX_REMOTE_BOOKS: usize = 5;
/// The largest document read (bytes).
pub const MAX_DOCUMENT: usize = 256 * 1024;
/// The most entries kept from one document (the Dinstar's 1000 contacts).
pub const MAX_ENTRIES: usize = 1000;
/// How deep pages may be followed from the first.
const MAX_DEPTH: usize = 8;

/// One remote phonebook: where it is and what the Directory calls it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteBook {
    /// Display Name.
    pub name: String,
    /// Remote URL (http or https).
    pub url: String,
}

/// A handle for one fetch the core asked the driver for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FetchId(pub u32);

/// What a row of a page leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// Another page, fetched.
    Url(String),
    /// A number to call.
    Dial(String),
    /// A page carried inside this document (a phonebook's group).
    Inline(Box<Document>),
    /// Nothing (a line of text).
    None,
}

/// A page the server wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Document {
    pub title: String,
    /// The rows, each with what choosing it does.
    pub rows: Vec<(String, Target)>,
}

/// Read a document fetched from `base` (for its relative links).
pub(super) fn parse(xml: &str, base: &str) -> Result<Document, String> {
    if xml.len() > MAX_DOCUMENT {
        return Err(format!(
            "the page is larger than {} KiB",
            MAX_DOCUMENT / 1024
        ));
    }
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    let kind = root.tag_name().name().to_ascii_lowercase();
    let title = child_text(root, &["Title"]).unwrap_or_default();
    let rows = if kind.ends_with("textscreen") || kind.ends_with("text") {
        let text = child_text(root, &["Text"]).unwrap_or_default();
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| (l.to_string(), Target::None))
            .collect()
    } else if kind.ends_with("directory") {
        elements(root, "DirectoryEntry")
            .into_iter()
            .filter_map(|e| {
                let name = child_text(e, &["Name"]).unwrap_or_default();
                let number = child_text(e, &["Telephone"]).filter(|n| !n.is_empty())?;
                Some((row_label(&name, &number), Target::Dial(number)))
            })
            .collect()
    } else if kind.ends_with("phonebook") || kind.ends_with("book") {
        elements(root, "Menu")
            .into_iter()
            .map(|group| {
                let name = group.attribute("Name").unwrap_or("Contacts").to_string();
                let rows = elements(group, "Unit")
                    .into_iter()
                    .filter_map(|u| {
                        let who = u.attribute("Name").unwrap_or_default();
                        let number = ["Phone1", "Phone2", "Phone3"]
                            .iter()
                            .find_map(|a| u.attribute(*a).filter(|n| !n.trim().is_empty()))?;
                        Some((
                            row_label(who, number),
                            Target::Dial(number.trim().to_string()),
                        ))
                    })
                    .collect();
                let page = Document {
                    title: name.clone(),
                    rows,
                };
                (name, Target::Inline(Box::new(page)))
            })
            .collect()
    } else if kind.ends_with("menu") {
        elements(root, "MenuItem")
            .into_iter()
            .map(|item| {
                let prompt = child_text(item, &["Prompt", "Name"]).unwrap_or_default();
                let target = match child_text(item, &["URI", "URL"]) {
                    Some(u) if !u.is_empty() => link(base, &u),
                    _ => Target::None,
                };
                (prompt, target)
            })
            .collect()
    } else {
        return Err(format!(
            "a <{}> page is not one the phone shows",
            root.tag_name().name()
        ));
    };
    Ok(Document { title, rows })
}

/// The text of `node`'s first child element named one of `names` (any case).
fn child_text(node: roxmltree::Node<'_, '_>, names: &[&str]) -> Option<String> {
    node.children()
        .filter(|c| c.is_element())
        .find(|c| {
            names
                .iter()
                .any(|n| c.tag_name().name().eq_ignore_ascii_case(n))
        })
        .map(|c| c.text().unwrap_or_default().trim().to_string())
}

/// `node`'s child elements named `name` (any case), at most [`MAX_ENTRIES`].
fn elements<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Vec<roxmltree::Node<'a, 'input>> {
    node.children()
        .filter(|c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name))
        .take(MAX_ENTRIES)
        .collect()
}

fn row_label(name: &str, number: &str) -> String {
    if name.trim().is_empty() {
        number.trim().to_string()
    } else {
        format!("{} {}", name.trim(), number.trim())
    }
}

/// Where a menu item leads: a page (resolved against `base`), or a number (`tel:`, `sip:`,
/// `Dial:`, or bare digits).
fn link(base: &str, uri: &str) -> Target {
    let uri = uri.trim();
    if uri.chars().any(char::is_control) {
        // A CR or LF would split the HTTP request or the SIP message it goes into.
        return Target::None;
    }
    let lower = uri.to_ascii_lowercase();
    for scheme in ["tel:", "dial:", "sip:"] {
        if lower.starts_with(scheme) {
            let rest = &uri[scheme.len()..];
            return Target::Dial(if scheme == "sip:" { uri } else { rest }.to_string());
        }
    }
    if !uri.is_empty()
        && uri
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'*' || b == b'#')
    {
        return Target::Dial(uri.to_string());
    }
    Target::Url(resolve(base, uri).replace(' ', "%20"))
}

/// `reference` made absolute against `base` (RFC 3986 §5.2, for the forms pages use: an
/// absolute URL, an absolute path, or a path relative to the base's directory).
pub fn resolve(base: &str, reference: &str) -> String {
    let lower = reference.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return reference.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) if rest[i..].starts_with('/') => (&rest[..i], &rest[i..]),
        Some(i) => (&rest[..i], "/"),
        None => (rest, "/"),
    };
    if let Some(r) = reference.strip_prefix("//") {
        return format!("{scheme}://{r}");
    }
    if reference.starts_with('/') {
        return format!("{scheme}://{authority}{reference}");
    }
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in reference.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    // A trailing "." or ".." names a directory.
    let dir_ref = reference.ends_with("/.")
        || reference.ends_with("/..")
        || reference == "."
        || reference == "..";
    let mut joined = format!("{scheme}://{authority}/{}", parts.join("/"));
    if dir_ref && !joined.ends_with('/') {
        joined.push('/');
    }
    joined
}

/// The pages open, the first one at level 0, and a fetch under way.
#[derive(Clone, Debug, Default)]
pub(super) struct Browser {
    /// Each level's page: where it came from and what it says.
    pub pages: Vec<(String, Document)>,
    /// The fetch awaited, for which level, and its URL.
    pub pending: Option<(FetchId, usize, String)>,
    next_id: u32,
    /// Remote phonebooks, from the settings.
    pub books: Vec<RemoteBook>,
    /// The services page the Services key opens.
    pub services: Option<String>,
}

impl Phone {
    /// Set the remote phonebooks (at most five, each with a name and an http(s) URL); all or
    /// nothing.
    pub fn set_remote_books(&mut self, books: Vec<RemoteBook>) -> Result<(), String> {
        if books.len() > MAX_REMOTE_BOOKS {
            return Err(format!(
                "{} remote phonebooks given: at most {MAX_REMOTE_BOOKS}",
                books.len()
            ));
        }
        if let Some(b) = books
            .iter()
            .find(|b| !is_http(&b.url) || b.name.trim().is_empty())
        {
            return Err(format!(
                "remote phonebook {:?}: a name and an http:// or https:// URL are needed",
                b.name
            ));
        }
        self.browser.books = books;
        self.changed();
        Ok(())
    }

    /// Set the page the Services key opens (an http or https URL), or none.
    pub fn set_services_url(&mut self, url: Option<String>) -> Result<(), String> {
        if let Some(u) = url.as_deref().filter(|u| !is_http(u)) {
            return Err(format!(
                "services page {u:?}: an http:// or https:// URL is needed"
            ));
        }
        self.browser.services = url;
        Ok(())
    }

    /// The Services key: the services page; pressed on a browser page, back to idle (the
    /// SayHi's SERVICE key "opens/closes the Services menu"). A form being filled in
    /// (hot-desk sign-in, a contact) is not thrown away: the key does nothing then, and
    /// with no services page set it leaves whatever menu is open as it is.
    pub(super) fn on_service_key(&mut self) {
        if !self.calls.is_empty() || self.dialing.is_some() || self.form.is_some() {
            return;
        }
        if self
            .menu
            .as_ref()
            .is_some_and(|m| matches!(m.page, Page::Browser(_)))
        {
            self.menu = None;
            self.browser.pending = None;
            self.changed();
            return;
        }
        match self.browser.services.clone() {
            Some(url) => {
                self.menu = None;
                self.browse("Services", &url);
            }
            None => self.idle_notice("No services set".into()),
        }
    }

    /// Open `url` as the first page (the XML Browser key, a remote phonebook), titled
    /// `title` while it loads.
    pub(super) fn browse(&mut self, title: &str, url: &str) {
        if !self.calls.is_empty() || self.dialing.is_some() {
            return;
        }
        self.form = None;
        self.browser.pages.clear();
        match &mut self.menu {
            // From the Directory: Back returns there.
            Some(m) => m.push(Page::Browser(0)),
            None => self.open_menu(Page::Browser(0)),
        }
        if !is_http(url) {
            let page = error_page(title, "the key's value is not an http:// or https:// URL");
            self.browser.pages.push((url.to_string(), page));
            return;
        }
        self.fetch(0, title, url);
    }

    fn fetch(&mut self, level: usize, title: &str, url: &str) {
        self.browser.next_id = self.browser.next_id.wrapping_add(1);
        let id = FetchId(self.browser.next_id);
        self.browser.pages.truncate(level);
        self.browser.pages.push((
            url.to_string(),
            Document {
                title: title.to_string(),
                rows: vec![("Loading...".into(), Target::None)],
            },
        ));
        self.browser.pending = Some((id, level, url.to_string()));
        self.out
            .push_back(Output::Log(format!("XML browser: fetching {url}")));
        self.out.push_back(Output::Fetch {
            id,
            url: url.to_string(),
        });
        self.changed();
    }

    /// The driver's answer to a fetch: the page's text, or why there is none.
    pub(super) fn on_fetched(&mut self, id: FetchId, result: Result<String, String>) {
        let Some((want, level, url)) = self.browser.pending.clone() else {
            return;
        };
        if want != id {
            return; // an old fetch, given up
        }
        self.browser.pending = None;
        let title = (self.browser.pages.get(level))
            .map(|(_, d)| d.title.clone())
            .unwrap_or_default();
        let page = match result.and_then(|text| parse(&text, &url)) {
            Ok(mut doc) => {
                if doc.title.is_empty() {
                    doc.title = title;
                }
                doc
            }
            Err(e) => {
                self.out
                    .push_back(Output::Log(format!("XML browser: {url}: {e}")));
                error_page(&title, &e)
            }
        };
        if let Some(slot) = self.browser.pages.get_mut(level) {
            slot.1 = page;
        }
        self.changed();
    }

    /// Choose a row leading to another page: fetch it (or show the group it holds) one level
    /// down.
    pub(super) fn follow(&mut self, level: usize, target: Target) {
        if level + 1 >= MAX_DEPTH {
            return;
        }
        match target {
            Target::Url(url) => {
                let title = self.browser_title(level);
                self.fetch(level + 1, &title, &url);
            }
            Target::Inline(doc) => {
                let url = (self.browser.pages.get(level))
                    .map(|(u, _)| u.clone())
                    .unwrap_or_default();
                self.browser.pending = None;
                self.browser.pages.truncate(level + 1);
                self.browser.pages.push((url, *doc));
            }
            _ => return,
        }
        if let Some(m) = &mut self.menu {
            m.push(Page::Browser(level + 1));
        }
        self.changed();
    }

    /// The title of the page at `level`.
    pub(super) fn browser_title(&self, level: usize) -> String {
        (self.browser.pages.get(level))
            .map(|(_, d)| d.title.clone())
            .unwrap_or_default()
    }

    /// The rows of the page at `level`.
    pub(super) fn browser_rows(&self, level: usize) -> Vec<(String, Target)> {
        (self.browser.pages.get(level))
            .map(|(_, d)| d.rows.clone())
            .unwrap_or_default()
    }

    /// The remote phonebooks, for the Directory.
    pub(super) fn remote_books(&self) -> &[RemoteBook] {
        &self.browser.books
    }
}

fn error_page(title: &str, why: &str) -> Document {
    Document {
        title: title.to_string(),
        rows: vec![
            ("Load failed".into(), Target::None),
            (why.to_string(), Target::None),
        ],
    }
}

fn is_http(url: &str) -> bool {
    let l = url.trim().to_ascii_lowercase();
    !l.chars().any(char::is_control)
        && ((l.starts_with("http://") && l.len() > 7) || (l.starts_with("https://") && l.len() > 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "http://127.0.0.1:8001/xml/menu.xml?x=1";

    #[test]
    fn relative_links_resolve_against_the_page() {
        assert_eq!(
            resolve(BASE, "news.xml"),
            "http://127.0.0.1:8001/xml/news.xml"
        );
        assert_eq!(resolve(BASE, "../top.xml"), "http://127.0.0.1:8001/top.xml");
        assert_eq!(resolve(BASE, "/a/b.xml"), "http://127.0.0.1:8001/a/b.xml");
        assert_eq!(resolve(BASE, "https://x.test/p"), "https://x.test/p");
        assert_eq!(resolve("http://h", "p.xml"), "http://h/p.xml");
        assert_eq!(resolve("http://h?a=1", "p.xml"), "http://h/p.xml");
        assert_eq!(resolve("http://h#top", "/q.xml"), "http://h/q.xml");
    }

    #[test]
    fn a_configured_url_with_control_characters_is_not_http() {
        assert!(is_http("http://h/a.xml"));
        assert!(!is_http("http://h/a.xml\r\nX: y"));
        assert!(!is_http("https://h/a.xml\r\nX: y"));
        assert!(is_http("https://h/a.xml"));
    }

    #[test]
    fn links_with_control_characters_lead_nowhere() {
        let base = "http://h/menu.xml";
        assert!(matches!(link(base, "a.xml\r\nHost: evil"), Target::None));
        assert!(matches!(link(base, "tel:100\n2"), Target::None));
        assert!(matches!(
            link(base, "my page.xml"),
            Target::Url(u) if u == "http://h/my%20page.xml"
        ));
    }

    #[test]
    fn a_menu_links_pages_and_numbers() {
        let doc = parse(
            "<YealinkIPPhoneTextMenu><Title>Services</Title>\
             <MenuItem><Prompt>Weather</Prompt><URI>weather.xml</URI></MenuItem>\
             <MenuItem><Prompt>Front desk</Prompt><URI>tel:0</URI></MenuItem>\
             <MenuItem><Prompt>Help</Prompt><URI>1002</URI></MenuItem>\
             </YealinkIPPhoneTextMenu>",
            BASE,
        )
        .unwrap();
        assert_eq!(doc.title, "Services");
        assert_eq!(
            doc.rows,
            vec![
                (
                    "Weather".into(),
                    Target::Url("http://127.0.0.1:8001/xml/weather.xml".into())
                ),
                ("Front desk".into(), Target::Dial("0".into())),
                ("Help".into(), Target::Dial("1002".into())),
            ]
        );
    }

    #[test]
    fn a_text_screen_shows_its_lines() {
        let doc = parse(
            "<CiscoIPPhoneText><Title>News</Title><Text>Line one\n  Line two\n</Text></CiscoIPPhoneText>",
            BASE,
        )
        .unwrap();
        let rows: Vec<&str> = doc.rows.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(rows, ["Line one", "Line two"]);
    }

    #[test]
    fn directories_and_phonebooks_give_numbers_to_dial() {
        let dir = parse(
            "<YealinkIPPhoneDirectory><Title>Sales</Title>\
             <DirectoryEntry><Name>Bob</Name><Telephone>1002</Telephone></DirectoryEntry>\
             <DirectoryEntry><Name>No number</Name></DirectoryEntry>\
             </YealinkIPPhoneDirectory>",
            BASE,
        )
        .unwrap();
        assert_eq!(
            dir.rows,
            vec![("Bob 1002".into(), Target::Dial("1002".into()))]
        );
        let book = parse(
            "<YealinkIPPhoneBook><Title>Company</Title>\
             <Menu Name=\"Support\"><Unit Name=\"Carol\" Phone1=\"\" Phone2=\"1003\"/></Menu>\
             </YealinkIPPhoneBook>",
            BASE,
        )
        .unwrap();
        let Target::Inline(group) = &book.rows[0].1 else {
            panic!("a group page: {book:?}");
        };
        assert_eq!(group.title, "Support");
        assert_eq!(
            group.rows,
            vec![("Carol 1003".into(), Target::Dial("1003".into()))]
        );
    }

    #[test]
    fn hostile_documents_are_refused_with_a_reason() {
        assert!(parse("<not closed", BASE)
            .unwrap_err()
            .starts_with("not XML"));
        assert!(parse("<html><body/></html>", BASE)
            .unwrap_err()
            .contains("<html>"));
        let bomb = "<!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><x>&b;</x>";
        assert!(parse(bomb, BASE).is_err(), "no DTD, no entity expansion");
        let huge = format!(
            "<YealinkIPPhoneText><Text>{}</Text></YealinkIPPhoneText>",
            "a".repeat(MAX_DOCUMENT)
        );
        assert!(parse(&huge, BASE).unwrap_err().contains("larger"));
    }
}
