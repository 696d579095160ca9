import { createServer, request as httpRequest, type Server } from "node:http";

/** A load balancer in miniature: each request goes to the next upstream in turn. */
export interface RoundRobinProxy {
  /** Requests sent to each upstream, in the order given. */
  readonly counts: number[];
  /** "METHOD path → status" of every answer with a 5xx status, or a failed upstream. */
  readonly serverErrors: string[];
  close(): Promise<void>;
}

/**
 * Listens on `host:port` and forwards every request, unchanged (Host header
 * included, as a reverse proxy that preserves it), to the next of `upstreams`
 * (127.0.0.1 ports), streaming both bodies. Loopback only.
 */
export async function startRoundRobinProxy(options: {
  host: string;
  port: number;
  upstreams: number[];
}): Promise<RoundRobinProxy> {
  const counts = options.upstreams.map(() => 0);
  const serverErrors: string[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    const index = next++ % options.upstreams.length;
    counts[index]! += 1;
    const label = `${req.method} ${req.url}`;
    const upstream = httpRequest(
      {
        host: "127.0.0.1",
        port: options.upstreams[index],
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const status = answer.statusCode ?? 502;
        if (status >= 500) serverErrors.push(`${label} → ${status} (upstream ${index})`);
        res.writeHead(status, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error) => {
      serverErrors.push(`${label} → upstream ${index} failed: ${error.message}`);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    counts,
    serverErrors,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
