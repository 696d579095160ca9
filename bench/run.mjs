// `npm run bench`: every benchmark, peers measured in the same run, ratios printed.
// Loops are bounded by count and time (see measure.mjs).
import { benchSessionSeal } from "./session-seal.mjs";

console.log(`node ${process.version}, ${new Date().toISOString()}`);
await benchSessionSeal();
