//! The XML browser key (Dinstar C60S §3.19) and the remote phonebooks (Book > Remote Phone
//! Book): the phone asks its driver to fetch a page, shows the server's menu, text or
//! directory, follows links level by level, and dials the numbers pages give.

mod common;

use common::{account, Rig};
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::xml_browser::RemoteBook;
use deskphone_core::phone::{Input, Key};
use deskphone_core::sip::message::uri_user;

const MENU: &str = "<?xml version=\"1.0\"?>\
<YealinkIPPhoneTextMenu><Title>Hotel services</Title>\
<MenuItem><Prompt>Restaurant hours</Prompt><URI>text/hours.xml</URI></MenuItem>\
<MenuItem><Prompt>Room service</Prompt><URI>tel:1003</URI></MenuItem>\
</YealinkIPPhoneTextMenu>";

const HOURS: &str = "<YealinkIPPhoneTextScreen><Title>Restaurant</Title>\
<Text>Breakfast 7-10\nDinner 19-22</Text></YealinkIPPhoneTextScreen>";

fn with_keys(keys: &str) -> Rig {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    let keys = keys.split(',').map(|k| DssKey::parse(k).unwrap()).collect();
    rig.phone.set_dss_keys(keys).unwrap();
    rig.register(&[200]);
    rig.clear();
    rig
}

/// The driver answers the last fetch with `body`.
fn answer(rig: &mut Rig, body: Result<&str, &str>) {
    let (id, _) = rig.fetches.last().cloned().expect("a fetch");
    let result = body.map(str::to_string).map_err(str::to_string);
    rig.step(Input::Fetched { id, result });
}

fn highlighted(rig: &Rig) -> String {
    let v = rig.phone.view();
    v.screen[v.highlight.expect("a cursor")].clone()
}

fn dialled_user(rig: &Rig) -> String {
    let (_, invite) = rig.last_invite();
    uri_user(&invite.request_uri().unwrap())
        .unwrap()
        .to_string()
}

#[test]
fn the_xml_key_fetches_its_page_and_shows_the_servers_menu() {
    let mut rig = with_keys("xml:http://10.0.0.5/svc/menu.xml:Services");
    rig.press(Key::Dss(0));
    assert_eq!(
        rig.fetches.last().unwrap().1,
        "http://10.0.0.5/svc/menu.xml"
    );
    assert_eq!(rig.phone.view().page, Some("browser"));
    assert_eq!(rig.screen()[..2], ["Services", "Loading..."]);
    answer(&mut rig, Ok(MENU));
    assert_eq!(
        rig.screen()[..3],
        ["Hotel services", "Restaurant hours", "Room service"]
    );

    // A link is fetched relative to the page, one level down; Back comes up again.
    rig.press(Key::Ok);
    assert_eq!(
        rig.fetches.last().unwrap().1,
        "http://10.0.0.5/svc/text/hours.xml"
    );
    answer(&mut rig, Ok(HOURS));
    assert_eq!(
        rig.screen()[..3],
        ["Restaurant", "Breakfast 7-10", "Dinner 19-22"]
    );
    rig.press(Key::Cancel);
    assert_eq!(rig.screen()[0], "Hotel services");

    // A number on the page is dialled.
    rig.press(Key::Down);
    assert_eq!(highlighted(&rig), "Room service");
    rig.press(Key::Ok);
    assert_eq!(dialled_user(&rig), "1003");
}

#[test]
fn a_failed_fetch_or_an_unreadable_page_says_why() {
    let mut rig = with_keys("xml:http://10.0.0.5/menu.xml");
    rig.press(Key::Dss(0));
    answer(&mut rig, Err("HTTP 404"));
    assert_eq!(
        rig.screen()[..3],
        ["XML browser", "Load failed", "HTTP 404"]
    );
    rig.press(Key::Cancel);
    rig.press(Key::Dss(0));
    answer(&mut rig, Ok("<html><body>login</body></html>"));
    assert_eq!(rig.screen()[1], "Load failed");
    assert!(rig.screen()[2].contains("<html>"), "{:?}", rig.screen());
    rig.press(Key::Cancel);
    assert_eq!(rig.phone.view().page, None, "back at idle");
}

#[test]
fn an_answer_to_an_abandoned_fetch_is_ignored() {
    let mut rig = with_keys("xml:http://10.0.0.5/a.xml:A,xml:http://10.0.0.5/b.xml:B");
    rig.press(Key::Dss(0));
    let (first, _) = rig.fetches[0];
    rig.press(Key::Cancel);
    rig.press(Key::Dss(1));
    rig.step(Input::Fetched {
        id: first,
        result: Ok(MENU.into()),
    });
    assert_eq!(
        rig.screen()[..2],
        ["B", "Loading..."],
        "A's page does not land on B's"
    );
    answer(&mut rig, Ok(HOURS));
    assert_eq!(rig.screen()[0], "Restaurant");
}

#[test]
fn a_key_without_a_web_address_shows_an_error_and_fetches_nothing() {
    let mut rig = with_keys("xml:ftp://10.0.0.5/a.xml:Files");
    rig.press(Key::Dss(0));
    assert!(rig.fetches.is_empty());
    assert_eq!(rig.screen()[..2], ["Files", "Load failed"]);
}

