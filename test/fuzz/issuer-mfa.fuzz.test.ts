import { issuerFuzzSuite } from "./issuer-suite.js";

// The MFA API (/mfa/*) and the admin API (/api/v2/*).
issuerFuzzSuite("mfa", "issuer-mfa");
