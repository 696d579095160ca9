import { afterAll, beforeAll, describe, it } from "@jest/globals";
import { saveFigures } from "./fuzz-figures-file.js";
import { fuzzTarget, summarize, type FuzzFigures, type FuzzHarness } from "./run-fuzz.js";
import { APP, startSdkFixture, STEP_UP_PATH, type SdkFixture } from "./sdk-fixture.js";
import { sdkTargets, type SdkTarget } from "./sdk-targets.js";

/** The fixture signs users in and enrolls factors: on a loaded machine that outlasts Jest's default. */
const FIXTURE_TIMEOUT = 90_000;

/**
 * Codes after which the fixture's context is spent or its user locked out:
 * mint again before the next request. (A session a request signed out or
 * rotated is mended at the next periodic refresh: until then, requests
 * with it are a case of their own.)
 */
const SPENT = new Set(["too_many_attempts", "expired_token"]);

// The SDK's /auth routes (auth.handler), auth.middleware and auth.requireStepUp,
// against an in-process issuer.
describe("SDK fuzz: /auth routes, middleware, requireStepUp", () => {
  let fixture: SdkFixture;
  let harness: FuzzHarness;
  const figures: FuzzFigures[] = [];
  const started = Date.now();

  beforeAll(async () => {
    fixture = await startSdkFixture();
    harness = {
      origin: APP,
      clientOrigins: [fixture.t.url],
      journal: fixture.journal,
      values: fixture.values,
      prepare: (names) => fixture.prepare(names),
      // A refused SDK request may still have refreshed the session's tokens (an accepted
      // grant, or an mfa_required that minted an mfa_token) before the refusal.
      acceptedOnTheWay: () =>
        fixture
          .takeIssuerAnswers()
          .some((answer) => answer.status < 400 || answer.code === "mfa_required"),
      send: async (target, request) => {
        fixture.takeIssuerAnswers();
        const entry = (target as SdkTarget).entry;
        if (entry === "middleware") return fixture.auth.middleware(request);
        if (entry === "requireStepUp") {
          return fixture.auth.requireStepUp(request, {
            audience: fixture.t.audience,
            stepUpPath: STEP_UP_PATH,
          });
        }
        return fixture.auth.handler(request);
      },
      observe: (_target, verdict, status) => {
        if ((verdict.code !== undefined && SPENT.has(verdict.code)) || status === 429) {
          fixture.markStale();
        }
      },
    };
  }, FIXTURE_TIMEOUT);
  afterAll(async () => {
    if (figures.length > 0) {
      console.log(summarize("sdk", figures));
      saveFigures("sdk", figures, Date.now() - started);
    }
    await fixture?.close();
  });

  const targets = sdkTargets();
  for (const target of targets) {
    it(`answers ${target.name} with coded errors, and rejections write nothing at the issuer`, async () => {
      figures.push(await fuzzTarget(harness, target));
    });
  }
});
