import { z } from "zod";

/** The payment API's audience and scope, as registered on the issuer. */
export const PAYMENTS_API = {
  audience: "https://api.example.com/payments",
  scope: "payments:write",
  /** Seconds an MFA stays fresh enough for a payment (the issuer's policy maxAge). */
  maxAge: 300,
} as const;

/** The body of a payment request, checked by both the BFF route and the resource server. */
export const paymentSchema = z.object({
  amount: z.number().positive().max(1_000_000).multipleOf(0.01),
  recipient: z.string().trim().min(1).max(100),
});

export type PaymentInput = z.infer<typeof paymentSchema>;

/** A sent payment, as the resource server answers it. */
export interface Payment extends PaymentInput {
  id: string;
  status: "sent";
}
