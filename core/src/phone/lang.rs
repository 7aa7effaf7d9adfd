//! Screen languages (Settings > Language; Yealink `lang.gui`, Dinstar "LCD Language",
//! AudioCodes `personal_settings/language`). The phone model words its screen in English;
//! a language is a catalogue that rewords what the view shows, as the language packs of
//! the manuals do (`lang-<Lang>.txt`, Dinstar's Custom Language upload).
//!
//! A catalogue is a text file, one phrase per line, `English = Translation`; `#` starts a
//! comment; `{}` in both sides stands for a number (`{} New Messages = {} nouveaux
//! messages`). Its first entry, `name = ...`, is the language's own name, `code = ...` its
//! BCP 47 tag. A screen row is looked up whole, then as its parts: `Label: value`,
//! `Label (detail)`, a trailing ` *`, and with its first number as `{}`. What the catalogue
//! does not know (names, numbers) is shown as it is.

use std::collections::HashMap;

/// The built-in catalogues besides English: French, German, Spanish, Italian (languages
/// all of the seed phones offer).
pub const BUILTIN: &[(&str, &str)] = &[
    ("fr.txt", include_str!("../../lang/fr.txt")),
    ("de.txt", include_str!("../../lang/de.txt")),
    ("es.txt", include_str!("../../lang/es.txt")),
    ("it.txt", include_str!("../../lang/it.txt")),
];

/// The most phrases a catalogue may hold (a custom language pack is hostile input).
pub const MAX_PHRASES: usize = 2000;
/// Rows longer than this are not translated (no phrase is this long).
pub const MAX_ROW: usize = 200;
/// How many times a row is split into parts to find its phrases.
pub const MAX_SPLITS: usize = 4;

/// One screen language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalogue {
    /// Its own name (`Français`).
    pub name: String,
    /// Its BCP 47 tag (`fr`).
    pub code: String,
    phrases: HashMap<String, String>,
}

impl Catalogue {
    /// English: every phrase as it is.
    pub fn english() -> Catalogue {
        Catalogue {
            name: "English".into(),
            code: "en".into(),
            phrases: HashMap::new(),
        }
    }

