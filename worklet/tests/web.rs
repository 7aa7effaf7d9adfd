//! The media engine as the AudioWorklet uses it: the plain `extern "C"` interface, compiled to
//! wasm and run in headless Chromium.
#![cfg(target_arch = "wasm32")]

use deskphone_worklet::ffi::*;
use deskphone_worklet::QUANTUM;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RATE: f32 = 48_000.0;

/// Feed `quanta` blocks of a sine at `hz` into the mic (and `rx_hz` into the network input).
fn run(quanta: usize, hz: f32, rx_hz: f32) {
    let mut t = 0usize;
    for _ in 0..quanta {
        // SAFETY: the buffers are QUANTUM f32 long and only touched on this thread.
        let (mic, net_in) = unsafe {
            (
                std::slice::from_raw_parts_mut(mic_ptr(), QUANTUM),
                std::slice::from_raw_parts_mut(net_in_ptr(), QUANTUM),
            )
        };
        for i in 0..QUANTUM {
            let s = (t + i) as f32 / RATE * std::f32::consts::TAU;
            mic[i] = 0.5 * (s * hz).sin();
            net_in[i] = 0.25 * (s * rx_hz).sin();
        }
        t += QUANTUM;
        engine_process(QUANTUM);
    }
}

#[wasm_bindgen_test]
fn engine_in_wasm_measures_both_directions() {
    engine_init(RATE);
    run(200, 700.0, 1300.0);
    assert!((tx_freq() - 700.0).abs() < 10.0, "tx {} Hz", tx_freq());
    assert!((rx_freq() - 1300.0).abs() < 15.0, "rx {} Hz", rx_freq());
    assert!((tx_rms() - 0.3536).abs() < 0.01, "tx rms {}", tx_rms());
    assert!((rx_rms() - 0.1768).abs() < 0.01, "rx rms {}", rx_rms());
}

#[wasm_bindgen_test]
fn mute_in_wasm_silences_what_the_network_gets() {
    engine_init(RATE);
    engine_set_mute(1);
    run(200, 700.0, 1300.0);
    // SAFETY: as above.
    let out = unsafe { std::slice::from_raw_parts(net_out_ptr(), QUANTUM) };
    assert!(out.iter().all(|&s| s == 0.0));
    assert!(tx_rms() < 1e-6);
    assert!((rx_freq() - 1300.0).abs() < 15.0);
    engine_set_mute(0);
}

#[wasm_bindgen_test]
fn a_call_recorded_in_wasm_is_an_ogg_opus_file_that_libopus_decodes() {
    use deskphone_worklet::codec::{opus::OpusCodec, Codec};
    use deskphone_worklet::meter::Meter;
    use deskphone_worklet::ogg;
    engine_init(RATE);
    assert_eq!(engine_record(1, 0), 0, "libopus starts in wasm");
    let mut file = Vec::new();
    for _ in 0..10 {
        run(75, 700.0, 0.0); // 200 ms a time
                             // SAFETY: the pending bytes stay put until record_drain.
        let pending =
            unsafe { std::slice::from_raw_parts(record_pending_ptr(), record_pending_len()) };
        file.extend_from_slice(pending);
        record_drain();
    }
    engine_record(0, 0);
    let pending = unsafe { std::slice::from_raw_parts(record_pending_ptr(), record_pending_len()) };
    file.extend_from_slice(pending);
    record_drain();
    let pages = ogg::read::pages(&file).expect("valid pages");
    let mut codec = OpusCodec::new(32_000).unwrap();
    let mut pcm = Vec::new();
    let mut frame = [0.0f32; 960];
    for p in pages[2..].iter().flat_map(|p| p.packets.iter()) {
        let n = codec.decode(p, &mut frame).unwrap();
        pcm.extend_from_slice(&frame[..n]);
    }
    assert!(pcm.len() >= 95_000, "{} samples for 2 s", pcm.len());
    let mut m = Meter::new(RATE, 250);
    m.feed(&pcm[48_000..60_000]);
    assert!((m.frequency() - 700.0).abs() < 15.0, "{} Hz", m.frequency());
}

#[wasm_bindgen_test]
fn an_in_band_digit_goes_to_the_network_in_wasm() {
    use deskphone_worklet::dtmf::DtmfDetector;
    engine_init(RATE);
    engine_key_tone('5' as u32, 1);
    let mut detector = DtmfDetector::new(RATE);
    let mut heard = None;
    for _ in 0..60 {
        run(1, 0.0, 0.0);
        // SAFETY: as above.
        let out = unsafe { std::slice::from_raw_parts(net_out_ptr(), QUANTUM) };
        heard = heard.or(detector.feed(out));
    }
    assert_eq!(heard, Some('5'));
}
