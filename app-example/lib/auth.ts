import { AuthClient } from "next-stepup/server";

/**
 * The app's one AuthClient. Every option comes from the environment:
 * STEPUP_ISSUER_BASE_URL, STEPUP_CLIENT_ID, STEPUP_CLIENT_SECRET,
 * STEPUP_SECRET and APP_BASE_URL (see EXAMPLES.md).
 */
export const auth = new AuthClient();
