//! Call recordings in the browser. The engine's recorder (`worklet/src/record.rs`) posts a
//! file's bytes on its port as it makes them; they are gathered here and, when the recording
//! stops, become a file the face offers for download ([`Recordings::files`]).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use deskphone_core::phone::{RecordCommand, RecordFormat};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// A finished recording, ready to download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedFile {
    /// The file's name (`bob 2026-12-06 22-41-07.ogg`).
    pub name: String,
    /// An object URL for its bytes.
    pub url: String,
    /// Its size in bytes.
    pub bytes: u32,
}

/// A recording being made: the parts received so far.
struct Take {
    parts: js_sys::Array,
    name: String,
    mime: &'static str,
    /// Told when the engine could not start it.
    on_failed: Box<dyn Fn(String)>,
}

/// The page's recordings: those being made (by id: the engine finishes one while the
/// next may already have started) and those finished.
#[derive(Clone)]
pub struct Recordings {
    takes: Rc<RefCell<HashMap<u32, Take>>>,
    next_id: Rc<Cell<u32>>,
    /// Finished recordings, oldest first.
    pub files: RwSignal<Vec<RecordedFile>>,
}

impl Default for Recordings {
    fn default() -> Self {
        Recordings {
            takes: Rc::new(RefCell::new(HashMap::new())),
            next_id: Rc::new(Cell::new(1)),
            files: RwSignal::new(Vec::new()),
        }
    }
}

/// The engine port message for `command` (`{record, format, id}`; the id names a start).
pub fn command_message(command: &RecordCommand, id: u32) -> js_sys::Object {
    let (action, format) = match command {
        RecordCommand::Start { format, .. } => ("start", Some(*format)),
        RecordCommand::Pause => ("pause", None),
        RecordCommand::Resume => ("resume", None),
        RecordCommand::Stop => ("stop", None),
    };
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"record".into(), &action.into());
    if let Some(f) = format {
        let _ = js_sys::Reflect::set(&msg, &"format".into(), &f.extension().into());
    }
    let _ = js_sys::Reflect::set(&msg, &"id".into(), &JsValue::from(id));
    msg
}

/// Letters, digits, `-`, `_`, `.` and spaces of `text`: safe in a file name.
fn file_safe(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_. ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_matches(['.', ' ']).to_string();
    if s.is_empty() {
        "call".into()
    } else {
        s
    }
}

impl Recordings {
    /// A recording starts: name its file after `party` and the local time; `on_failed` is
    /// told if the engine cannot make it. Returns its id for the engine.
    pub fn begin(
        &self,
        format: RecordFormat,
        party: &str,
        on_failed: impl Fn(String) + 'static,
    ) -> u32 {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        let d = js_sys::Date::new_0();
        let stamp = format!(
            "{:04}-{:02}-{:02} {:02}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date(),
            d.get_hours(),
            d.get_minutes(),
            d.get_seconds()
        );
        let take = Take {
            parts: js_sys::Array::new(),
            name: format!("{} {stamp}.{}", file_safe(party), format.extension()),
            mime: match format {
                RecordFormat::OggOpus => "audio/ogg; codecs=opus",
                RecordFormat::Wav => "audio/wav",
            },
            on_failed: Box::new(on_failed),
        };
        self.takes.borrow_mut().insert(id, take);
        id
    }

    /// A message from the engine's port: recording bytes, the end of a recording, or an
    /// error. Returns false when it is none of those (the meters).
    pub fn on_message(&self, data: &JsValue) -> bool {
        let get = |k: &str| js_sys::Reflect::get(data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let id = get("id").as_f64().map(|i| i as u32);
        let bytes = get("recordData");
        if !bytes.is_undefined() {
            let takes = self.takes.borrow();
            if let Some(t) = id.and_then(|id| takes.get(&id)) {
                t.parts.push(&bytes);
            }
            return true;
        }
        if get("recordDone").is_truthy() {
            let take = id.and_then(|id| self.takes.borrow_mut().remove(&id));
            if let Some(t) = take {
                if let Err(e) = self.finish(t, &get("header"), get("lost").as_f64()) {
                    web_sys::console::error_1(&format!("recording: {e:?}").into());
                }
            }
            return true;
        }
        let error = get("recordError");
        if !error.is_undefined() {
            let reason = error.as_string().unwrap_or_default();
            web_sys::console::error_1(&format!("recording: {reason}").into());
            let take = id.and_then(|id| self.takes.borrow_mut().remove(&id));
            if let Some(t) = take {
                (t.on_failed)(reason);
            }
            return true;
        }
        false
    }

    fn finish(&self, t: Take, header: &JsValue, lost: Option<f64>) -> Result<(), JsValue> {
        // A WAV file's sizes are known only now: its header goes over the first 44 bytes
        // (the first part holds them: the header is made, and taken, first).
        if let (Some(h), Some(first)) = (
            header.dyn_ref::<js_sys::ArrayBuffer>(),
            t.parts.get(0).dyn_ref::<js_sys::ArrayBuffer>(),
        ) {
            if first.byte_length() >= h.byte_length() {
                js_sys::Uint8Array::new(first).set(&js_sys::Uint8Array::new(h), 0);
            }
        }
        if lost.is_some_and(|l| l > 0.0) {
            web_sys::console::warn_1(
                &format!(
                    "recording {}: {} bytes were lost",
                    t.name,
                    lost.unwrap_or(0.0)
                )
                .into(),
            );
        }
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(t.mime);
        let blob = web_sys::Blob::new_with_buffer_source_sequence_and_options(&t.parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let file = RecordedFile {
            name: t.name,
            url,
            bytes: blob.size() as u32,
        };
        web_sys::console::log_1(
            &format!("recording kept: {} ({} bytes)", file.name, file.bytes).into(),
        );
        self.files.update(|f| f.push(file));
        Ok(())
    }
}
