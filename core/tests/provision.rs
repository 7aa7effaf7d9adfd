//! Auto provisioning as a run of fetches: which files a server address names, in which
//! order they apply, includes followed in place with depth and cycle limits, and all or
//! nothing over the stored configuration.

use std::collections::BTreeMap;

use deskphone_core::config::provision::{
    Fetched, FileOutcome, Outcome, ProvisionSettings, Report, Request, Run, Step, MAX_DEPTH,
};
use deskphone_core::config::{yealink, Config, Format};

/// A server: what each URL answers; anything else is a 404.
struct Server(BTreeMap<String, Fetched>);

impl Server {
    fn new(files: &[(&str, &str)]) -> Server {
        Server(
            (files.iter())
                .map(|(u, body)| (u.to_string(), Fetched::Body(body.to_string())))
                .collect(),
        )
    }

    fn answer(&self, url: &str) -> Fetched {
        self.0.get(url).cloned().unwrap_or(Fetched::NotFound)
    }
}

fn settings(server: &str) -> ProvisionSettings {
    ProvisionSettings {
        server: Some(server.into()),
        power_on: true,
        ..ProvisionSettings::default()
    }
}

/// Run provisioning of `base` from `server` against `files`: the requests made, and the report.
fn provision(base: &Config, server: &str, files: &Server) -> (Vec<Request>, Report) {
    let mut run = Run::start(base, &[], &settings(server), "0a1b2c3d4e5f").expect("run");
    let mut requests = Vec::new();
    loop {
        match run.step() {
            Step::Fetch(r) => {
                let answer = files.answer(&r.url);
                requests.push(r);
                assert!(requests.len() < 50, "a run that does not end");
                run.fetched(answer);
            }
            Step::Done(report) => return (requests, report),
        }
    }
}

fn urls(requests: &[Request]) -> Vec<&str> {
    requests.iter().map(|r| r.url.as_str()).collect()
}

fn cfg(lines: &str) -> String {
    format!("{}\n{lines}\n", yealink::HEADER)
}

fn config(lines: &str) -> Config {
    let file = yealink::read("base.cfg", &cfg(lines)).unwrap();
    Config::new()
        .apply(Format::Yealink, "base.cfg", &file.assignments)
        .unwrap()
        .config
}

fn changed(report: &Report) -> &Config {
    match &report.outcome {
        Outcome::Changed { config, .. } => config,
        other => panic!("not changed: {other:?}\n{:#?}", report.lines()),
    }
}

