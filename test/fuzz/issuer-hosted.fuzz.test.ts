import { issuerFuzzSuite } from "./issuer-suite.js";

// The hosted pages' form posts: login, sign-up and the MFA step.
issuerFuzzSuite("hosted", "issuer-hosted");
