//! Deskphone native backend.
//!
//! Drives the same core as the browser app over OS sockets. This first version checks the
//! account settings given on the command line and prints the REGISTER the core would send;
//! the UDP/TCP/TLS drivers come with the signalling issue.

use deskphone_core::phone::{Input, Output, Phone};
use deskphone_core::sip::account::{Account, Transport};
use deskphone_core::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [user, password, domain] = args.as_slice() else {
        eprintln!(
            "usage: deskphone USER PASSWORD DOMAIN   (prints the first REGISTER the core sends)"
        );
        std::process::exit(2);
    };
    let mut phone = Phone::new(
        Account::new(user, password, domain, Transport::Udp),
        1,
        Instant(0),
    );
    phone.handle_input(Instant(0), Input::TransportUp);
    loop {
        match phone.poll_output() {
            Output::Send(bytes) => print!("{}", String::from_utf8_lossy(&bytes)),
            Output::Timeout(_) => break,
            _ => {}
        }
    }
}
