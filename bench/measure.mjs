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

/**
 * Measures several functions in alternating rounds and keeps each one's
 * median round, so that a load spike on a shared machine hits every side
 * alike instead of whichever happened to run then.
 */
export async function measureInterleaved(
  entries,
  { rounds = 5, maxMs = 600, maxIterations = 2000 } = {},
) {
  const perRound = entries.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, [name, fn]] of entries.entries()) {
      perRound[index].push(
        await measure(name, fn, { maxMs, maxIterations, warmup: round === 0 ? 200 : 20 }),
      );
    }
  }
  return perRound.map((results) => {
    const sorted = [...results].sort((a, b) => a.microsPerOp - b.microsPerOp);
    const median = sorted[Math.floor(sorted.length / 2)];
    return { ...median, iterations: results.reduce((sum, r) => sum + r.iterations, 0) };
  });
}
