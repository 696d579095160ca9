// Jest's test environment for this project: Node's, plus one pool of
// in-memory PGlite databases per Jest worker, shared by the test files the
// worker runs one after another (src/testing/store-pool.ts uses it).
//
// Why: Jest gives every test file a fresh module registry, so a pool kept in
// a module lives for one file, and each file paid a PGlite boot (about half a
// second of CPU) for its first test issuer. This module is loaded once per
// worker, outside the files' sandboxes: the databases it holds are made by
// its own import of PGlite, so they outlive the file that used them last
// and no file's torn-down globals are ever reached through them. A database
// comes back here only after store-pool.ts has emptied it and proved it equal
// to a fresh load of the store image.
import { TestEnvironment } from "jest-environment-node";

const KEY = "__nextStepupWorkerPglite";
/** After the worker's last file, idle databases are closed (PGlite's timers would keep it alive). */
const CLOSE_IDLE_AFTER_MS = 200;

const idle = [];
let pglite;
let closeTimer;

const pool = {
  take: () => idle.pop(),
  give: (db) => void idle.push(db),
  create: async (options) => {
    pglite ??= import("@electric-sql/pglite");
    const { PGlite } = await pglite;
    return PGlite.create(options);
  },
};

export default class PgliteEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    // A next file has come: keep the idle databases for it.
    clearTimeout(closeTimer);
    this.global[KEY] = pool;
  }

  async teardown() {
    await super.teardown();
    closeTimer = setTimeout(() => {
      for (const db of idle.splice(0)) db.close().catch(() => undefined);
    }, CLOSE_IDLE_AFTER_MS);
    closeTimer.unref();
  }
}
