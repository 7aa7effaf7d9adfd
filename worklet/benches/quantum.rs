//! The media engine's cost per Web Audio render quantum (128 frames at 48 kHz, 2.667 ms),
//! natively and, side by side, as wasm in Node, with the cost of one 20 ms Opus encode.
//! Run it with `scripts/bench.sh` (which builds the wasm and passes it as `BENCH_WASM`).
//!
//! Each figure is the best of several runs of [`QUANTA`] quanta (the machine is shared, so
//! the minimum is the honest number); the mean per quantum includes the recorder's Opus
//! encode, which falls in one quantum out of 7.5 (that quantum's cost is the encode line).

use std::process::Command;
use std::time::Instant;

use deskphone_worklet::bench::{opus_frames, run, Scenario};

/// Quanta per run: 8 seconds of audio.
const QUANTA: usize = 3000;
/// Runs per figure.
const RUNS: usize = 7;
/// Opus frames per run.
const FRAMES: usize = 500;
/// A render quantum, in microseconds.
const QUANTUM_US: f64 = 128.0 / 48_000.0 * 1e6;

fn best_of(mut f: impl FnMut()) -> f64 {
    f(); // warm up
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e6
        })
        .fold(f64::MAX, f64::min)
}

/// The wasm figures from `worklet/benches/wasm.mjs`: per scenario µs per quantum, then µs
/// per Opus frame.
fn wasm_figures() -> Option<(Vec<f64>, f64)> {
    let wasm = std::env::var("BENCH_WASM").ok()?;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/wasm.mjs");
    let out = Command::new("node")
        .args([
            script,
            &wasm,
            &QUANTA.to_string(),
            &RUNS.to_string(),
            &FRAMES.to_string(),
        ])
        .output()
        .map_err(|e| eprintln!("node: {e}"))
        .ok()?;
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let numbers: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let (opus, quanta) = numbers.split_last()?;
    Some((quanta.to_vec(), *opus))
}

fn main() {
    let wasm = wasm_figures();
    println!("Media engine cost per render quantum (128 frames at 48 kHz = {QUANTUM_US:.0} µs), best of {RUNS} runs of {QUANTA} quanta");
    println!("{:<46} {:>22} {:>22}", "", "native", "wasm (Node)");
    for (i, s) in Scenario::ALL.into_iter().enumerate() {
        let native = best_of(|| {
            std::hint::black_box(run(s, QUANTA));
        }) / QUANTA as f64;
        let cell = |us: f64| format!("{us:7.2} µs {:6.2} %", us / QUANTUM_US * 100.0);
        let w = wasm
            .as_ref()
            .and_then(|(q, _)| q.get(i))
            .map_or("not built".into(), |us| cell(*us));
        println!("{:<46} {:>22} {:>22}", s.name(), cell(native), w);
    }
    let native_opus = best_of(|| {
        std::hint::black_box(opus_frames(FRAMES));
    }) / FRAMES as f64;
    let w = wasm.as_ref().map_or("not built".into(), |(_, o)| {
        format!("{o:7.1} µs {:6.2} %", o / QUANTUM_US * 100.0)
    });
    println!(
        "{:<46} {:>22} {:>22}",
        "Opus encode, one 20 ms frame (cplx 5, 32k)",
        format!(
            "{native_opus:7.1} µs {:6.2} %",
            native_opus / QUANTUM_US * 100.0
        ),
        w
    );
    if let Some((_, o)) = wasm {
        println!("wasm / native: Opus encode {:.2}x", o / native_opus);
    } else {
        println!("(wasm: run scripts/bench.sh, which builds it and sets BENCH_WASM)");
    }
}
