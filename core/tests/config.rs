//! The configuration schema and its sources: every parameter has a page, a default and a
//! value that changes what the phone gets; Yealink `.cfg`, AudioCodes `key/path` and the
//! page URL read into the same configuration, all or nothing, and export reads back the
//! same.

mod common;

use common::{invite, Rig};
use deskphone_core::config::schema::{Default, Kind, Scope, PARAMS, PROFILES};
use deskphone_core::config::store::{name_in, slot, Slot};
use deskphone_core::config::{audiocodes, url, yealink, Config, Environment, Format, Settings};
use deskphone_core::profile::{self, BUILTIN_FILES};
use deskphone_core::time::Instant;

fn env() -> Environment {
    Environment {
        host: "pbx.test".into(),
    }
}

/// `name = value` lines read as a Yealink file and applied over `config`.
fn cfg(config: &Config, lines: &str) -> Result<Config, Vec<String>> {
    let text = format!("{}\n{lines}", yealink::HEADER);
    let file = yealink::read("test.cfg", &text).map_err(|e| vec![e.to_string()])?;
    config
        .apply(Format::Yealink, "test.cfg", &file.assignments)
        .map(|a| a.config)
        .map_err(|e| e.iter().map(ToString::to_string).collect())
}

fn settings(config: &Config) -> Settings {
    Settings::from_config(config, &env()).expect("settings")
}

/// Other values a parameter's example needs before it shows in the settings (a replace
/// rule's prefix before its replacement, a forward switched on before its target).
fn needs(name: &str) -> &'static str {
    match name {
        "dialplan.replace.replace.{n}" => "dialplan.replace.prefix.1 = 0",
        "remote_phonebook.data.{n}.name" => "remote_phonebook.data.1.url = http://h/b.xml",
        "forward.busy.target" => "forward.busy.enable = 1",
        "forward.busy.enable" => "forward.busy.target = 1",
        "forward.no_answer.target" => "forward.no_answer.enable = 1",
        "forward.no_answer.enable" => "forward.no_answer.target = 1",
        "dialplan.area_code.min_len" | "dialplan.area_code.max_len" => {
            "dialplan.area_code.code = 1"
        }
        "account.{n}.session_timer.expires" => "account.1.session_timer.enable = 1",
        "auto_provision.repeat.minutes" => "auto_provision.repeat.enable = 1",
        // The SayHi has no digit-key speed dials; the 420HD's keys 1-9 take them.
        "deskphone.speed_dials" => "deskphone.profile = audiocodes-420hd",
        _ => "",
    }
}

#[test]
fn every_parameter_has_a_valid_default_and_an_example_that_changes_what_the_phone_gets() {
    let base = cfg(&Config::new(), "account.1.user_name = alice").unwrap();
    for p in PARAMS {
        assert!(!p.label.is_empty() && !p.section.is_empty(), "{}", p.name);
        assert_eq!(
            p.scope != Scope::Global,
            p.name.contains("{n}"),
            "{}: a scoped name has {{n}}",
            p.name
        );
        if let Default::Fixed(d) = p.default {
            if !d.is_empty() {
                p.kind
                    .check(d)
                    .unwrap_or_else(|e| panic!("{}: default {e}", p.name));
            }
        }
        p.kind
            .check(p.example)
            .unwrap_or_else(|e| panic!("{}: example {e}", p.name));
        let before = cfg(&base, needs(p.name)).unwrap();
        let line = format!("{} = {}", p.name_at(1), yealink_token(p, p.example));
        let after = cfg(&before, &line).unwrap_or_else(|e| panic!("{line}: {e:?}"));
        assert_ne!(
            settings(&before),
            settings(&after),
            "{line} changes nothing the phone gets"
        );
    }
}

fn yealink_token(p: &deskphone_core::config::schema::Param, value: &str) -> String {
    match &p.kind {
        Kind::Choice(opts) => {
            let o = opts.iter().find(|o| o.value == value).unwrap();
            o.yealink.unwrap_or(o.value).to_string()
        }
        _ => value.to_string(),
    }
}

