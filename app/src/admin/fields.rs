//! One admin page's form: a field per parameter (and per index of a scoped one), drawn
//! from the schema by the parameter's kind, under its section's heading.

use std::rc::Rc;

use deskphone_core::config::schema::{Kind, Page, Param, Scope, PARAMS};
use deskphone_core::config::store::Slot;
use deskphone_core::config::{Assignment, Format};
use deskphone_core::phone::dss::{DssKey, DssKind};
use leptos::prelude::*;

use super::Edits;
use crate::config::PageConfig;

/// The source name errors give a Submit.
const SOURCE: &str = "web page";

/// The indices of `p` a page shows: a line's for each account the device has, the set
/// ones and two more for lists.
fn shown(p: &Param, index_count: usize, highest_set: u16) -> Vec<u16> {
    let last = match p.scope {
        Scope::Global => 1,
        Scope::Line => index_count as u16,
        Scope::Book => p.scope.count(),
        Scope::Key | Scope::Rule | Scope::BlockOut => (highest_set + 2).max(2),
    };
    (1..=last.min(p.scope.count())).collect()
}

/// The form of `page`.
#[component]
pub fn PageForm(page: Page, page_config: Rc<PageConfig>) -> impl IntoView {
    if !PARAMS.iter().any(|p| p.page == page) {
        return ().into_any();
    }
    let config = &page_config.config;
    // The lines with an account; the Account page offers the next one too.
    let with_account = (1..=config.profile().accounts as u16)
        .take_while(|n| !config.value("account.{n}.user_name", *n).is_empty())
        .count();
    let accounts =
        (with_account + usize::from(page == Page::Account)).clamp(1, config.profile().accounts);
    let mut rows: Vec<(u16, String, Slot)> = Vec::new();
    for (param, p) in PARAMS.iter().enumerate().filter(|(_, p)| p.page == page) {
        let highest = config
            .set_values()
            .filter(|(s, _)| s.param == param)
            .map(|(s, _)| s.index)
            .max()
            .unwrap_or(0);
        for index in shown(p, accounts, highest) {
            let (order, heading) = match p.scope {
                Scope::Line => (index, format!("Line {index}: {}", p.section)),
                _ => (0, p.section.to_string()),
            };
            rows.push((order, heading, Slot { param, index }));
        }
    }
    rows.sort_by_key(|(order, _, _)| *order);
    let edits = RwSignal::new(Edits::new());
    let result = RwSignal::new(Vec::<String>::new());
    let saved = RwSignal::new(false);
    let mut sections: Vec<(String, Vec<Slot>)> = Vec::new();
    for (_, heading, slot) in rows {
        match sections.last_mut() {
            Some((h, slots)) if *h == heading => slots.push(slot),
            _ => sections.push((heading, vec![slot])),
        }
    }
    let fieldsets = sections
        .into_iter()
        .map(|(heading, slots)| {
            let fields = slots
                .into_iter()
                .map(|slot| field(slot, &page_config, edits))
                .collect_view();
            view! {
                <fieldset>
                    <legend>{heading}</legend>
                    {fields}
                </fieldset>
            }
        })
        .collect_view();
    let stored = page_config.stored.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let assignments: Vec<Assignment> = edits
            .get_untracked()
            .into_iter()
            .map(|(name, value)| Assignment {
                line: 0,
                name,
                value,
            })
            .collect();
        match super::save(&stored, Format::Yealink, SOURCE, &assignments, result) {
            Ok(warnings) => {
                saved.set(true);
                result.set(
                    std::iter::once("Saved: the phone restarts with the new settings".to_string())
                        .chain(warnings)
                        .collect(),
                );
            }
            Err(errors) => {
                saved.set(false);
                result.set(errors);
            }
        }
    };
    view! {
        <form class="page-form" data-page=page.title() on:submit=submit>
            {fieldsets}
            <button type="submit">"Submit"</button>
            <ul class="result" role="status" data-saved=move || saved.get().to_string()>
                {move || result.get().into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
            </ul>
        </form>
    }
    .into_any()
}