fn refused(report: &Report) -> String {
    match &report.outcome {
        Outcome::Refused(errors) => errors.join("\n"),
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn a_server_directory_gives_the_models_common_file_then_the_phones_own_which_wins() {
    let base = config("deskphone.profile = yealink-cp860");
    let server = Server::new(&[
        (
            "http://prov.test/cp860/y000000000037.cfg",
            &cfg("account.1.user_name = common\nforward.always.target = 2000"),
        ),
        (
            "http://prov.test/cp860/0a1b2c3d4e5f.cfg",
            &cfg("account.1.user_name = alice"),
        ),
    ]);
    let (requests, report) = provision(&base, "http://prov.test/cp860", &server);
    assert_eq!(
        urls(&requests),
        [
            "http://prov.test/cp860/y000000000037.cfg",
            "http://prov.test/cp860/0a1b2c3d4e5f.cfg"
        ]
    );
    let c = changed(&report);
    assert_eq!(c.value("account.{n}.user_name", 1), "alice");
    assert_eq!(c.value("forward.always.target", 1), "2000");
    assert_eq!(c.value("deskphone.profile", 1), "yealink-cp860");
    assert_eq!(report.lines()[0], "Provisioned: 2 values changed");
}

#[test]
fn a_missing_file_of_a_directory_is_skipped_but_none_at_all_is_a_failure() {
    let base = config("deskphone.profile = yealink-cp860\naccount.1.user_name = bob");
    let server = Server::new(&[(
        "http://prov.test/0a1b2c3d4e5f.cfg",
        &cfg("features.dnd.enable = 1"),
    )]);
    let (_, report) = provision(&base, "http://prov.test/", &server);
    assert_eq!(changed(&report).value("features.dnd.enable", 1), "1");
    assert_eq!(report.files[0].outcome, FileOutcome::Missing);
    assert!(report.lines()[1].ends_with("not on the server (skipped)"));

    let (_, report) = provision(&base, "http://prov.test/", &Server::new(&[]));
    assert_eq!(
        refused(&report),
        "none of the phone's files is on the server"
    );
}

#[test]
fn an_invalid_value_in_the_last_file_applies_nothing_of_any() {
    let base = config("deskphone.profile = yealink-cp860\naccount.1.user_name = bob");
    let server = Server::new(&[
        (
            "http://p/y000000000037.cfg",
            &cfg("features.dnd.enable = 1"),
        ),
        (
            "http://p/0a1b2c3d4e5f.cfg",
            &cfg("# the phone's own\nfeatures.dnd_refuse_code = 499"),
        ),
    ]);
    let (_, report) = provision(&base, "http://p/", &server);
    let errors = refused(&report);
    assert!(
        errors.starts_with("http://p/0a1b2c3d4e5f.cfg:3: features.dnd_refuse_code:"),
        "{errors}"
    );
    assert!(errors.contains("allowed: 404, 480, 486, 603"), "{errors}");
    assert_eq!(report.lines()[0], "Provisioning failed: nothing applied");
}

#[test]
fn a_file_url_takes_the_device_id_and_model_for_its_placeholders() {
    let base = config("deskphone.profile = audiocodes-420hd");
    let server = Server::new(&[(
        "http://p/420HD_0a1b2c3d4e5f.cfg",
        "system/type=420HD\nvoip/line/0/enabled=1\nvoip/line/0/id=4100\n",
    )]);
    let (requests, report) = provision(&base, "http://p/<MODEL>_<MAC>.cfg", &server);
    assert_eq!(urls(&requests), ["http://p/420HD_0a1b2c3d4e5f.cfg"]);
    assert_eq!(changed(&report).value("account.{n}.user_name", 1), "4100");

    // A file URL names one file, which must be there.
    let (_, report) = provision(&base, "http://p/site.cfg", &server);
    assert_eq!(
        refused(&report),
        "http://p/site.cfg: not on the server (HTTP 404)"
    );
}

#[test]
fn includes_are_fetched_where_they_stand_and_later_values_win() {
    let base = config("deskphone.profile = audiocodes-430hd");
    let server = Server::new(&[
        (
            "http://p/dir/phone.cfg",
            "system/type=430HD\nvoip/line/0/id=1111\ninclude common/lines.cfg\nvoip/line/0/description=Front desk\n",
        ),
        (
            "http://p/dir/common/lines.cfg",
            "voip/line/0/id=2222\nvoip/line/0/description=Lobby\ninclude /top.cfg\n",
        ),
        ("http://p/top.cfg", "voip/line/0/auth_name=top\n"),
    ]);
    let (requests, report) = provision(&base, "http://p/dir/phone.cfg", &server);
    assert_eq!(
        urls(&requests),
        [
            "http://p/dir/phone.cfg",
            "http://p/dir/common/lines.cfg",
            "http://p/top.cfg"
        ]
    );
    let c = changed(&report);
    // The include's id comes after the file's own; the description after the include.
    assert_eq!(c.value("account.{n}.user_name", 1), "2222");
    assert_eq!(c.value("account.{n}.label", 1), "Front desk");
    assert_eq!(c.value("account.{n}.auth_name", 1), "top");
}

#[test]
fn an_include_cycle_is_refused_and_nothing_applies() {
    let base = config("deskphone.profile = audiocodes-430hd");
    let server = Server::new(&[
        ("http://p/a.cfg", "voip/line/0/id=1\ninclude b.cfg\n"),
        ("http://p/b.cfg", "voip/line/0/id=2\ninclude a.cfg\n"),
    ]);
    let (requests, report) = provision(&base, "http://p/a.cfg", &server);
    assert_eq!(urls(&requests), ["http://p/a.cfg", "http://p/b.cfg"]);
    assert_eq!(
        refused(&report),
        "http://p/b.cfg:2: include a.cfg: includes itself again (a cycle)"
    );
    // The same file spelt another way is the same file.
    let server = Server::new(&[
        ("http://p/ac/a.cfg", "include site/b.cfg\n"),
        ("http://p/ac/site/b.cfg", "include ../a.cfg\n"),
    ]);
    let (requests, report) = provision(&base, "http://p/ac/a.cfg", &server);
    assert_eq!(requests.len(), 2);
    assert!(refused(&report).ends_with("includes itself again (a cycle)"));
}

#[test]
fn includes_nest_no_deeper_than_the_limit() {
    let base = config("deskphone.profile = audiocodes-430hd");
    let files: Vec<(String, String)> = (0..=MAX_DEPTH + 1)
        .map(|n| {
            (
                format!("http://p/{n}.cfg"),
                format!("voip/line/0/id={n}\ninclude {}.cfg\n", n + 1),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(u, b)| (u.as_str(), b.as_str()))
        .collect();
    let (requests, report) = provision(&base, "http://p/0.cfg", &Server::new(&pairs));
    assert_eq!(requests.len(), MAX_DEPTH + 1);
    let errors = refused(&report);
    assert!(
        errors.contains("includes nest deeper than 4 files"),
        "{errors}"
    );
}

#[test]
fn a_server_that_fails_or_sends_a_bad_file_refuses_the_run() {
    let base = config("account.1.user_name = bob");
    let mut server = Server::new(&[]);
    server.0.insert(
        "http://p/0a1b2c3d4e5f.cfg".into(),
        Fetched::Failed("HTTP 500".into()),
    );
    let (_, report) = provision(&base, "http://p/", &server);
    assert_eq!(refused(&report), "http://p/0a1b2c3d4e5f.cfg: HTTP 500");

    let server = Server::new(&[("http://p/x.cfg", "voip/line/0/id 12\n")]);
    let (_, report) = provision(&base, "http://p/x.cfg", &server);
    assert!(
        refused(&report).starts_with("http://p/x.cfg: line 1:"),
        "{report:?}"
    );
}

#[test]
fn files_that_say_what_the_phone_has_change_nothing() {
    let base = config("account.1.user_name = bob\nfeatures.dnd.enable = 1");
    let server = Server::new(&[(
        "http://p/0a1b2c3d4e5f.cfg",
        &cfg("features.dnd.enable = 1\nunknown.thing = 3"),
    )]);
    let (_, report) = provision(&base, "http://p/", &server);
    assert_eq!(report.outcome, Outcome::Unchanged);
    assert_eq!(report.lines()[0], "Provisioned: no change");
    assert!(
        report.warnings[0].contains("unknown.thing: not a parameter of this phone"),
        "{:?}",
        report.warnings
    );
}

#[test]
fn a_configuration_that_does_not_fit_together_is_refused_whole() {
    let base = config("account.1.user_name = bob");
    let server = Server::new(&[(
        "http://p/0a1b2c3d4e5f.cfg",
        &cfg("account.3.user_name = carol"),
    )]);
    let (_, report) = provision(&base, "http://p/", &server);
    assert!(
        refused(&report).contains("lines follow one another"),
        "{report:?}"
    );
}

#[test]
fn the_page_urls_device_names_the_files_and_its_values_are_checked_over_the_result() {
    let url = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    };
    // The stored configuration is a SayHi's; the URL makes it a CP860: its common file.
    let base = config("account.1.user_name = bob");
    let cp860 = url(&[("profile", "yealink-cp860")]);
    let mut run = Run::start(&base, &cp860, &settings("http://p/"), "id1").unwrap();
    let Step::Fetch(r) = run.step() else { panic!() };
    assert_eq!(r.url, "http://p/y000000000037.cfg");
    // A second account suits the stored SayHi but not the CP860 the URL makes of it.
    run.fetched(Fetched::Body(cfg("account.2.user_name = carol")));
    run.step();
    run.fetched(Fetched::NotFound);
    let Step::Done(report) = run.step() else {
        panic!()
    };
    assert!(
        refused(&report).contains("the Yealink CP860 has 1 line"),
        "{report:?}"
    );
}

#[test]
fn credentials_in_the_url_or_the_configuration_go_with_every_request() {
    let base = config("account.1.user_name = bob");
    let mut run = Run::start(&base, &[], &settings("http://ann:pw@p/dir/"), "id1").unwrap();
    let Step::Fetch(r) = run.step() else { panic!() };
    assert_eq!(r.url, "http://p/dir/id1.cfg");
    assert_eq!(r.auth, Some(("ann".into(), "pw".into())));

    let s = ProvisionSettings {
        user: "prov".into(),
        password: "secret".into(),
        ..settings("http://p/dir/")
    };
    let mut run = Run::start(&base, &[], &s, "id1").unwrap();
    let Step::Fetch(r) = run.step() else { panic!() };
    assert_eq!(r.auth, Some(("prov".into(), "secret".into())));
}

#[test]
fn progress_counts_the_files_fetched_of_those_known() {
    let base = config("deskphone.profile = yealink-cp860");
    let mut run = Run::start(&base, &[], &settings("http://p/"), "id1").unwrap();
    assert_eq!(run.progress(), (0, 2));
    run.step();
    run.fetched(Fetched::NotFound);
    assert_eq!(run.progress(), (1, 2));
    run.step();
    run.fetched(Fetched::Body(
        "system/type=430HD\ninclude a.cfg\ninclude b.cfg\n".into(),
    ));
    assert_eq!(run.progress(), (2, 4));
}

#[test]
fn a_server_address_a_browser_cannot_use_is_refused_at_once() {
    let base = Config::new();
    for bad in ["tftp://p/", "p/dir", "http:///x", ""] {
        assert!(
            Run::start(&base, &[], &settings(bad), "id").is_err(),
            "{bad}"
        );
    }
}
