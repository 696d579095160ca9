import { hashRecoveryCode } from "./codes.js";
import { findActiveRecoveryCodeSet, useRecoveryCode } from "./store.js";
import type { HostedStep } from "../factor.js";

/** A recovery code: each works once; amr gains "rcode" like the mfa-recovery-code grant. */
export const recoveryCodeHostedStep: HostedStep = {
  label: "Recovery code",
  heading: "Enter a recovery code",
  input: {
    label: "Recovery code",
    hint: "Enter one of the recovery codes you saved when you set up verification.",
    inputmode: "text",
    autocomplete: "off",
    maxlength: 64,
  },
  async verify(context, answer) {
    const set = await findActiveRecoveryCodeSet(context.db, context.userId);
    if (!set || set.id !== context.key) return undefined;
    const used = await useRecoveryCode(context.db, set.id, hashRecoveryCode(answer), context.now);
    return used ? ["rcode"] : undefined;
  },
};
