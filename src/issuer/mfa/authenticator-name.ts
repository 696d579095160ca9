import { z } from "zod";

/**
 * An authenticator's label as a user types it (a passkey's name, at
 * enrollment or rename): trimmed, 1 to 64 characters, no control characters
 * (it is shown in lists and audit views).
 */
export const authenticatorName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\p{Cc}]+$/u);
