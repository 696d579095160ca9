import { performance } from "node:perf_hooks";

// A small, bounded timing loop: warm up, then run `fn` until `maxIterations`
// or `maxMs` is reached, whichever comes first. Reports mean µs per call.
export async function measure(name, fn, { maxIterations = 5000, maxMs = 3000, warmup = 200 } = {}) {
  for (let i = 0; i < warmup; i += 1) await fn();
  const started = performance.now();
  let iterations = 0;
  while (iterations < maxIterations && performance.now() - started < maxMs) {
    await fn();
    iterations += 1;
  }
  const elapsed = performance.now() - started;
  return {
    name,
    iterations,
    microsPerOp: (elapsed * 1000) / iterations,
    opsPerSecond: (iterations * 1000) / elapsed,
  };
}

export function printTable(title, results, baselineName) {
  const baseline = results.find((r) => r.name === baselineName);
  console.log(`\n${title}`);
  for (const r of results) {
    const ratio = baseline ? (r.microsPerOp / baseline.microsPerOp).toFixed(2) : "-";
    console.log(
      `  ${r.name.padEnd(44)} ${r.microsPerOp.toFixed(1).padStart(9)} µs/op ${Math.round(r.opsPerSecond).toString().padStart(8)} ops/s  ×${ratio} vs ${baselineName}  (${r.iterations} runs)`,
    );
  }
}
