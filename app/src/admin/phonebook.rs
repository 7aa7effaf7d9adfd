//! The Phonebook page's files: the local directory imported from and exported to an XML
//! contact file ([`deskphone_core::config::phonebook`]).

use std::rc::Rc;

use deskphone_core::config::phonebook;
use leptos::prelude::*;

use super::maintenance::{download, picked_file};
use crate::config::PageConfig;
use crate::driver::storage;

/// Import and export of the phonebook.
#[component]
pub fn PhonebookFiles(page_config: Rc<PageConfig>) -> impl IntoView {
    let result = RwSignal::new(Vec::<String>::new());
    let given = !page_config.config.value("deskphone.contacts", 1).is_empty();
    let contacts = page_config.settings.contacts.clone();
    let export = move |_| {
        // What the phone has stored, with its own edits; the configured contacts otherwise.
        let text = storage::load(storage::PHONEBOOK).unwrap_or_else(|| phonebook::write(&contacts));
        if let Err(e) = download("contact.xml", &text) {
            result.set(vec![e]);
        }
    };
    let import = move |ev: leptos::ev::Event| {
        picked_file(&ev, move |name, text| {
            result.set(match phonebook::read(&name, &text) {
                Ok(contacts) => {
                    let file = phonebook::write(&contacts);
                    super::store_and_restart(vec![(storage::PHONEBOOK, Some(file))], result);
                    vec![format!(
                        "{name}: {} contacts imported: the phone restarts with them",
                        contacts.len()
                    )]
                }
                Err(e) => vec![format!("not imported, nothing changed: {e}")],
            });
        });
    };
    view! {
        <fieldset class="phonebook-files">
            <legend>"Phonebook file (XML)"</legend>
            {given.then(|| view! { <p class="note">"The configuration gives the contacts: they replace the phonebook at every start."</p> })}
            <button type="button" on:click=export>"Export phonebook (.xml)"</button>
            <label class="field">
                <span>"Import a phonebook"</span>
                <input type="file" name="import-phonebook" accept=".xml" on:change=import />
            </label>
            <ul class="result" role="status">
                {move || result.get().into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
            </ul>
        </fieldset>
    }
}