#[test]
fn the_device_list_is_the_built_in_profiles_and_their_config_defaults_are_valid() {
    let ids: Vec<&str> = BUILTIN_FILES.iter().map(|(id, _)| *id).collect();
    let listed: Vec<&str> = PROFILES.iter().map(|o| o.value).collect();
    assert_eq!(ids, listed);
    for id in ids {
        let p = profile::by_id(id).unwrap();
        for (name, value) in &p.config {
            let found = PARAMS
                .iter()
                .flat_map(|param| (1..=param.scope.count()).map(move |n| (param, n)))
                .find(|(param, n)| &param.name_at(*n) == name);
            let (param, _) =
                found.unwrap_or_else(|| panic!("{id}: [config] {name} is no parameter"));
            param
                .kind
                .check(value)
                .unwrap_or_else(|e| panic!("{id}: [config] {name}: {e}"));
        }
    }
}

#[test]
fn defaults_follow_the_device() {
    let sayhi = Config::new();
    assert_eq!(sayhi.value("features.dnd_refuse_code", 1), "486");
    let cp860 = cfg(&sayhi, "deskphone.profile = yealink-cp860").unwrap();
    assert_eq!(
        cp860.value("features.dnd_refuse_code", 1),
        "480",
        "the CP860 guide's default"
    );
    assert_eq!(
        cp860.value("phone_setting.inter_digits_time", 1),
        "0",
        "waits for Send"
    );
    let ac = cfg(&sayhi, "deskphone.profile = audiocodes-420hd").unwrap();
    assert_eq!(
        ac.value("phone_setting.inter_digits_time", 1),
        "5",
        "voip/dialing/timeout"
    );
    assert_eq!(ac.value("features.key_as_send", 1), "#");
}

#[test]
fn a_line_without_its_own_server_uses_line_ones() {
    let c = cfg(
        &Config::new(),
        "account.1.user_name = alice\naccount.1.sip_server.1.address = pbx.example.com\n\
         account.2.user_name = carol\naccount.1.websocket.urls = wss://pbx.example.com:8443",
    )
    .unwrap();
    let s = settings(&c);
    assert_eq!(s.lines[1].account.domain, "pbx.example.com");
    assert_eq!(s.lines[1].ws_urls, ["wss://pbx.example.com:8443"]);
    let c = cfg(&c, "account.2.sip_server.1.address = other.example.com").unwrap();
    assert_eq!(settings(&c).lines[1].account.domain, "other.example.com");
    assert_eq!(settings(&c).lines[0].account.domain, "pbx.example.com");
}

/// A configuration with every parameter at its example value (index 1), line 1 set.
fn everything() -> Config {
    let mut lines = String::from("account.1.user_name = alice\n");
    for p in PARAMS {
        if p.name == "deskphone.profile" || p.name == "deskphone.speed_dials" {
            continue; // the SayHi has the most keys and lines, and no digit-key speed dials
        }
        lines.push_str(&format!(
            "{} = {}\n",
            p.name_at(1),
            yealink_token(p, p.example)
        ));
    }
    lines.push_str("account.2.user_name = carol\naccount.2.dtmf.type = 3\ndeskphone.key.2 = dnd\n");
    cfg(&Config::new(), &lines).unwrap()
}

#[test]
fn a_yealink_export_reads_back_the_same_configuration() {
    let c = everything();
    let (pairs, left_out) = c.export(Format::Yealink);
    assert!(left_out.is_empty(), "{left_out:?}");
    let text = yealink::write(&pairs).unwrap();
    assert!(text.starts_with("#!version:1.0.0.1\n"));
    assert!(
        text.contains("account.2.dtmf.type = 3\n"),
        "Yealink's own token: {text}"
    );
    let file = yealink::read("export.cfg", &text).unwrap();
    let back = Config::new()
        .apply(Format::Yealink, "export.cfg", &file.assignments)
        .unwrap();
    assert_eq!(back.config, c);
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    // The device and its keypad speed dials.
    let ghp = cfg(
        &Config::new(),
        "deskphone.profile = grandstream-ghp
deskphone.speed_dials = 0:100,9:199",
    )
    .unwrap();
    let text = yealink::write(&ghp.export(Format::Yealink).0).unwrap();
    assert_eq!(text, "#!version:1.0.0.1\ndeskphone.profile = grandstream-ghp\ndeskphone.speed_dials = 0:100,9:199\n");
    assert_eq!(
        cfg(
            &Config::new(),
            text.lines().skip(1).collect::<Vec<_>>().join("\n").as_str()
        )
        .unwrap(),
        ghp
    );
}

