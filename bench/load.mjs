// A bounded load generator on loopback: `concurrency` workers each run `op`
// in a loop until `maxRequests` operations were started or `maxMs` passed,
// whichever comes first. Latencies are per operation, from a keep-alive HTTP
// client, so the figures are the server's and not a connection set-up's.
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { Buffer } from "node:buffer";
import { performance } from "node:perf_hooks";
import { URLSearchParams } from "node:url";

/** POSTs a form over a keep-alive agent; resolves { status, json }. */
export function createFormPoster(concurrency) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (url, fields) =>
    new Promise((resolve, reject) => {
      const body = new URLSearchParams(fields).toString();
      const req = request(
        url,
        {
          method: "POST",
          agent,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "content-length": Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks = [];
          res.on("data", (chunk) => chunks.push(chunk));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let json;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode, json, text });
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/**
 * Runs `op(workerIndex, requestIndex)` (which resolves true on success) under
 * the bounds; answers throughput and latency percentiles in ms.
 */
export async function runLoad(name, { concurrency, maxRequests, maxMs }, op) {
  const latencies = [];
  let started = 0;
  let errors = 0;
  const begin = performance.now();
  const deadline = begin + maxMs;
  const worker = async (index) => {
    while (started < maxRequests && performance.now() < deadline) {
      const n = started++;
      const t0 = performance.now();
      const ok = await op(index, n).catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  const elapsed = performance.now() - begin;
  latencies.sort((a, b) => a - b);
  const at = (q) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    name,
    iterations: latencies.length,
    opsPerSecond: ((latencies.length - errors) * 1000) / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    errors,
  };
}

/**
 * Starts `node script ...args` and resolves the first stdout line that parses
 * as JSON (libraries may print notices first), plus a stop function.
 */
export function startServerProcess(script, args = [], { env = {}, nodeArgs = [] } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 120 s`)), 120_000);
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    child.stdout.on("data", (chunk) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        try {
          const info = JSON.parse(line);
          clearTimeout(timer);
          resolve({ info, stop });
          return;
        } catch {
          // a notice line; keep reading
        }
      }
    });
  });
}
