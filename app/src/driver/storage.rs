//! The phone's own storage in the browser, its "flash": an IndexedDB database `deskphone`
//! with one object store, `files`, holding one text per key:
//!
//! - `config`: the configuration the admin pages, imported files and provisioning saved (a
//!   Yealink-style `.cfg`; the page URL is applied over it at every start);
//! - `phonebook`: the local directory (an XML contact file);
//! - `records`: the call log and the messages ([`deskphone_core::config::records`]);
//! - `device_id`: what stands for the MAC (made up once, kept through a factory reset);
//! - `provision.report`: the last provisioning run's report.
//!
//! Every write is one transaction, several keys at once where they belong together (a
//! restored backup), so a tab killed mid-write leaves the old texts or the new, never a
//! mix. The database is read once at start ([`open`]), so the phone reads synchronously;
//! writes go to the database and to that copy. Texts an earlier version kept in
//! `localStorage` move over on the first start.

use std::cell::RefCell;
use std::collections::BTreeMap;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB: &str = "deskphone";
const STORE: &str = "files";

pub const CONFIG: &str = "config";
pub const PHONEBOOK: &str = "phonebook";
pub const RECORDS: &str = "records";
const DEVICE_ID: &str = "device_id";
const PROVISION_REPORT: &str = "provision.report";

/// What factory reset forgets (the device id stays, as a phone keeps its MAC).
const RESET: [&str; 4] = [CONFIG, PHONEBOOK, RECORDS, PROVISION_REPORT];

/// Keys an earlier version kept in localStorage, and where they go.
const LEGACY: [(&str, &str); 2] = [
    ("deskphone.config", CONFIG),
    ("deskphone.phonebook", PHONEBOOK),
];

struct Flash {
    db: IdbDatabase,
    /// Every key's text, as last written.
    copy: BTreeMap<String, String>,
}

thread_local! {
    static FLASH: RefCell<Option<Flash>> = const { RefCell::new(None) };
}

/// Open the database and read it all; call once before anything else here.
pub async fn open() -> Result<(), String> {
    if FLASH.with(|f| f.borrow().is_some()) {
        return Ok(());
    }
    let db = open_db().await?;
    let tx = db
        .transaction_with_str(STORE)
        .map_err(|_| "the browser's database cannot be read")?;
    let store = tx.object_store(STORE).map_err(|_| "no store")?;
    let keys = request(&store.get_all_keys().map_err(|_| "no keys")?).await?;
    let values = request(&store.get_all().map_err(|_| "no values")?).await?;
    let (keys, values) = (js_sys::Array::from(&keys), js_sys::Array::from(&values));
    let mut copy = BTreeMap::new();
    for (k, v) in keys.iter().zip(values.iter()) {
        if let (Some(k), Some(v)) = (k.as_string(), v.as_string()) {
            copy.insert(k, v);
        }
    }
    FLASH.with(|f| *f.borrow_mut() = Some(Flash { db, copy }));
    move_legacy().await;
    Ok(())
}

/// The text under `key`, if there is one.
pub fn load(key: &str) -> Option<String> {
    FLASH.with(|f| f.borrow().as_ref()?.copy.get(key).cloned())
}

/// Write every `(key, text)` in one transaction (`None`: delete the key): all of them,
/// or an error and none.
pub async fn save_all(writes: &[(&str, Option<&str>)]) -> Result<(), String> {
    let tx = FLASH.with(|f| {
        let f = f.borrow();
        let flash = f.as_ref().ok_or("the phone's storage is not open")?;
        (flash.db)
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
            .map_err(|_| "the browser's database cannot be written".to_string())
    })?;
    let store = tx.object_store(STORE).map_err(|_| "no store")?;
    for (key, text) in writes {
        let done = match text {
            Some(t) => store.put_with_key(&JsValue::from_str(t), &JsValue::from_str(key)),
            None => store.delete(&JsValue::from_str(key)),
        };
        done.map_err(|_| format!("the browser refused to store {key}"))?;
    }
    committed(&tx)
        .await
        .map_err(|_| "the browser refused to store it (storage full?)".to_string())?;
    FLASH.with(|f| {
        if let Some(flash) = f.borrow_mut().as_mut() {
            for (key, text) in writes {
                match text {
                    Some(t) => flash.copy.insert(key.to_string(), t.to_string()),
                    None => flash.copy.remove(*key),
                };
            }
        }
    });
    Ok(())
}