#[test]
fn an_audiocodes_export_reads_back_what_the_format_can_say() {
    let c = cfg(
        &Config::new(),
        "deskphone.profile = audiocodes-430hd\naccount.1.user_name = 1234\n\
         account.1.password = 4321\naccount.2.user_name = 1235\naccount.1.label = 430HD\n\
         account.1.dtmf.type = 2\nfeatures.normal_refuse_code = 603\ncall_waiting.enable = 0\n\
         dialplan.digitmap.string = *xx|[2-9]11|0S|1xxx\nacd.server_type = genesys",
    )
    .unwrap();
    let (pairs, left_out) = c.export(Format::AudioCodes);
    assert!(left_out.is_empty(), "{left_out:?}");
    let text = audiocodes::write(&pairs).unwrap();
    assert!(text.starts_with("system/type=430HD\n"), "{text}");
    assert!(text.contains("voip/line/1/id=1235\n"), "{text}");
    assert!(
        text.contains("voip/services/reject_code=CODE_603\n"),
        "{text}"
    );
    assert!(
        text.contains("voip/media/out_of_band_dtmf=VIA_SIP\n"),
        "{text}"
    );
    let file = audiocodes::read("export.cfg", &text).unwrap();
    let assignments = file.assignments();
    let back = Config::new()
        .apply(Format::AudioCodes, "export.cfg", &assignments)
        .unwrap();
    assert_eq!(back.config, c);
}

#[test]
fn what_audiocodes_files_cannot_say_is_listed_not_lost_silently() {
    let c = cfg(
        &Config::new(),
        "account.1.user_name = alice\nforward.always.target = 1003\nfeatures.dnd_refuse_code = 480",
    )
    .unwrap();
    let (pairs, left_out) = c.export(Format::AudioCodes);
    assert_eq!(pairs, [("voip/line/0/id".to_string(), "alice".to_string())]);
    assert_eq!(
        left_out,
        ["features.dnd_refuse_code=480", "forward.always.target=1003"]
    );
}

/// The CP860 guide's example parameters that the phone has, as a common file with a
/// device file over it.
#[test]
fn the_guides_common_and_device_files_apply_the_device_file_last() {
    let common = yealink::read(
        "y000000000037.cfg",
        "#!version:1.0.0.1\n# common to every CP860\n\
         account.1.sip_server.1.address = yealink.pbx.com\n\
         account.1.sip_server.1.expires = 3600\naccount.1.subscribe_mwi = 1\n\
         account.1.dtmf.type = 1\naccount.1.auto_answer = 0\nfeatures.dnd.enable = 0\n\
         features.dnd_refuse_code = 480\nfeatures.normal_refuse_code = 486\n\
         call_waiting.enable = 1\nforward.always.enable = 0\nforward.always.target =\n\
         features.key_as_send = 1\ndialplan.replace.prefix.1 = 0592\n\
         dialplan.replace.replace.1 = 5\ndialplan.dialnow.rule.1 = 1xxx\n\
         remote_phonebook.data.1.url = http://10.2.1.5/book.xml\n\
         remote_phonebook.data.1.name = Company\nlang.gui = English\n",
    )
    .unwrap();
    let device = yealink::read(
        "001565113af8.cfg",
        "#!version:1.0.0.1\naccount.1.user_name = 1001\naccount.1.password = 1001pw\n\
         features.dnd.enable = 1\nlang.gui = French\n",
    )
    .unwrap();
    let files = [("y000000000037.cfg", common), ("001565113af8.cfg", device)];
    let assignments: Vec<_> = yealink::overlay(&files)
        .into_iter()
        .map(|(_, a)| a.clone())
        .collect();
    let c = Config::new()
        .apply(Format::Yealink, "provisioning", &assignments)
        .unwrap()
        .config;
    let s = settings(&c);
    let a = &s.lines[0].account;
    assert_eq!(
        (a.user.as_str(), a.domain.as_str()),
        ("1001", "yealink.pbx.com")
    );
    assert!(a.subscribe_mwi);
    assert!(s.dnd, "the device file's value");
    assert_eq!(s.language, "fr");
    assert_eq!(s.dnd_code, 480);
    assert_eq!(s.dial_plan.replace.len(), 1);
    assert_eq!(s.remote_books[0].name, "Company");
}

