//! The page's entry point (built by Trunk).

fn main() {
    deskphone_app::start();
}
