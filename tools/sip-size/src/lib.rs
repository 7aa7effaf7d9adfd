//! A wasm module whose only job is to pull the SIP layer in (feature `sip`) or not, so
//! that the difference in size is what the SIP layer costs the app.

static mut BUF: [u8; 4096] = [0; 4096];

/// Where the caller writes a message.
#[no_mangle]
pub extern "C" fn buf() -> *mut u8 {
    core::ptr::addr_of_mut!(BUF) as *mut u8
}

/// Feed `len` bytes of `buf` to a user agent; returns how many bytes it wants to send.
#[no_mangle]
pub extern "C" fn feed(len: usize) -> usize {
    // SAFETY: as above; `len` is clamped to the buffer.
    let bytes = unsafe { &*core::ptr::addr_of!(BUF) };
    let input = &bytes[..len.min(bytes.len())];
    run(input)
}

#[cfg(feature = "sip")]
fn run(input: &[u8]) -> usize {
    use deskphone_core::sip::account::{Account, Transport};
    use deskphone_core::sip::ua::{UaOutput, UserAgent};
    use deskphone_core::time::Instant;
    let mut ua = UserAgent::new(Account::new("a", "b", "example.com", Transport::Ws), input.len() as u64);
    ua.transport_up(Instant(0));
    ua.handle_received(input, Instant(1));
    let call = ua.call("sip:bob@example.com");
    ua.offer_ready(call, "v=0");
    let mut n = 0;
    while let Some(o) = ua.poll_output() {
        if let UaOutput::Send(b) = o {
            n += b.len();
        }
    }
    n
}

#[cfg(not(feature = "sip"))]
fn run(input: &[u8]) -> usize {
    input.len()
}