/// Write one key.
pub async fn save(key: &str, text: &str) -> Result<(), String> {
    save_all(&[(key, Some(text))]).await
}

/// Write `text` under `key` in the background, logging a failure (the phone's own
/// writes: its directory, its records). Writes start in the order they are asked for.
pub fn save_soon(key: &'static str, text: String) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = save(key, &text).await {
            web_sys::console::warn_1(&format!("{key}: {e}").into());
        }
    });
}

/// This browser's device id, made up (twelve hex digits, like a MAC) and kept the first
/// time it is asked for; a factory reset keeps it, as a phone keeps its MAC.
pub fn device_id() -> String {
    if let Some(id) = load(DEVICE_ID).filter(|id| !id.is_empty()) {
        return id;
    }
    let id = format!("{:012x}", super::clock::seed() & 0xffff_ffff_ffff);
    FLASH.with(|f| {
        if let Some(flash) = f.borrow_mut().as_mut() {
            flash.copy.insert(DEVICE_ID.into(), id.clone());
        }
    });
    save_soon(DEVICE_ID, id.clone());
    id
}

/// The last provisioning run's report, as lines.
pub fn load_provision_report() -> Vec<String> {
    load(PROVISION_REPORT)
        .map(|t| t.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Keep the last provisioning run's report.
pub async fn save_provision_report(lines: &[String]) -> Result<(), String> {
    save(PROVISION_REPORT, &lines.join("\n")).await
}

/// Forget everything but the device id (factory reset), in one transaction.
pub async fn factory_reset() -> Result<(), String> {
    let writes: Vec<(&str, Option<&str>)> = RESET.iter().map(|k| (*k, None)).collect();
    save_all(&writes).await
}

/// Open (and on the first start, create) the database.
async fn open_db() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or("this browser keeps no IndexedDB (a private window?)")?;
    let req = factory
        .open_with_u32(DB, 1)
        .map_err(|_| "the browser's database cannot be opened")?;
    let upgrade = Closure::once_into_js({
        let req = req.clone();
        move |_: web_sys::Event| {
            if let Some(db) = req
                .result()
                .ok()
                .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
            {
                if !db.object_store_names().contains(STORE) {
                    let _ = db.create_object_store(STORE);
                }
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db = request(&req).await?;
    db.dyn_into::<IdbDatabase>()
        .map_err(|_| "not a database".to_string())
}

/// Move texts an earlier version kept in localStorage into the database.
async fn move_legacy() {
    let Some(local) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    for (old, new) in LEGACY {
        if let Ok(Some(text)) = local.get_item(old) {
            if load(new).is_none() && save(new, &text).await.is_err() {
                continue;
            }
            let _ = local.remove_item(old);
        }
    }
}

/// The result of an IndexedDB request, once it has one.
async fn request(req: &IdbRequest) -> Result<JsValue, String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = req.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call0(&JsValue::NULL);
        });
        req.set_onsuccess(Some(on_success.unchecked_ref()));
        req.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map_err(|_| "the browser's database refused a request".to_string())
}

/// Wait until `tx` is committed (an error if it is aborted).
async fn committed(tx: &IdbTransaction) -> Result<(), ()> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            let _ = reject.call0(&JsValue::NULL);
        })
        .into_js_value();
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onerror(Some(failed.unchecked_ref()));
        tx.set_onabort(Some(failed.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(|_| ())
}
