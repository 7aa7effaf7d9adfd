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

/// The progress tones a tone setting names, in the order of [`Written`] and of each
/// country's row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Off-hook, no digit yet (`voice.tone.dial`).
    Dial,
    /// The far end rings (`voice.tone.ring`).
    Ringback,
    /// A second call waits (`voice.tone.callwaiting`).
    CallWaiting,
    /// The number is busy (`voice.tone.busy`).
    Busy,
    /// The call could not go through (`voice.tone.congestion`).
    Congestion,
    /// Dial tone while voice messages wait (`voice.tone.stutter`).
    Stutter,
}

/// The tones written out in the settings, by [`Progress`] (blank: the country's).
pub type Written<'a> = [&'a str; 6];

/// The tones the phone plays its user while it dials and calls.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TonePlan {
    /// Off-hook, no digit yet; `None`: the built-in one.
    pub dial: Option<ToneList>,
    /// The far end rings.
    pub ringback: Option<ToneList>,
    /// A second call waits.
    pub call_waiting: Option<ToneList>,
    /// The number called is busy, or the far end hung up.
    pub busy: Option<ToneList>,
    /// The call could not be made.
    pub congestion: Option<ToneList>,
    /// Dial tone while voice messages wait.
    pub stutter: Option<ToneList>,
    /// The beep while a call is held ([`hold_reminder`]).
    pub hold_reminder: Option<ToneList>,
}

/// North America's busy, congestion and stutter tones: what a phone with no country plays
/// (the CP860's "Custom" with blank fields is the US set).
const US_BUSY: &str = "480+620/500,0/500";
const US_CONGESTION: &str = "480+620/250,0/250";
const US_STUTTER: &str = "350+440/100,0/100,350+440/100,0/100,350+440/100,0/100,350+440";