/// A programmable key's type, value and label, each edited on its own and written as the
/// key's one value (`blf:1002:Bob`; no type: no key).
fn key_editor(
    name: &str,
    current: &str,
    locked: bool,
    set: impl Fn(String) + Clone + 'static,
) -> impl IntoView {
    let parsed = DssKey::parse(current).ok();
    let kind = RwSignal::new(parsed.as_ref().map_or("", |k| k.kind.name()).to_string());
    let value = RwSignal::new(parsed.as_ref().map(|k| k.value.clone()).unwrap_or_default());
    let label = RwSignal::new(parsed.as_ref().map(|k| k.label.clone()).unwrap_or_default());
    let write = move || {
        let k = kind.get_untracked();
        set(if k.is_empty() {
            String::new()
        } else {
            format!(
                "{k}:{}:{}",
                value.get_untracked().trim(),
                label.get_untracked().trim()
            )
        })
    };
    let options = DssKind::ALL
        .into_iter()
        .map(|k| {
            view! { <option value=k.name() selected=move || kind.get() == k.name()>{k.default_label()}</option> }
        })
        .collect_view();
    let (w1, w2, w3) = (write.clone(), write.clone(), write);
    view! {
        <span class="key-editor">
            <select name=format!("{name}.type") aria-label="Type" disabled=locked
                on:change=move |ev| { kind.set(event_target_value(&ev)); w1() }>
                <option value="" selected=move || kind.get().is_empty()>"(none)"</option>
                {options}
            </select>
            <input type="text" name=format!("{name}.value") aria-label="Value" placeholder="Value"
                value=value.get_untracked() disabled=locked
                on:change=move |ev| { value.set(event_target_value(&ev)); w2() } />
            <input type="text" name=format!("{name}.label") aria-label="Label" placeholder="Label"
                value=label.get_untracked() disabled=locked
                on:change=move |ev| { label.set(event_target_value(&ev)); w3() } />
        </span>
    }
}

/// The field of one slot: a checkbox, a list, a number or a text box by the kind; shown
/// but locked where the page URL sets the value.
fn field(slot: Slot, pc: &PageConfig, edits: RwSignal<Edits>) -> impl IntoView {
    let p = slot.param();
    let name = slot.name();
    let current = pc.config.value_at(slot);
    let locked = pc.from_url.contains(&slot);
    let label = match p.scope {
        Scope::Global | Scope::Line => p.label.to_string(),
        _ => format!("{} {}", p.label, slot.index),
    };
    let set = {
        let name = name.clone();
        move |value: String| {
            edits.update(|e| {
                e.insert(name.clone(), value);
            })
        }
    };
    let hint = match &p.kind {
        Kind::Syntax { syntax, .. } => Some(syntax.to_string()),
        _ => None,
    };
    let input = match &p.kind {
        Kind::Bool => {
            view! {
                <input type="checkbox" name=name.clone() checked=current == "1" disabled=locked
                    on:change=move |ev| set(if event_target_checked(&ev) { "1".into() } else { "0".into() }) />
            }
            .into_any()
        }
        Kind::Choice(opts) => {
            let options = opts
                .iter()
                .map(|o| view! { <option value=o.value selected=o.value == current>{o.label}</option> })
                .collect_view();
            view! {
                <select name=name.clone() disabled=locked on:change=move |ev| set(event_target_value(&ev))>
                    {options}
                </select>
            }
            .into_any()
        }
        Kind::Int { min, max } => {
            view! {
                <input type="number" name=name.clone() min=*min max=*max value=current.clone() disabled=locked
                    on:change=move |ev| set(event_target_value(&ev)) />
            }
            .into_any()
        }
        Kind::Secret { .. } => {
            // An empty password box leaves the password as it is.
            let name = name.clone();
            let key = name.clone();
            view! {
                <input type="password" name=name placeholder="(unchanged)" autocomplete="new-password"
                    disabled=locked on:change=move |ev| {
                        let value = event_target_value(&ev);
                        edits.update(|e| {
                            if value.is_empty() {
                                e.remove(&key);
                            } else {
                                e.insert(key.clone(), value);
                            }
                        })
                    } />
            }
            .into_any()
        }
        Kind::Key => key_editor(&name, &current, locked, set).into_any(),
        Kind::Text { .. } | Kind::Syntax { .. } => {
            view! {
                <input type="text" name=name.clone() value=current.clone() placeholder=p.example
                    disabled=locked on:change=move |ev| set(event_target_value(&ev)) />
            }
            .into_any()
        }
    };
    view! {
        <label class="field" data-param=name.clone() title=hint>
            <span>{label}</span>
            {input}
            {locked.then(|| view! { <small>"set by the page URL"</small> })}
        </label>
    }
}
