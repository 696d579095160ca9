import "server-only";
import { AuthClient } from "next-stepup/server";

/**
 * The app's one AuthClient. Every option comes from the environment:
 * STEPUP_ISSUER_BASE_URL, STEPUP_CLIENT_ID, STEPUP_CLIENT_SECRET,
 * STEPUP_SECRET and APP_BASE_URL (see .env.example and EXAMPLES.md).
 * `server-only` makes importing it from a client component a build error:
 * its secret must never reach a browser bundle.
 */
export const auth = new AuthClient();
