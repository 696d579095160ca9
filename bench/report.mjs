// Collects every benchmark's numbers for the printed summary and
// bench/results.json. A comparison is always two sides measured in this run.
import { writeFileSync } from "node:fs";

const sections = [];

/** Starts a titled section; rows and comparisons are added to it. */
export function section(title) {
  const entry = { title, rows: [], comparisons: [] };
  sections.push(entry);
  console.log(`\n${title}`);
  return {
    /** One measured row, e.g. a measure() result or a load run. */
    row(row) {
      entry.rows.push(row);
      console.log(`  ${formatRow(row)}`);
    },
    /**
     * ours/peer on a "higher is better" figure (ops/s); `target` is the ratio
     * the project promises. Prints "×ratio (target ×t: met|MISSED)".
     */
    compare(name, ours, peer, target) {
      const ratio = ours / peer;
      const met = target === undefined ? undefined : ratio >= target;
      entry.comparisons.push({ name, ours, peer, ratio: round(ratio), target, met });
      const verdict = target === undefined ? "" : ` (target ×${target}: ${met ? "met" : "MISSED"})`;
      console.log(`  => ${name}: ×${ratio.toFixed(2)}${verdict}`);
    },
    /** A checked limit that is not a ratio, e.g. "p99 < 50 ms". */
    check(name, value, limit, ok) {
      entry.comparisons.push({ name, value: round(value), limit, met: ok });
      console.log(`  => ${name}: ${round(value)} (${limit}: ${ok ? "met" : "MISSED"})`);
    },
  };
}

export function writeResults(path, meta) {
  writeFileSync(path, `${JSON.stringify({ ...meta, sections }, null, 2)}\n`);
  const missed = sections.flatMap((s) => s.comparisons).filter((c) => c.met === false);
  console.log(`\nresults written to ${path}; targets missed: ${missed.length}`);
  for (const c of missed) console.log(`  MISSED: ${c.name}`);
}

function formatRow(row) {
  const parts = [row.name.padEnd(48)];
  if (row.microsPerOp !== undefined) parts.push(`${row.microsPerOp.toFixed(1).padStart(9)} µs/op`);
  if (row.opsPerSecond !== undefined)
    parts.push(`${Math.round(row.opsPerSecond).toString().padStart(8)} ops/s`);
  if (row.p50 !== undefined)
    parts.push(`p50 ${row.p50.toFixed(2)} ms  p99 ${row.p99.toFixed(2)} ms`);
  if (row.bytes !== undefined) parts.push(`${row.bytes.toString().padStart(8)} B gzip`);
  if (row.iterations !== undefined) parts.push(`(${row.iterations} runs)`);
  if (row.errors) parts.push(`errors ${row.errors}`);
  return parts.join("  ");
}

const round = (n) => Math.round(n * 100) / 100;
