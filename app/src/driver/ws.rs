//! SIP over WebSocket (RFC 7118): one connection per line to its server with subprotocol
//! `sip`, reconnected with exponential backoff when it drops.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use deskphone_core::config::settings::LogLevel;
use deskphone_core::phone::Input;
use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use super::Runtime;

/// The WebSocket transport of the phone.
#[derive(Clone)]
pub struct Transport {
    inner: Rc<Shared>,
}

struct Shared {
    /// The line (account) this connection carries.
    line: usize,
    urls: Vec<String>,
    /// The URL in use (index into `urls`), chosen by the core (`Output::SwitchServer`).
    current: Cell<usize>,
    socket: RefCell<Option<WebSocket>>,
    backoff_ms: Cell<u32>,
    retry: RefCell<Option<Timeout>>,
    handlers: RefCell<Vec<Handler>>,
}

/// A socket event handler kept alive as long as its socket.
type Handler = Closure<dyn FnMut(JsValue)>;

const FIRST_BACKOFF_MS: u32 = 500;
const MAX_BACKOFF_MS: u32 = 30_000;

impl Transport {
    /// Open line `line`'s connection to the first of `urls` and keep it open.
    pub fn connect(line: usize, urls: &[String], rt: Runtime) -> Transport {
        let t = Transport {
            inner: Rc::new(Shared {
                line,
                urls: urls.to_vec(),
                current: Cell::new(0),
                socket: RefCell::new(None),
                backoff_ms: Cell::new(FIRST_BACKOFF_MS),
                retry: RefCell::new(None),
                handlers: RefCell::new(Vec::new()),
            }),
        };
        t.open(rt);
        t
    }

    fn open(&self, rt: Runtime) {
        let socket = match WebSocket::new_with_str(&self.url(), "sip") {
            Ok(s) => s,
            Err(e) => {
                rt.log_at(
                    LogLevel::Error,
                    format!("cannot open {}: {e:?}", self.url()),
                );
                self.reconnect_later(rt);
                return;
            }
        };
        let mut handlers = Vec::new();

        let (rt1, me) = (rt.clone(), self.clone());
        let on_open = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            me.inner.backoff_ms.set(FIRST_BACKOFF_MS);
            rt1.log(format!(
                "line {}: connected to {}",
                me.inner.line + 1,
                me.url()
            ));
            rt1.input(Input::TransportUp {
                line: me.inner.line,
            });
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        handlers.push(on_open);

        let (rt2, line) = (rt.clone(), self.inner.line);
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let Ok(ev) = ev.dyn_into::<MessageEvent>() else {
                return;
            };
            if let Some(text) = ev.data().as_string() {
                rt2.input(Input::Received {
                    line,
                    bytes: text.into_bytes(),
                });
            } else if let Ok(buf) = ev.data().dyn_into::<js_sys::ArrayBuffer>() {
                rt2.input(Input::Received {
                    line,
                    bytes: js_sys::Uint8Array::new(&buf).to_vec(),
                });
            }
        });
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        handlers.push(on_message);

        let (rt3, me) = (rt.clone(), self.clone());
        let on_close = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let code = ev.dyn_into::<CloseEvent>().map(|e| e.code()).unwrap_or(0);
            rt3.log_at(
                LogLevel::Warning,
                format!(
                    "line {}: connection to {} closed ({code})",
                    me.inner.line + 1,
                    me.url()
                ),
            );
            rt3.input(Input::TransportDown {
                line: me.inner.line,
            });
            me.reconnect_later(rt3.clone());
        });
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        handlers.push(on_close);

        *self.inner.socket.borrow_mut() = Some(socket);
        *self.inner.handlers.borrow_mut() = handlers;
    }

    fn reconnect_later(&self, rt: Runtime) {
        let delay = self.inner.backoff_ms.get();
        self.inner.backoff_ms.set((delay * 2).min(MAX_BACKOFF_MS));
        let me = self.clone();
        *self.inner.retry.borrow_mut() = Some(Timeout::new(delay, move || me.open(rt)));
    }

    fn url(&self) -> String {
        self.inner
            .urls
            .get(self.inner.current.get())
            .cloned()
            .unwrap_or_default()
    }

    /// Use server `n` from now on: drop the connection; the reconnection goes there.
    pub fn switch(&self, n: usize) {
        if n < self.inner.urls.len() {
            self.inner.current.set(n);
            self.inner.backoff_ms.set(FIRST_BACKOFF_MS);
            self.close();
        }
    }

    /// Drop a dead connection; its close handler reports it and reconnects.
    pub fn close(&self) {
        if let Some(s) = self.inner.socket.borrow().as_ref() {
            let _ = s.close();
        }
    }

    /// Send one SIP message as a text frame.
    pub fn send(&self, text: &str) {
        if let Some(s) = self.inner.socket.borrow().as_ref() {
            if s.ready_state() == WebSocket::OPEN {
                let _ = s.send_with_str(text);
            }
        }
    }
}
