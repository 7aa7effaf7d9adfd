//! Call-progress tones as the phones' tone settings give them: a country's set
//! (`voice.tone.country`, AudioCodes `voip/regional_settings/selected_country`), or tones
//! written out (`voice.tone.dial = 425`) in the CP860 guide's grammar
//! (`spec/seeds-yealink.md` §2.5):
//!
//! ```text
//! tonelist = element *( "," element )          ; at most 8 elements
//! element  = [ "!" ] freq *3( "+" freq ) [ "/" duration ]
//! freq     = 0 / 200-7000 (Hz; 0: silence)     duration = 0-30000 (ms; none or 0: for ever)
//! ```
//!
//! A leading `!` plays the list once. A written-out tone is used whatever the country,
//! which is what Yealink's "Custom" does; a country with nothing written out gives the
//! phone's built-in (North American) tones. The manuals give no frequencies for their
//! countries: the ones here are ITU-T E.180's.

/// One element: the frequencies sounding together (none: silence) and for how long.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToneStep {
    pub freqs: Vec<u16>,
    /// Milliseconds; 0 for ever.
    pub ms: u32,
}

/// A tone: its elements in turn, repeated unless `once`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToneList {
    pub once: bool,
    pub steps: Vec<ToneStep>,
}

/// The most elements a tone has.
pub const MAX_STEPS: usize = 8;

impl ToneList {
    /// Read a tone in the guide's grammar; the error says what is wrong.
    pub fn parse(text: &str) -> Result<ToneList, String> {
        let mut once = false;
        let mut steps = Vec::new();
        for (n, element) in text.split(',').map(str::trim).enumerate() {
            let element = match element.strip_prefix('!') {
                Some(rest) if n == 0 => {
                    once = true;
                    rest.trim()
                }
                _ => element,
            };
            let (freqs, ms) = element.split_once('/').unwrap_or((element, "0"));
            let ms: u32 = ms
                .trim()
                .parse()
                .ok()
                .filter(|ms| *ms <= 30_000)
                .ok_or_else(|| format!("{element:?}: a duration is 0 to 30000 ms"))?;
            let freqs = freqs
                .split('+')
                .map(|f| match f.trim().parse::<u16>() {
                    Ok(f) if f == 0 || (200..=7000).contains(&f) => Ok(f),
                    _ => Err(format!(
                        "{element:?}: a frequency is 200 to 7000 Hz, or 0 for silence"
                    )),
                })
                .collect::<Result<Vec<u16>, String>>()?;
            if freqs.len() > 4 {
                return Err(format!("{element:?}: at most four frequencies at once"));
            }
            steps.push(ToneStep {
                freqs: freqs.into_iter().filter(|f| *f > 0).collect(),
                ms,
            });
        }
        if steps.len() > MAX_STEPS {
            return Err(format!("{} elements: at most {MAX_STEPS}", steps.len()));
        }
        Ok(ToneList { once, steps })
    }
}

/// The tones the phone plays its user while it dials and calls.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TonePlan {
    /// Off-hook, no digit yet; `None`: the built-in one.
    pub dial: Option<ToneList>,
    /// The far end rings.
    pub ringback: Option<ToneList>,
    /// A second call waits.
    pub call_waiting: Option<ToneList>,
}

