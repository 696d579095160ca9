import fc from "fast-check";
import {
  buildRequest,
  placeholdersIn,
  type FuzzRequest,
  type Placeholders,
} from "./fuzz-request.js";
import { checkAnswer, unexpectedWrites, type ErrorStyle, type Verdict } from "./invariants.js";
import type { StoreJournal } from "./store-journal.js";

/** One thing the fuzz sends requests to: a route, or an SDK entry point. */
export interface FuzzTarget {
  /** `"POST /oauth/token"`, `"auth.middleware"`… */
  name: string;
  style: ErrorStyle;
  requests: fc.Arbitrary<FuzzRequest>;
  /** Generated requests for this target (the run stops earlier only at its time limit). */
  runs: number;
}

/** What the runner needs of a fuzz file's shared state. */
export interface FuzzHarness {
  /** Where requests go, e.g. the issuer's URL. */
  origin: string;
  /** Origins a redirect may lead to besides `origin`. */
  clientOrigins: readonly string[];
  journal: StoreJournal;
  /** Current values of the `{{placeholders}}`. */
  values: Placeholders;
  /** Answers one request; undefined for "not mine" (an SDK handler for a foreign path). */
  send(target: FuzzTarget, request: Request): Promise<Response | undefined>;
  /**
   * Runs before each request with the placeholders it uses: re-mints those
   * of the fixture's credentials that are due (its writes are drained from
   * the journal before the request).
   */
  prepare(names: ReadonlySet<string>): Promise<void>;
  /**
   * True when a request was refused but on the way made a request of its own
   * that the store accepted (an SDK route that refreshed the session's
   * tokens, then met the issuer's refusal): its writes are that request's.
   */
  acceptedOnTheWay?(): boolean;
  /** The logged cause of the last 500, if the target logs one. */
  takeLoggedError?(): string | undefined;
  /** Hears each verdict (e.g. to re-mint what a request consumed). */
  observe?(target: FuzzTarget, verdict: Verdict, status: number): void;
}

/** The figures of one target's run. */
export interface FuzzFigures {
  target: string;
  seed: number;
  runs: number;
  millis: number;
  /** CPU time of the process (steadier than wall time on a shared machine). */
  cpuMillis: number;
  interrupted: boolean;
  rejected: number;
  statuses: Record<number, number>;
}

/**
 * The time bound: a target stops after this many milliseconds per run it
 * was given (its figures then say "time limit"), several times what a run
 * costs on an idle core (about 2 ms), so a loaded machine cuts the count
 * rather than the suite overrunning. 30, not less: under \`npm test\` the
 * browser tests share the cores, and a run then costs up to about 12 ms.
 */
const MS_PER_RUN_LIMIT = 30;

/** How often the journal is read whatever the write count says (see StoreJournal). */
const VERIFY_EVERY = 100;

/** FUZZ_SEED fixes every seed of a run (printed on failure); otherwise a new one each run. */
export const BASE_SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : Math.floor(Math.random() * 2 ** 31);

/** A target's seed, derived from the base seed and its name so targets are independent. */
export function seedFor(name: string): number {
  let hash = BASE_SEED | 0;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash >>> 0;
}

/**
 * Sends `target.runs` generated requests (fast-check, seeded; fewer only
 * past the time bound) and checks each answer and the store's journal;
 * throws fast-check's report, with the seeds to replay it, on the first
 * violation (after shrinking).
 */
export async function fuzzTarget(harness: FuzzHarness, target: FuzzTarget): Promise<FuzzFigures> {
  const seed = seedFor(target.name);
  const statuses: Record<number, number> = {};
  let rejected = 0;
  let sent = 0;
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  // fast-check's time limit and timeout abandon a run without stopping it:
  // the last run is awaited before the journal is verified.
  let inFlight: Promise<unknown> = Promise.resolve();
  const property = fc.asyncProperty(target.requests, (spec) => {
    const run = runOnce(spec);
    inFlight = run.catch(() => undefined);
    return run;
  });
  async function runOnce(spec: FuzzRequest): Promise<void> {
    await harness.prepare(placeholdersIn(spec));
    const request = buildRequest(harness.origin, spec, harness.values);
    const asSent = { method: request.method, headers: new Headers(request.headers) };
    const response = await harness.send(target, request);
    if (!response) {
      // Nothing answered (not an SDK path); nothing may have been written either.
      const writes = await harness.journal.drain();
      if (writes.length > 0) throw new Error(`unanswered request wrote ${JSON.stringify(writes)}`);
      return;
    }
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    const verdict = await checkAnswer(target.style, asSent, response, {
      origins: { self: harness.origin, clients: harness.clientOrigins },
    });
    const writes = await harness.journal.drain();
    if (++sent % VERIFY_EVERY === 0) await harness.journal.verify();
    const problems = [...verdict.problems];
    const logged = harness.takeLoggedError?.();
    if (response.status >= 500 && logged) problems.push(`logged: ${logged.slice(0, 800)}`);
    const onTheWay = harness.acceptedOnTheWay?.() ?? false;
    if (verdict.rejected) rejected++;
    if (verdict.rejected && !onTheWay) {
      const wrong = unexpectedWrites(writes);
      if (wrong.length > 0) {
        problems.push(
          `rejected (${response.status} ${verdict.code ?? ""}) but wrote: ${JSON.stringify(wrong).slice(0, 1500)}`,
        );
      }
    }
    harness.observe?.(target, verdict, response.status);
    if (problems.length > 0) throw new Error(problems.join("\n"));
  }
  const details = await fc.check(property, {
    numRuns: target.runs,
    seed,
    interruptAfterTimeLimit: Math.max(1_000, target.runs * MS_PER_RUN_LIMIT),
    markInterruptAsFailure: false,
    includeErrorInReport: true,
    // A request that hangs (a body never read to its end…) fails its run.
    timeout: 10_000,
  });
  await inFlight;
  await harness.journal.verify();
  if (details.failed) {
    throw new Error(
      `fuzz ${target.name} failed (replay: FUZZ_SEED=${BASE_SEED}, target seed ${seed})\n` +
        fc.defaultReportMessage(details),
    );
  }
  const used = process.cpuUsage(cpuStart);
  return {
    target: target.name,
    seed,
    runs: details.numRuns,
    millis: Date.now() - started,
    cpuMillis: Math.round((used.user + used.system) / 1000),
    interrupted: details.interrupted,
    rejected,
    statuses,
  };
}

/** One line per target and a total, for the test log. */
export function summarize(file: string, figures: readonly FuzzFigures[]): string {
  const sum = (pick: (f: FuzzFigures) => number) =>
    figures.reduce((total, f) => total + pick(f), 0);
  const lines = figures.map(
    (f) =>
      `  ${f.target}: ${f.runs} requests${f.interrupted ? " (time limit)" : ""}, ${f.rejected} rejected, ` +
      `${f.millis} ms (cpu ${f.cpuMillis} ms), statuses ${JSON.stringify(f.statuses)}`,
  );
  return (
    `fuzz ${file}: ${sum((f) => f.runs)} requests in ${sum((f) => f.millis)} ms, ` +
    `cpu ${sum((f) => f.cpuMillis)} ms (FUZZ_SEED=${BASE_SEED})\n${lines.join("\n")}`
  );
}
