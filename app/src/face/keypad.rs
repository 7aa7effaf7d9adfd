//! Hard keys: line keys with their lamps, the dial pad, Send and Cancel.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use deskphone_core::phone::view::View;
use deskphone_core::phone::Key;
use gloo::timers::callback::Timeout;
use leptos::prelude::*;

use super::lamp::Lamp;
use super::screen::status_name;

/// The line keys beside the screen, one per account the device has a key for (the model
/// gives each a lamp), each with its lamp and its account's registration state.
#[component]
pub fn LineKeys(view: RwSignal<View>, press: impl Fn(Key) + Clone + 'static) -> impl IntoView {
    // A phone's lines and keys are fixed when it starts.
    let count = view.with_untracked(|v| v.line_keys());
    (count > 0).then(|| view! {
        <div class="line-keys">
            {(0..count)
                .map(|n| {
                    let press = press.clone();
                    let key = format!("line{}", n + 1);
                    let label = move || view.with(|v| v.lines.get(n).map(|l| l.label.clone()).unwrap_or_default());
                    let status = move || view.with(|v| v.lines.get(n).map_or("off", |l| status_name(l.status)));
                    view! {
                        <button
                            class="line-key"
                            aria-label=format!("Line {}", n + 1)
                            data-status=status
                            on:click=move |_| press(Key::Line(n))
                        >
                            <Lamp view key />
                            <span class="line-key-label">{label}</span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    })
}

/// One programmable key, with its lamp and the label its setting gives.
fn dss_key(
    view: RwSignal<View>,
    n: usize,
    label: String,
    press: impl Fn(Key) + 'static,
) -> impl IntoView {
    let name = label.clone();
    view! {
        <button class="dss-key" aria-label=name data-dss=n on:click=move |_| press(Key::Dss(n))>
            <Lamp view key=format!("dss{}", n + 1) />
            <span class="dss-key-label">{label}</span>
        </button>
    }
}

/// The programmable keys' labels and the module each sits on. They change at run time (a
/// BLF list's members take keys as its NOTIFYs name them), so the keys are redrawn when
/// this does; the lamps follow the view on their own.
fn key_layout(view: RwSignal<View>) -> Memo<(Vec<String>, Vec<usize>)> {
    Memo::new(move |_| view.with(|v| (v.dss.clone(), v.dss_module.clone())))
}

/// The programmable keys on `module` (0: the phone's own DSS or MPK keys and the AudioCodes
/// function keys; `n`: expansion module `n`), in the order the model numbers them.
fn keys_on(
    view: RwSignal<View>,
    layout: &(Vec<String>, Vec<usize>),
    module: usize,
    press: impl Fn(Key) + Clone + 'static,
) -> Vec<AnyView> {
    let (labels, modules) = layout;
    labels
        .iter()
        .enumerate()
        .filter(|(n, _)| modules.get(*n) == Some(&module))
        .map(|(n, label)| dss_key(view, n, label.clone(), press.clone()).into_any())
        .collect()
}

/// The phone's own programmable keys, beside its screen.
#[component]
pub fn DssKeys(view: RwSignal<View>, press: impl Fn(Key) + Clone + 'static) -> impl IntoView {
    let layout = key_layout(view);
    let press = StoredValue::new_local(press);
    move || {
        let keys = layout.with(|l| keys_on(view, l, 0, press.get_value()));
        (!keys.is_empty()).then(|| {
            view! {
                <div class="dss-keys" role="group" aria-label="Programmable keys">{keys}</div>
            }
        })
    }
}

/// The expansion modules that carry keys, each drawn as the separate unit it is (the
/// SayHi's ESM32: 32 keys in two columns).
#[component]
pub fn ExpansionModules(
    view: RwSignal<View>,
    press: impl Fn(Key) + Clone + 'static,
) -> impl IntoView {
    let layout = key_layout(view);
    let press = StoredValue::new_local(press);
    move || {
        layout.with(|l| {
            let count = l.1.iter().copied().max().unwrap_or(0);
            (1..=count)
                .map(|m| {
                    let keys = keys_on(view, l, m, press.get_value());
                    view! {
                        <aside class="expansion-module" role="group" aria-label=format!("Expansion module {m}") data-module=m>
                            <p class="model">{format!("Module {m}")}</p>
                            <div class="module-keys">{keys}</div>
                        </aside>
                    }
                })
                .collect_view()
        })
    }
}

/// How long a keypad key is held for a long press.
const LONG_PRESS_MS: u32 = 800;

/// The dial pad with the green Send key and the red key that ends (the browser's handset).
#[component]
pub fn Keypad(press: impl Fn(Key) + Clone + 'static) -> impl IntoView {
    const KEYS: [(char, &str); 12] = [
        ('1', ""),
        ('2', "ABC"),
        ('3', "DEF"),
        ('4', "GHI"),
        ('5', "JKL"),
        ('6', "MNO"),
        ('7', "PQRS"),
        ('8', "TUV"),
        ('9', "WXYZ"),
        ('*', ""),
        ('0', "+"),
        ('#', ""),
    ];
    let send = press.clone();
    let cancel = press.clone();
    view! {
        <div class="keypad">
            <div class="call-keys">
                <button class="send-key" aria-label="Send" on:click=move |_| send(Key::Send)>"Send"</button>
                <button class="cancel-key" aria-label="End call" on:click=move |_| cancel(Key::Cancel)>"End"</button>
            </div>
            <div class="digits">
                {KEYS
                    .iter()
                    .map(|&(d, letters)| {
                        // A key held down for LONG_PRESS_MS is a long press (speed dial,
                        // the CP860's keypad lock), and its click is then not a digit.
                        let held: Rc<RefCell<Option<Timeout>>> = Rc::default();
                        let fired = Rc::new(Cell::new(false));
                        let (down_held, down_fired, down_press) = (held.clone(), fired.clone(), press.clone());
                        let on_down = move |_| {
                            down_fired.set(false);
                            let (fired, press) = (down_fired.clone(), down_press.clone());
                            *down_held.borrow_mut() = Some(Timeout::new(LONG_PRESS_MS, move || {
                                fired.set(true);
                                press(Key::LongPress(d));
                            }));
                        };
                        let up_held = held.clone();
                        let on_up = move |_| drop(up_held.borrow_mut().take());
                        // Leaving the key (or the touch being cancelled) ends the press: no
                        // long press, and the next click is a digit again.
                        let (leave_held, leave_fired) = (held.clone(), fired.clone());
                        let on_leave = move |_| {
                            drop(leave_held.borrow_mut().take());
                            leave_fired.set(false);
                        };
                        let (cancel_held, cancel_fired) = (held.clone(), fired.clone());
                        let on_cancel = move |_| {
                            drop(cancel_held.borrow_mut().take());
                            cancel_fired.set(false);
                        };
                        let press = press.clone();
                        let on_click = move |_| {
                            if !fired.replace(false) {
                                press(Key::Digit(d));
                            }
                        };
                        view! {
                            <button
                                class="digit"
                                aria-label=d.to_string()
                                on:pointerdown=on_down
                                on:pointerup=on_up
                                on:pointerleave=on_leave
                                on:pointercancel=on_cancel
                                on:click=on_click
                            >
                                <span class="digit-main">{d.to_string()}</span>
                                <span class="digit-letters">{letters}</span>
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}