/// Each country's dial, ringback and call-waiting tones (ITU-T E.180), by the
/// configuration's name for it ([`super::schema`]'s `voice.tone.country` values).
const COUNTRIES: &[(&str, [&str; 3])] = &[
    ("custom", ["", "", ""]),
    (
        "united-states",
        ["350+440", "440+480/2000,0/4000", "440/300,0/9700"],
    ),
    (
        "great-britain",
        [
            "350+440",
            "400+450/400,0/200,400+450/400,0/2000",
            "400/100,0/2000",
        ],
    ),
    (
        "germany",
        ["425", "425/1000,0/4000", "425/200,0/200,425/200,0/5000"],
    ),
    ("france", ["440", "440/1500,0/3500", "440/300,0/10000"]),
    (
        "italy",
        [
            "425/200,0/200,425/600,0/1000",
            "425/1000,0/4000",
            "425/400,0/100,425/250,0/100,425/150,0/14000",
        ],
    ),
    ("netherlands", ["425", "425/1000,0/4000", "425/500,0/9500"]),
    (
        "spain",
        ["425", "425/1500,0/3000", "425/175,0/175,425/175,0/3500"],
    ),
    (
        "australia",
        [
            "413+438",
            "413+438/400,0/200,413+438/400,0/2000",
            "425/200,0/100,425/200,0/4400",
        ],
    ),
    ("china", ["450", "450/1000,0/4000", "450/400,0/4000"]),
    ("japan", ["400", "400/1000,0/2000", "400/500,0/8000"]),
    ("brazil", ["425", "425/1000,0/4000", "425/50,0/1000"]),
    ("russia", ["425", "425/800,0/3200", "425/200,0/5000"]),
];

/// The tones of `country` with the written-out tones `dial`, `ringback`, `call_waiting`
/// (blank: the country's) over them.
pub fn plan(
    country: &str,
    dial: &str,
    ringback: &str,
    call_waiting: &str,
) -> Result<TonePlan, String> {
    let set = COUNTRIES
        .iter()
        .find(|(name, _)| *name == country)
        .map(|(_, tones)| *tones)
        .ok_or_else(|| format!("{country:?}: no such tone country"))?;
    let pick = |own: &str, theirs: &str| -> Result<Option<ToneList>, String> {
        let text = if own.trim().is_empty() { theirs } else { own };
        (!text.is_empty())
            .then(|| ToneList::parse(text))
            .transpose()
    };
    Ok(TonePlan {
        dial: pick(dial, set[0])?,
        ringback: pick(ringback, set[1])?,
        call_waiting: pick(call_waiting, set[2])?,
    })
}

/// Whether `name` is a tone country.
pub fn is_country(name: &str) -> bool {
    COUNTRIES.iter().any(|(n, _)| *n == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guides_example_reads_as_four_elements() {
        let t = ToneList::parse("250/200, 0/1000, 200+300/500, 600+700+800+1000/2000").unwrap();
        assert!(!t.once);
        assert_eq!(
            t.steps,
            [
                ToneStep {
                    freqs: vec![250],
                    ms: 200
                },
                ToneStep {
                    freqs: vec![],
                    ms: 1000
                },
                ToneStep {
                    freqs: vec![200, 300],
                    ms: 500
                },
                ToneStep {
                    freqs: vec![600, 700, 800, 1000],
                    ms: 2000
                },
            ]
        );
        let once = ToneList::parse("!425/300").unwrap();
        assert!(once.once);
        assert_eq!(
            ToneList::parse("350+440").unwrap().steps[0].ms,
            0,
            "for ever"
        );
    }

    #[test]
    fn tones_out_of_the_grammar_are_refused_with_the_reason() {
        for (bad, why) in [
            ("100/200", "200 to 7000 Hz"),
            ("425/40000", "0 to 30000 ms"),
            ("1+2+3+4+5", "200 to 7000"),
            ("400+500+600+700+800/100", "at most four"),
            ("425/1,0/1,425/1,0/1,425/1,0/1,425/1,0/1,425/1", "at most 8"),
            ("425,!425", "200 to 7000"),
        ] {
            let e = ToneList::parse(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn every_country_has_valid_tones_and_written_ones_win() {
        for (name, _) in COUNTRIES {
            plan(name, "", "", "").unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let de = plan("germany", "", "", "").unwrap();
        assert_eq!(de.dial.unwrap().steps[0].freqs, [425]);
        let custom = plan("germany", "600", "", "").unwrap();
        assert_eq!(custom.dial.unwrap().steps[0].freqs, [600]);
        assert_eq!(plan("custom", "", "", "").unwrap(), TonePlan::default());
    }
}
