//! Deskphone in the browser: the phone face (Leptos) over the browser drivers.

mod config;
mod driver;
mod face;

fn main() {
    leptos::mount::mount_to_body(face::App);
}