    /// Read a catalogue file (`file` names it in errors, with the line).
    pub fn parse(file: &str, text: &str) -> Result<Catalogue, String> {
        let mut name = None;
        let mut code = None;
        let mut phrases = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = || format!("{file}:{}", n + 1);
            let (english, translated) = line
                .split_once(" = ")
                .ok_or_else(|| format!("{}: not \"English = Translation\"", at()))?;
            let (english, translated) = (english.trim(), translated.trim());
            if english.is_empty() || translated.is_empty() {
                return Err(format!("{}: an empty phrase", at()));
            }
            if english.matches("{}").count() != translated.matches("{}").count() {
                return Err(format!("{}: {{}} must appear on both sides alike", at()));
            }
            match english {
                "name" => name = Some(translated.to_string()),
                "code" => code = Some(translated.to_string()),
                _ => {
                    if phrases
                        .insert(english.to_string(), translated.to_string())
                        .is_some()
                    {
                        return Err(format!("{}: {english:?} is translated twice", at()));
                    }
                }
            }
            if phrases.len() > MAX_PHRASES {
                return Err(format!("{file}: more than {MAX_PHRASES} phrases"));
            }
        }
        Ok(Catalogue {
            name: name.ok_or_else(|| format!("{file}: no \"name = ...\" line"))?,
            code: code.ok_or_else(|| format!("{file}: no \"code = ...\" line"))?,
            phrases,
        })
    }

    /// The built-in languages, English first.
    pub fn builtin() -> Vec<Catalogue> {
        let mut all = vec![Catalogue::english()];
        all.extend(
            BUILTIN.iter().map(|(file, text)| {
                Catalogue::parse(file, text).expect("a valid built-in catalogue")
            }),
        );
        all
    }

    /// `text` in this language: whole, else by its parts, else as it is.
    ///
    /// Screen rows can come from the network (caller names, XML pages), so a
    /// row longer than [`MAX_ROW`] bytes is left as it is and a row is split
    /// at most [`MAX_SPLITS`] times: hostile text costs bounded work.
    pub fn say(&self, text: &str) -> String {
        if self.phrases.is_empty() || text.is_empty() || text.len() > MAX_ROW {
            return text.to_string();
        }
        self.lookup(text, MAX_SPLITS)
            .unwrap_or_else(|| text.to_string())
    }

    fn say_part(&self, text: &str, depth: usize) -> String {
        self.lookup(text, depth).unwrap_or_else(|| text.to_string())
    }

    fn lookup(&self, text: &str, depth: usize) -> Option<String> {
        if let Some(t) = self.phrases.get(text) {
            return Some(t.clone());
        }
        if depth > 0 {
            let depth = depth - 1;
            if let Some(rest) = text.strip_suffix(" *") {
                return Some(format!("{} *", self.say_part(rest, depth)));
            }
            if let Some((label, value)) = text.split_once(": ") {
                return Some(format!(
                    "{}: {}",
                    self.say_part(label, depth),
                    self.say_part(value, depth)
                ));
            }
            if let Some(open) = text.strip_suffix(')').and_then(|t| t.rfind(" (")) {
                let (head, detail) = text.split_at(open);
                if let Some(t) = self.lookup(head, depth) {
                    return Some(format!("{t}{detail}"));
                }
            }
        }
        // The first number as `{}`.
        let start = text.find(|c: char| c.is_ascii_digit())?;
        let len = text[start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len() - start);
        let number = &text[start..start + len];
        let pattern = format!("{}{{}}{}", &text[..start], &text[start + len..]);
        self.phrases
            .get(&pattern)
            .map(|t| t.replacen("{}", number, 1))
    }

    /// A status-bar clock (`13:06 Thu 3 Dec`): each word on its own.
    pub fn say_words(&self, text: &str) -> String {
        text.split(' ')
            .map(|w| self.phrases.get(w).map_or(w, String::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn french() -> Catalogue {
        Catalogue::builtin()
            .into_iter()
            .find(|c| c.code == "fr")
            .unwrap()
    }

    #[test]
    fn every_builtin_catalogue_reads_and_has_the_same_phrases_as_french() {
        let all = Catalogue::builtin();
        assert_eq!(all.len(), 1 + BUILTIN.len());
        let fr = french();
        for c in &all[1..] {
            let mut missing: Vec<&String> = fr
                .phrases
                .keys()
                .filter(|k| !c.phrases.contains_key(*k))
                .collect();
            missing.sort();
            assert!(missing.is_empty(), "{} lacks {missing:?}", c.name);
            assert_eq!(
                c.phrases.len(),
                fr.phrases.len(),
                "{} has extra phrases",
                c.name
            );
        }
    }

    #[test]
    fn rows_are_translated_whole_or_by_parts() {
        let fr = french();
        assert_eq!(fr.say("Talking"), "En communication");
        assert_eq!(fr.say("DND: On"), "NPD: Activé");
        assert_eq!(fr.say("3 New Missed Calls"), "3 nouveaux appels manqués");
        assert_eq!(fr.say("All contacts (4)"), "Tous les contacts (4)");
        assert_eq!(fr.say("Ready *"), "Prêt *");
        assert_eq!(fr.say("Bob 1002"), "Bob 1002", "names and numbers stay");
        assert_eq!(fr.say_words("13:06 Thu 3 Dec"), "13:06 jeu. 3 déc.");
    }

    #[test]
    fn hostile_rows_cost_bounded_work_and_stay_as_they_are() {
        let fr = french();
        let long = "a: ".repeat(100_000);
        assert_eq!(fr.say(&long), long, "too long to translate");
        let stars = format!("Talking{}", " *".repeat(120));
        assert!(stars.len() > MAX_ROW);
        assert_eq!(fr.say(&stars), stars, "over 200 bytes");
        let nested = "x: ".repeat(60) + "Talking";
        assert_eq!(fr.say(&nested), nested, "deeper than the split limit");
        assert_eq!(fr.say("DND: Talking: On"), "NPD: En communication: Activé");
    }

    #[test]
    fn a_bad_language_pack_is_refused_with_its_line() {
        let e =
            Catalogue::parse("x.txt", "name = X\ncode = x\nTalking En communication").unwrap_err();
        assert_eq!(e, "x.txt:3: not \"English = Translation\"");
        let e = Catalogue::parse("x.txt", "name = X\ncode = x\n{} New = Nouveau").unwrap_err();
        assert!(e.starts_with("x.txt:3"), "{e}");
        assert!(Catalogue::parse("x.txt", "code = x\n")
            .unwrap_err()
            .contains("name"));
        let e = Catalogue::parse("x.txt", "name = X\ncode = x\nA = B\nA = C").unwrap_err();
        assert!(e.contains("twice"), "{e}");
    }
}