#[test]
fn an_invalid_value_names_file_line_parameter_and_allowed_values_and_applies_nothing() {
    let before = cfg(&Config::new(), "account.1.user_name = alice").unwrap();
    let errors = cfg(
        &before,
        "features.dnd.enable = 1\nfeatures.dnd_refuse_code = 500\n\
         account.1.sip_server.1.expires = 10\ncall_waiting.enable = yes",
    )
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "test.cfg:3: features.dnd_refuse_code: \"500\" is not allowed; allowed: 404, 480, 486, 603",
            "test.cfg:4: account.1.sip_server.1.expires: 10 is out of range; allowed: a whole number from 30 to 2147483647",
            "test.cfg:5: call_waiting.enable: \"yes\" is not 0 or 1",
        ]
    );
    assert!(!settings(&before).dnd, "nothing of the file applied");
}

#[test]
fn unknown_parameters_are_warnings_and_the_rest_applies() {
    let file = yealink::read(
        "t.cfg",
        "#!version:1.0.0.1\nnetwork.vlan.internet_port_enable = 1\ncall_waiting.enable = 0\n",
    )
    .unwrap();
    let applied = Config::new()
        .apply(Format::Yealink, "t.cfg", &file.assignments)
        .unwrap();
    assert_eq!(
        applied.warnings,
        ["t.cfg:2: network.vlan.internet_port_enable: not a parameter of this phone, ignored"]
    );
    assert_eq!(applied.config.value("call_waiting.enable", 1), "0");
}

#[test]
fn an_index_the_phone_does_not_have_is_an_error() {
    let e = cfg(&Config::new(), "account.9.user_name = x").unwrap_err();
    assert_eq!(
        e,
        ["test.cfg:2: account.9.user_name: no such line: lines are 1-8"]
    );
    let e = cfg(&Config::new(), "remote_phonebook.data.0.url = http://h/").unwrap_err();
    assert!(e[0].contains("phonebooks are 1-5"), "{e:?}");
}

#[test]
fn a_configuration_that_does_not_fit_together_is_refused_whole() {
    let e = cfg(
        &Config::new(),
        "account.1.user_name = a\naccount.3.user_name = c",
    )
    .unwrap_err();
    assert_eq!(
        e,
        ["test.cfg: account.3.user_name is set but account.2.user_name is not: lines follow one another from line 1"]
    );
    let e = cfg(
        &Config::new(),
        "dialplan.area_code.code = 1\ndialplan.area_code.min_len = 9\ndialplan.area_code.max_len = 3",
    )
    .unwrap_err();
    assert!(e[0].contains("shortest number (9)"), "{e:?}");
    let e = cfg(
        &Config::new(),
        "deskphone.profile = dinstar-c60s\naccount.1.user_name = a\naccount.2.user_name = b\n\
         account.3.user_name = c",
    )
    .unwrap_err();
    assert!(e[0].contains("3 accounts given: the Dinstar"), "{e:?}");
}

#[test]
fn an_audiocodes_file_for_another_model_is_refused() {
    let file = audiocodes::read("a.cfg", "system/type=440HD\nvoip/line/0/id=1234\n").unwrap();
    let sets = file.assignments();
    let e = Config::new()
        .apply(Format::AudioCodes, "a.cfg", &sets)
        .unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "a.cfg:1: system/type: \"440HD\" is not allowed; allowed: sayhi-6xx, dinstar-c60s, 420HD, 430HD, grandstream-ghp, yealink-cp860"
    );
}

