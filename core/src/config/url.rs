//! The page URL as a configuration source (`?user=alice&pass=alicepw&keys=blf:1002`).
//!
//! Most URL parameters are one schema parameter each ([`super::schema::Param::url`]). A
//! few give several in one value, because a URL wants them short; they are spelt out here
//! into the schema's own names:
//!
//! - `fwd=always:1003,busy:1004,noanswer:1005:10`: the three forwards and the ring time;
//! - `replace=PREFIX>REPLACE;...`: the replace rules;
//! - `areacode=CODE[:MIN:MAX]`; `hotline=NUMBER[:SECONDS]`;
//! - `book1=NAME|URL` to `book5=`: the remote phonebooks.

use super::store::{Applied, Config, Format, ImportError};
use super::Assignment;

/// The name errors give the page URL.
pub const SOURCE: &str = "page URL";

/// Apply the page URL's `params` (name, value; empty values are left out) over `config`,
/// all or nothing.
pub fn apply(config: &Config, params: &[(String, String)]) -> Result<Applied, Vec<ImportError>> {
    let mut plain = Vec::new();
    let mut spelt = Vec::new();
    let mut errors = Vec::new();
    for (name, value) in params {
        if value.trim().is_empty() {
            continue;
        }
        match compound(name, value.trim()) {
            None => plain.push(Assignment {
                line: 0,
                name: name.clone(),
                value: value.clone(),
            }),
            Some(Ok(pairs)) => spelt.extend(pairs.into_iter().map(|(name, value)| Assignment {
                line: 0,
                name,
                value,
            })),
            Some(Err(reason)) => errors.push(ImportError {
                file: SOURCE.into(),
                line: 0,
                name: name.clone(),
                reason,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let first = config.apply_values(Format::Url, SOURCE, &plain)?;
    let second = first.config.apply_values(Format::Yealink, SOURCE, &spelt)?;
    Applied {
        config: second.config,
        warnings: first.warnings.into_iter().chain(second.warnings).collect(),
        set: first.set.into_iter().chain(second.set).collect(),
    }
    .checked(SOURCE)
}

/// The schema assignments a compound URL parameter stands for; `None` for a plain one.
fn compound(name: &str, value: &str) -> Option<Result<Vec<(String, String)>, String>> {
    Some(match name {
        "fwd" => forward(value),
        "replace" => replace(value),
        "areacode" => area_code(value),
        "hotline" => Ok(match value.split_once(':') {
            Some((n, d)) => vec![
                ("features.hotline_number".into(), n.trim().into()),
                ("features.hotline_delay".into(), d.trim().into()),
            ],
            None => vec![("features.hotline_number".into(), value.into())],
        }),
        _ => {
            let n = name.strip_prefix("book")?.parse::<u16>().ok()?;
            match value.split_once('|') {
                Some((title, url)) => Ok(vec![
                    (
                        format!("remote_phonebook.data.{n}.name"),
                        title.trim().into(),
                    ),
                    (format!("remote_phonebook.data.{n}.url"), url.trim().into()),
                ]),
                None => Err(format!("{value:?} is not NAME|URL")),
            }
        }
    })
}

/// `KIND:NUMBER[:SECONDS],...` with kinds always, busy and noanswer.
fn forward(value: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let mut parts = entry.split(':').map(str::trim);
        let kind = parts.next().unwrap_or_default();
        let number = parts
            .next()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| format!("{entry:?} has no number"))?;
        let key = match kind {
            "always" => "always",
            "busy" => "busy",
            "noanswer" => "no_answer",
            other => return Err(format!("{other:?} is not always, busy or noanswer")),
        };
        out.push((format!("forward.{key}.enable"), "1".to_string()));
        out.push((format!("forward.{key}.target"), number.to_string()));
        if let (Some(secs), "no_answer") = (parts.next(), key) {
            out.push(("forward.no_answer.ring_time".into(), secs.to_string()));
        }
    }
    Ok(out)
}

/// `PREFIX>REPLACE;...`.
fn replace(value: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (i, rule) in (value.split(';').map(str::trim))
        .filter(|r| !r.is_empty())
        .enumerate()
    {
        let Some((prefix, with)) = rule.split_once('>') else {
            return Err(format!("{rule:?} is not PREFIX>REPLACE"));
        };
        out.push((
            format!("dialplan.replace.prefix.{}", i + 1),
            prefix.trim().into(),
        ));
        out.push((
            format!("dialplan.replace.replace.{}", i + 1),
            with.trim().into(),
        ));
    }
    Ok(out)
}

/// `CODE[:MIN[:MAX]]`.
fn area_code(value: &str) -> Result<Vec<(String, String)>, String> {
    let mut parts = value.split(':').map(str::trim);
    let mut out = vec![(
        "dialplan.area_code.code".to_string(),
        parts.next().unwrap_or_default().to_string(),
    )];
    if let Some(min) = parts.next() {
        out.push(("dialplan.area_code.min_len".into(), min.into()));
    }
    if let Some(max) = parts.next() {
        out.push(("dialplan.area_code.max_len".into(), max.into()));
    }
    Ok(out)
}
