import type { IssuerDeps } from "../../deps.js";
import { maskEmail, maskPhoneNumber } from "./code-and-destination.js";
import { listOobAuthenticators } from "./store.js";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The user's confirmed email/SMS factors as GET /mfa/authenticators lists
 * them; `name` is the masked destination, so the user can tell them apart
 * without the API revealing the full address or number.
 */
export async function describeOobAuthenticators(
  deps: IssuerDeps,
  userId: string,
): Promise<Array<Record<string, unknown>>> {
  const rows = await listOobAuthenticators(deps.db, userId);
  return rows
    .filter((row) => row.confirmed_at !== null)
    .map((row) => {
      const destination = deps.oobBox.open(row.destination_sealed, `oob|${row.id}`);
      return {
        id: `${row.channel}|${row.id}`,
        authenticator_type: "oob",
        oob_channel: row.channel,
        name: row.channel === "email" ? maskEmail(destination) : maskPhoneNumber(destination),
        active: true,
        created_at: iso(row.created_at),
        ...(row.last_auth_at !== null ? { last_auth: iso(row.last_auth_at) } : {}),
      };
    });
}