#[test]
fn the_manuals_audiocodes_example_sets_the_line() {
    let text = "system/type=420HD\nvoip/line/0/enabled=1\nvoip/line/0/id=1234\n\
                voip/line/0/description=420HD\nvoip/line/0/auth_name=1234\n\
                voip/line/0/auth_password=4321\nvoip/signalling/sip/proxy_address=10.1.2.3\n\
                voip/services/msg_waiting_ind/voice_mail_number=*70\n";
    let file = audiocodes::read("420HD_001122334455.cfg", text).unwrap();
    let sets = file.assignments();
    let applied = Config::new()
        .apply(Format::AudioCodes, "420HD_001122334455.cfg", &sets)
        .unwrap();
    assert_eq!(
        applied.warnings,
        ["420HD_001122334455.cfg:2: voip/line/0/enabled: not a parameter of this phone, ignored"]
    );
    let s = settings(&applied.config);
    assert_eq!(s.profile.id, "audiocodes-420hd");
    let a = &s.lines[0].account;
    assert_eq!(
        (
            a.user.as_str(),
            a.password.as_str(),
            a.label.as_str(),
            a.domain.as_str()
        ),
        ("1234", "4321", "420HD", "10.1.2.3")
    );
    assert_eq!(a.voicemail.as_deref(), Some("*70"));
}

fn url_params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

#[test]
fn the_page_url_names_lines_keys_and_compound_settings() {
    let applied = url::apply(
        &Config::new(),
        &url_params(&[
            ("user", "alice"),
            ("pass", "alicepw"),
            ("user2", "carol"),
            ("label2", "Sales"),
            ("mwi", "yes"),
            ("keys", "blf:1002:Bob, dnd ,speed:1003:Carol"),
            ("fwd", "always:1003,noanswer:1005:20"),
            ("replace", "0>9;1>8"),
            ("areacode", "0592:5:8"),
            ("hotline", "1000:2"),
            ("book2", "Company|http://h/book.xml"),
            ("acd", "on"),
            ("acdserver", "genesys"),
            ("acdacw", "0"),
            ("dnd", ""),
            ("wav", "x"),
        ]),
    )
    .unwrap();
    assert_eq!(
        applied.warnings,
        ["page URL: wav: not a parameter of this phone, ignored"]
    );
    let s = settings(&applied.config);
    assert_eq!(s.lines.len(), 2);
    assert_eq!(s.lines[1].account.label, "Sales");
    assert!(
        s.lines[1].account.subscribe_mwi,
        "line 2 follows line 1's mwi"
    );
    assert_eq!(s.lines[1].ws_urls, ["ws://pbx.test:8080"]);
    assert_eq!(s.keys.len(), 3);
    assert_eq!(s.keys[2].label, "Carol");
    assert_eq!(s.forward.always.as_deref(), Some("1003"));
    assert!(s.forward.always_on);
    assert_eq!(
        (s.forward.no_answer.as_deref(), s.forward.no_answer_after),
        (Some("1005"), 20)
    );
    assert_eq!(s.dial_plan.replace.len(), 2);
    let area = s.dial_plan.area_code.as_ref().unwrap();
    assert_eq!((area.min_len, area.max_len), (5, 8));
    assert_eq!(
        (s.dial_plan.hotline.as_deref(), s.dial_plan.hotline_delay),
        (Some("1000"), 2)
    );
    assert_eq!(s.remote_books[0].name, "Company");
    assert!(s.acd.soft_keys && s.acd.hide_acw);
    // The URL's own spelling comes back out of an export, joined lists and all.
    let (pairs, _) = applied.config.export(Format::Url);
    assert!(pairs.contains(&("keys".into(), "blf:1002:Bob,dnd,speed:1003:Carol".into())));
    assert!(pairs.contains(&("label2".into(), "Sales".into())));
}

#[test]
fn a_bad_url_parameter_names_itself() {
    let e = url::apply(
        &Config::new(),
        &url_params(&[("user", "a"), ("acdserver", "avaya")]),
    )
    .unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "page URL: acdserver: \"avaya\" is not allowed; allowed: broadsoft, genesys"
    );
    let e = url::apply(&Config::new(), &url_params(&[("fwd", "sometimes:1")])).unwrap_err();
    assert!(
        e[0].to_string().contains("not always, busy or noanswer"),
        "{e:?}"
    );
    let e = url::apply(&Config::new(), &url_params(&[("ws", "http://x")])).unwrap_err();
    assert!(
        e[0].to_string().contains("not a ws:// or wss:// URL"),
        "{e:?}"
    );
}

