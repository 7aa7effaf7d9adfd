//! The Call log page: the phone's missed, received, dialled and forwarded calls as it keeps
//! them ([`deskphone_core::config::records`]), newest first, and a download.

use deskphone_core::config::records::{self, Records};
use deskphone_core::phone::history::HistoryKind;
use leptos::prelude::*;

use super::maintenance::download;
use crate::driver::storage;

const LISTS: [HistoryKind; 4] = [
    HistoryKind::Missed,
    HistoryKind::Received,
    HistoryKind::Dialed,
    HistoryKind::Forwarded,
];

/// Each list as a table.
#[component]
pub fn CallLog() -> impl IntoView {
    let records = match storage::load(storage::RECORDS).map(|t| records::read("records", &t)) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return view! { <p class="error">{e.to_string()}</p> }.into_any(),
        None => Records::default(),
    };
    let tables = LISTS
        .into_iter()
        .map(|kind| {
            let list = records.history.list(kind);
            let rows = if list.is_empty() {
                view! { <tr><td colspan="4">"None"</td></tr> }.into_any()
            } else {
                list.iter()
                    .map(|e| {
                        let when = e.at.map(|w| {
                            let c = w.civil();
                            format!("{} {}", c.date(), c.time())
                        });
                        view! {
                            <tr>
                                <td>{when.unwrap_or_else(|| "-".into())}</td>
                                <td>{e.party.display.clone().unwrap_or_default()}</td>
                                <td>{e.number.clone()}</td>
                                <td>{format!("Line {}", e.line + 1)}</td>
                            </tr>
                        }
                    })
                    .collect_view()
                    .into_any()
            };
            view! {
                <table class="call-log" data-list=kind.title()>
                    <caption>{kind.title()}</caption>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
        .collect_view();
    let text = records::write(&records);
    let save = move |_| {
        if let Err(e) = download("deskphone-call-log.txt", &text) {
            web_sys::console::warn_1(&e.into());
        }
    };
    view! {
        {tables}
        <button type="button" on:click=save>"Download the call log"</button>
    }
    .into_any()
}
