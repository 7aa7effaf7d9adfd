//! The two C library functions libopus needs on wasm32, where there is no libc: `malloc`
//! and `free` over Rust's allocator. libopus calls them only when an encoder or decoder is
//! created, never per frame. (Its math functions come from the libm that Rust's
//! `compiler_builtins` ships for wasm32.)

use std::alloc::{alloc, dealloc, Layout};

/// Bytes before each block that keep its size, for `free`; also the alignment.
const HEADER: usize = 16;

/// C `malloc`.
///
/// # Safety
/// Called by C code only.
#[no_mangle]
pub unsafe extern "C" fn malloc(n: usize) -> *mut u8 {
    let Some(Ok(layout)) = n
        .checked_add(HEADER)
        .map(|size| Layout::from_size_align(size, HEADER))
    else {
        return core::ptr::null_mut();
    };
    let p = alloc(layout);
    if p.is_null() {
        return p;
    }
    *(p as *mut usize) = n;
    p.add(HEADER)
}

/// C `free`.
///
/// # Safety
/// `p` is null or came from [`malloc`].
#[no_mangle]
pub unsafe extern "C" fn free(p: *mut u8) {
    if p.is_null() {
        return;
    }
    let block = p.sub(HEADER);
    let n = *(block as *mut usize);
    dealloc(block, Layout::from_size_align_unchecked(n + HEADER, HEADER));
}
