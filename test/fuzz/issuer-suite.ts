import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ROUTES } from "../../src/issuer/routes.js";
import { TEST_DEFAULTS } from "../../src/testing/index.js";
import {
  APP_ORIGIN,
  OTHER_ORIGIN,
  startIssuerFixture,
  type IssuerFixture,
} from "./issuer-fixture.js";
import { issuerTargets, TOKEN_ROUTE, tokenTargets, type IssuerGroup } from "./issuer-targets.js";
import { saveFigures } from "./fuzz-figures-file.js";
import {
  fuzzTarget,
  summarize,
  type FuzzFigures,
  type FuzzHarness,
  type FuzzTarget,
} from "./run-fuzz.js";

/** The fixture signs users in and enrolls factors: on a loaded machine that outlasts Jest's default. */
const FIXTURE_TIMEOUT = 90_000;

/** Codes after which the fixture's credentials may be spent or locked: mint new ones before the next request. */
const SPENT = new Set(["too_many_attempts", "expired_token"]);

/**
 * The issuer fuzz of one group of routes (one Jest file each, so the groups
 * run in parallel): one fixture for the file, one test per target.
 */
export function issuerFuzzSuite(group: IssuerGroup, file: string): void {
  describe(`issuer fuzz: ${group} routes`, () => {
    let fixture: IssuerFixture;
    let harness: FuzzHarness;
    const figures: FuzzFigures[] = [];
    const started = Date.now();
    const run = async (target: FuzzTarget) => {
      figures.push(await fuzzTarget(harness, target));
    };

    beforeAll(async () => {
      fixture = await startIssuerFixture();
      harness = {
        origin: fixture.t.url,
        clientOrigins: [APP_ORIGIN, OTHER_ORIGIN],
        journal: fixture.journal,
        values: fixture.values,
        send: (_target, request) => fixture.t.issuer.handler(request),
        prepare: (names) => fixture.prepare(names),
        takeLoggedError: () => fixture.takeLoggedError(),
        observe: (target, verdict, status) => {
          const spent = (verdict.code !== undefined && SPENT.has(verdict.code)) || status === 429;
          // A grant that succeeded consumed its code or mfa_token; a hosted form that redirected
          // finished its transaction. (A logout that ended the fuzz browser's issuer session is
          // mended at the next periodic refresh: a sign-in is costly.)
          const used =
            (status < 400 && target.name.startsWith(TOKEN_ROUTE)) ||
            (status === 302 && target.style === "html" && target.name.startsWith("POST "));
          if (spent || used) fixture.markStale();
        },
      };
    }, FIXTURE_TIMEOUT);
    afterAll(async () => {
      if (figures.length > 0) {
        console.log(summarize(file, figures));
        saveFigures(file, figures, Date.now() - started);
      }
      await fixture?.close();
    });

    for (const target of issuerTargets(group, TEST_DEFAULTS.issuer)) {
      it(`answers ${target.name} with coded errors, and rejections write nothing`, () =>
        run(target));
    }
    if (group === "oauth") {
      it(`answers ${TOKEN_ROUTE} for every grant type in discovery, and rejections write nothing`, async () => {
        expect(Object.keys(ROUTES)).toContain(TOKEN_ROUTE);
        for (const target of tokenTargets(fixture.grantTypes, fixture.t.url)) await run(target);
      });
    }
  });
}
