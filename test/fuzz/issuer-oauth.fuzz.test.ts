import { issuerFuzzSuite } from "./issuer-suite.js";

// Token endpoint (every grant type), revocation, /authorize, /userinfo, logout,
// discovery, the dev outbox, and any route without a model (see issuer-targets.ts).
issuerFuzzSuite("oauth", "issuer-oauth");
