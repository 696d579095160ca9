import { z } from "zod";

/**
 * The payee API: who may receive money. Registered on the issuer with
 * `factors: ["webauthn", "recovery-code"]`: changing a payee is what an
 * account takeover wants first, so only a passkey (which a phishing page
 * cannot relay) or a recovery code opens it.
 */
export const PAYEES_API = {
  audience: "https://api.example.com/payees",
  scope: "payees:write",
  maxAge: 300,
} as const;

/** A payee change, as the form sends it. */
export const payeeSchema = z.object({
  name: z.string().trim().min(1).max(100),
  account: z
    .string()
    .trim()
    .regex(/^[A-Z0-9 ]{8,34}$/i, "must be 8 to 34 letters and digits"),
});

export type PayeeInput = z.infer<typeof payeeSchema>;
