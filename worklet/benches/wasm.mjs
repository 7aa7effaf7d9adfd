// The wasm half of worklet/benches/quantum.rs: loads the engine built with the `bench`
// feature and prints, space-separated, µs per quantum for each scenario, then µs per Opus
// frame (best of `runs`). Usage: node wasm.mjs ENGINE.wasm QUANTA RUNS FRAMES
import fs from 'node:fs';

const [wasmPath, quanta, runs, frames] = [process.argv[2], ...process.argv.slice(3).map(Number)];
const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {});
const { bench_quanta, bench_opus_frames } = instance.exports;

function bestOf(f) {
  f(); // warm up (and JIT tier-up)
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    best = Math.min(best, (performance.now() - t) * 1000);
  }
  return best;
}

const figures = [0, 1, 2].map((s) => bestOf(() => bench_quanta(s, quanta)) / quanta);
figures.push(bestOf(() => bench_opus_frames(frames)) / frames);
console.log(figures.map((f) => f.toFixed(3)).join(' '));