#[test]
fn remote_phonebooks_open_from_the_directory_with_their_groups() {
    let mut rig = with_keys("xml-phonebook");
    rig.phone
        .set_remote_books(vec![RemoteBook {
            name: "Company".into(),
            url: "http://10.0.0.5/book.xml".into(),
        }])
        .unwrap();
    rig.press(Key::Dss(0));
    assert_eq!(rig.phone.view().page, Some("directory"));
    for _ in 0..3 {
        if highlighted(&rig) == "Remote: Company" {
            break;
        }
        rig.press(Key::Down);
    }
    assert_eq!(highlighted(&rig), "Remote: Company");
    rig.press(Key::Ok);
    assert_eq!(rig.fetches.last().unwrap().1, "http://10.0.0.5/book.xml");
    answer(
        &mut rig,
        Ok("<YealinkIPPhoneBook><Title>Company</Title>\
            <Menu Name=\"Support\"><Unit Name=\"Carol\" Phone1=\"1003\"/><Unit Name=\"Dave\" Phone1=\"1004\"/></Menu>\
            <Menu Name=\"Sales\"><Unit Name=\"Bob\" Phone1=\"1002\"/></Menu>\
            </YealinkIPPhoneBook>"),
    );
    assert_eq!(rig.screen()[..3], ["Company", "Support", "Sales"]);
    rig.press(Key::Ok);
    assert_eq!(rig.screen()[..3], ["Support", "Carol 1003", "Dave 1004"]);
    rig.press(Key::Cancel);
    rig.press(Key::Cancel);
    assert_eq!(
        rig.phone.view().page,
        Some("directory"),
        "Back returns to the Directory"
    );
    rig.press(Key::Ok);
    answer(
        &mut rig,
        Ok("<YealinkIPPhoneDirectory><DirectoryEntry><Name>Bob</Name><Telephone>1002</Telephone></DirectoryEntry></YealinkIPPhoneDirectory>"),
    );
    assert_eq!(
        rig.screen()[..2],
        ["Company", "Bob 1002"],
        "untitled: the book's name"
    );
    rig.press(Key::Send);
    assert_eq!(dialled_user(&rig), "1002");
}

#[test]
fn remote_phonebook_settings_are_checked_all_or_nothing() {
    let mut rig = with_keys("xml-phonebook");
    let book = |n: usize| RemoteBook {
        name: format!("Book {n}"),
        url: format!("http://10.0.0.5/{n}.xml"),
    };
    assert!(rig
        .phone
        .set_remote_books((1..=6).map(book).collect())
        .is_err());
    let bad = vec![
        book(1),
        RemoteBook {
            name: "X".into(),
            url: "file:///etc/passwd".into(),
        },
    ];
    assert!(rig.phone.set_remote_books(bad).is_err());
    rig.press(Key::Dss(0));
    assert!(
        !rig.screen().iter().any(|r| r.starts_with("Remote:")),
        "nothing was set: {:?}",
        rig.screen()
    );
}

/// A SayHi 6XX with its services page set.
fn sayhi_with_services(url: Option<&str>) -> Rig {
    let profile = deskphone_core::profile::by_id("sayhi-6xx").unwrap();
    let mut rig = Rig::of(profile, vec![account("alice", "Alice")]);
    rig.phone.set_services_url(url.map(str::to_string)).unwrap();
    rig.register(&[200]);
    rig.clear();
    rig
}

#[test]
fn the_service_key_opens_the_services_page_and_closes_it() {
    let mut rig = sayhi_with_services(Some("http://10.0.0.5/svc/menu.xml"));
    rig.press(Key::Service);
    assert_eq!(
        rig.fetches.last().unwrap().1,
        "http://10.0.0.5/svc/menu.xml"
    );
    assert_eq!(rig.screen()[..2], ["Services", "Loading..."]);
    answer(&mut rig, Ok(MENU));
    assert_eq!(rig.screen()[0], "Hotel services");
    rig.press(Key::Ok);
    answer(&mut rig, Ok(HOURS));
    assert_eq!(rig.screen()[0], "Restaurant");
    rig.press(Key::Service);
    assert_eq!(rig.phone.view().page, None, "closed from any level");
    assert_eq!(rig.screen()[0], "Alice");

    // From another menu it opens the services, and closing goes back to idle.
    rig.press(Key::Menu);
    rig.press(Key::Service);
    assert_eq!(rig.phone.view().page, Some("browser"));
    rig.press(Key::Service);
    assert_eq!(rig.phone.view().page, None);
}

#[test]
fn the_service_key_leaves_a_form_being_filled_in() {
    let mut rig = sayhi_with_services(Some("http://10.0.0.5/svc/menu.xml"));
    rig.press(Key::Directory);
    rig.press(Key::Ok); // All contacts
    rig.press(Key::Ok); // Add contact
    rig.press(Key::Digit('2')); // a
    let form = rig.screen();
    assert_eq!(form[..2], ["New contact", "Name (abc): a_"]);
    rig.press(Key::Service);
    assert!(rig.fetches.is_empty(), "no page opened over the form");
    assert_eq!(rig.screen(), form, "the name typed so far stays");
}

#[test]
fn without_a_services_page_the_service_key_says_so() {
    let mut rig = sayhi_with_services(None);
    rig.press(Key::Service);
    assert!(rig.fetches.is_empty());
    assert_eq!(rig.screen()[1], "No services set");
    // And leaves another menu open.
    rig.press(Key::Menu);
    let menu = rig.screen();
    rig.press(Key::Service);
    assert_eq!(rig.screen(), menu);
    assert!(sayhi_with_services(None)
        .phone
        .set_services_url(Some("ftp://x/y.xml".into()))
        .is_err());
}