#[test]
fn slots_name_themselves_in_every_format() {
    let s: Slot = slot("account.{n}.user_name", 2).unwrap();
    assert_eq!(s.name(), "account.2.user_name");
    assert_eq!(
        name_in(Format::AudioCodes, s.param(), 2).as_deref(),
        Some("voip/line/1/id")
    );
    assert_eq!(name_in(Format::Url, s.param(), 2).as_deref(), Some("user2"));
    assert_eq!(name_in(Format::Url, s.param(), 1).as_deref(), Some("user"));
    assert!(slot("account.{n}.user_name", 9).is_none());
}

/// A setting in a configuration file changes what a caller sees on the wire: the DND
/// answer code.
#[test]
fn the_configured_dnd_code_is_what_a_caller_gets() {
    let c = cfg(
        &Config::new(),
        "account.1.user_name = alice\naccount.1.sip_server.1.address = example.com\n\
         features.dnd.enable = 1\nfeatures.dnd_refuse_code = 480",
    )
    .unwrap();
    let phone = settings(&c).build_phone(7, Instant(0)).unwrap();
    let mut rig = Rig::from_phone(phone);
    rig.register(&[200]);
    rig.receive(0, invite("d1", "alice", "bob", "Bob"));
    let codes: Vec<u16> = rig.sent.iter().filter_map(|(_, m)| m.status()).collect();
    assert_eq!(codes.last(), Some(&480), "{codes:?}");
}

#[test]
fn what_the_user_changes_on_the_phone_is_written_into_the_configuration_and_nothing_else() {
    let base = cfg(
        &Config::new(),
        "account.1.user_name = bob\nforward.always.target = 2000\nlang.gui = fr",
    )
    .unwrap();
    let mut phone = settings(&base).build_phone(1, Instant(0)).unwrap();
    // Nothing changed yet: nothing to write.
    assert_eq!(
        base.with_menu_settings(&phone.menu_settings()).unwrap(),
        base
    );
    phone.set_dnd(true);
    phone.set_ring_tone(4).unwrap();
    let kept = base.with_menu_settings(&phone.menu_settings()).unwrap();
    let set: Vec<String> = kept
        .set_values()
        .map(|(s, v)| format!("{} = {v}", s.name()))
        .collect();
    assert_eq!(
        set,
        [
            "account.1.user_name = bob",
            "features.dnd.enable = 1",
            "forward.always.target = 2000",
            "lang.gui = fr",
            "phone_setting.ring_type = 4"
        ]
    );
    // Read back, the phone starts as the user left it.
    let again = settings(&kept);
    assert!(again.dnd);
    assert_eq!(again.ring_tone, 4);
}

#[test]
fn a_yealink_no_answer_timeout_counts_rings_of_six_seconds() {
    let base = cfg(&Config::new(), "account.1.user_name = alice").unwrap();
    assert_eq!(
        settings(&base).forward.no_answer_after,
        10,
        "the ring time in seconds"
    );
    let rings = cfg(&base, "forward.no_answer.timeout = 3").unwrap();
    assert_eq!(settings(&rings).forward.no_answer_after, 18);
    // The CP860's default: 2 rings, 12 s.
    let cp860 = cfg(&base, "deskphone.profile = yealink-cp860").unwrap();
    assert_eq!(settings(&cp860).forward.no_answer_after, 12);
}

#[test]
fn a_batch_says_where_it_set_values() {
    let pairs: Vec<(String, String)> = [("user", "bob"), ("keys", "blf:1002:Al,dnd"), ("fwd", "")]
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let applied = url::apply(&Config::new(), &pairs).unwrap();
    let names: Vec<String> = applied.set.iter().map(|s| s.name()).collect();
    assert_eq!(
        names,
        ["account.1.user_name", "deskphone.key.1", "deskphone.key.2"]
    );
}

#[test]
fn every_tone_country_the_schema_offers_has_its_tones() {
    let p = deskphone_core::config::schema::named("voice.tone.country").unwrap();
    let Kind::Choice(opts) = &p.kind else {
        panic!("a choice")
    };
    for o in *opts {
        assert!(
            deskphone_core::config::tones::is_country(o.value),
            "{}",
            o.value
        );
    }
    let de = cfg(
        &Config::new(),
        "account.1.user_name = a\nvoice.tone.country = Germany",
    )
    .unwrap();
    let dial = settings(&de).tones.dial.unwrap();
    assert_eq!(dial.steps[0].freqs, [425]);
}