/// Each country's dial, ringback, call-waiting, busy, congestion and stutter tones
/// (ITU-T E.180 and its supplement), by the configuration's name for it
/// ([`super::schema`]'s `voice.tone.country` values). A stutter tone is the dial tone
/// broken four times, then steady (its last element lasts for ever); "custom" leaves the
/// first three to the engine's built-in ones.
const COUNTRIES: &[(&str, Written<'static>)] = &[
    ("custom", ["", "", "", US_BUSY, US_CONGESTION, US_STUTTER]),
    (
        "united-states",
        [
            "350+440",
            "440+480/2000,0/4000",
            "440/300,0/9700",
            US_BUSY,
            US_CONGESTION,
            US_STUTTER,
        ],
    ),
    (
        "great-britain",
        [
            "350+440",
            "400+450/400,0/200,400+450/400,0/2000",
            "400/100,0/2000",
            "400/375,0/375",
            "400/400,0/350,400/225,0/525",
            "350+440/750,0/750,350+440/750,0/750,350+440",
        ],
    ),
    (
        "germany",
        [
            "425",
            "425/1000,0/4000",
            "425/200,0/200,425/200,0/5000",
            "425/480,0/480",
            "425/240,0/240",
            "425/100,0/100,425/100,0/100,425/100,0/100,425",
        ],
    ),
    (
        "france",
        [
            "440",
            "440/1500,0/3500",
            "440/300,0/10000",
            "440/500,0/500",
            "440/250,0/250",
            "440/100,0/100,440/100,0/100,440/100,0/100,440",
        ],
    ),
    (
        "italy",
        [
            "425/200,0/200,425/600,0/1000",
            "425/1000,0/4000",
            "425/400,0/100,425/250,0/100,425/150,0/14000",
            "425/500,0/500",
            "425/200,0/200",
            "425/100,0/100,425/100,0/100,425/100,0/100,425",
        ],
    ),
    (
        "netherlands",
        [
            "425",
            "425/1000,0/4000",
            "425/500,0/9500",
            "425/500,0/500",
            "425/250,0/250",
            "425/500,0/50,425/500,0/50,425/500,0/50,425",
        ],
    ),
    (
        "spain",
        [
            "425",
            "425/1500,0/3000",
            "425/175,0/175,425/175,0/3500",
            "425/200,0/200",
            "425/200,0/200,425/200,0/200,425/200,0/600",
            "425/100,0/100,425/100,0/100,425/100,0/100,425",
        ],
    ),
    (
        "australia",
        [
            "413+438",
            "413+438/400,0/200,413+438/400,0/2000",
            "425/200,0/100,425/200,0/4400",
            "425/375,0/375",
            "425/375,0/375",
            "413+438/100,0/40,413+438/100,0/40,413+438/100,0/40,413+438",
        ],
    ),
    (
        "china",
        [
            "450",
            "450/1000,0/4000",
            "450/400,0/4000",
            "450/350,0/350",
            "450/700,0/700",
            "450/400,0/40,450",
        ],
    ),
    (
        "japan",
        [
            "400",
            "400/1000,0/2000",
            "400/500,0/8000",
            "400/500,0/500",
            "400/500,0/500",
            "400/125,0/125,400/125,0/125,400/125,0/125,400",
        ],
    ),
    (
        "brazil",
        [
            "425",
            "425/1000,0/4000",
            "425/50,0/1000",
            "425/250,0/250",
            "425/250,0/250,425/750,0/250",
            "425/100,0/100,425/100,0/100,425/100,0/100,425",
        ],
    ),
    (
        "russia",
        [
            "425",
            "425/800,0/3200",
            "425/200,0/5000",
            "425/400,0/400",
            "425/200,0/200",
            "425/100,0/100,425/100,0/100,425/100,0/100,425",
        ],
    ),
];

/// The tones of `country` with the tones `written` out (blank: the country's) over them,
/// and the hold reminder beeping every `hold_every_secs` seconds.
pub fn plan(country: &str, written: Written<'_>, hold_every_secs: u32) -> Result<TonePlan, String> {
    let set = COUNTRIES
        .iter()
        .find(|(name, _)| *name == country)
        .map(|(_, tones)| *tones)
        .ok_or_else(|| format!("{country:?}: no such tone country"))?;
    let pick = |which: Progress| -> Result<Option<ToneList>, String> {
        let (own, theirs) = (written[which as usize], set[which as usize]);
        let text = if own.trim().is_empty() { theirs } else { own };
        (!text.is_empty())
            .then(|| ToneList::parse(text))
            .transpose()
    };
    Ok(TonePlan {
        dial: pick(Progress::Dial)?,
        ringback: pick(Progress::Ringback)?,
        call_waiting: pick(Progress::CallWaiting)?,
        busy: pick(Progress::Busy)?,
        congestion: pick(Progress::Congestion)?,
        stutter: pick(Progress::Stutter)?,
        hold_reminder: Some(hold_reminder(hold_every_secs)),
    })
}

/// The hold reminder: a 300 ms beep at 440 Hz every `every_secs` seconds (3 to 210: the
/// silence before it is at most seven elements of 30 s), silence first.
pub fn hold_reminder(every_secs: u32) -> ToneList {
    const BEEP_MS: u32 = 300;
    let mut silence = every_secs.clamp(3, 210) * 1000 - BEEP_MS;
    let mut steps = Vec::new();
    while silence > 0 {
        let ms = silence.min(30_000);
        steps.push(ToneStep { freqs: vec![], ms });
        silence -= ms;
    }
    steps.push(ToneStep {
        freqs: vec![440],
        ms: BEEP_MS,
    });
    ToneList { once: false, steps }
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
            let p = plan(name, [""; 6], 30).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                p.busy.is_some() && p.congestion.is_some() && p.stutter.is_some(),
                "{name}"
            );
        }
        let de = plan("germany", [""; 6], 30).unwrap();
        assert_eq!(de.dial.unwrap().steps[0].freqs, [425]);
        assert_eq!(de.busy.unwrap().steps[0].ms, 480);
        let custom = plan("germany", ["600", "", "", "", "", "500/100"], 30).unwrap();
        assert_eq!(custom.dial.unwrap().steps[0].freqs, [600]);
        assert_eq!(custom.stutter.unwrap().steps[0].freqs, [500]);
        let none = plan("custom", [""; 6], 30).unwrap();
        assert_eq!(
            (none.dial, none.ringback, none.call_waiting),
            (None, None, None)
        );
        assert_eq!(
            none.busy.unwrap().steps[0].freqs,
            [480, 620],
            "North America's busy"
        );
    }

    #[test]
    fn a_stutter_tone_ends_steady() {
        for (name, _) in COUNTRIES {
            let stutter = plan(name, [""; 6], 30).unwrap().stutter.unwrap();
            let last = stutter.steps.last().unwrap();
            assert!(
                last.ms == 0 && !last.freqs.is_empty(),
                "{name}: {stutter:?}"
            );
            assert!(stutter.steps[1].freqs.is_empty(), "{name}: broken at first");
        }
    }

    #[test]
    fn the_hold_reminder_beeps_once_per_period_after_a_silence() {
        let t = hold_reminder(30);
        let total: u32 = t.steps.iter().map(|s| s.ms).sum();
        assert_eq!(total, 30_000);
        assert_eq!(t.steps.last().unwrap().freqs, [440]);
        assert!(t.steps[0].freqs.is_empty(), "silence first");
        let long = hold_reminder(3600);
        assert!(long.steps.len() <= MAX_STEPS);
        assert_eq!(long.steps.iter().map(|s| s.ms).sum::<u32>(), 210_000);
    }
}
