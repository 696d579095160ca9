import { expect, test, type APIRequestContext, type Locator } from "@playwright/test";
import {
  chooseFactor,
  expectPaymentSent,
  sendPayment,
  signIn,
  signOut,
  stepUpDialog,
  submitCode,
} from "./support/flows.js";
import { readCode } from "./support/outbox.js";
import { resendCooldownSeconds, userByEmail } from "./support/settings.js";

const CHANNELS = [
  {
    name: "email",
    user: "e2e-sec-1@example.com",
    choice: "Email",
    field: "Email address",
    destination: "e2e-sec-1@example.com",
    masked: /^e\*\*\*@example\.com$/,
    label: "Code from the email",
  },
  {
    name: "SMS",
    user: "e2e-sec-2@example.com",
    choice: "Text message",
    field: "Mobile phone number",
    destination: "+15555550142",
    masked: /^\+1 \*\*\*-\*\*\*-0142$/,
    label: "Code from the text message",
  },
] as const;

/** Types the newest code for `to` from the issuer's dev outbox into the dialog. */
async function enterCode(
  request: APIRequestContext,
  dialog: Locator,
  label: string,
  to: string,
  seen = 0,
) {
  const { code, count } = await readCode(request, to, seen);
  await submitCode(dialog, label, code);
  return count;
}

for (const channel of CHANNELS) {
  test(`${channel.name}: enroll during a payment, then step up with a code read from the outbox`, async ({
    page,
    request,
  }) => {
    const user = userByEmail(channel.user);
    await signIn(page, user);
    await sendPayment(page);

    // Enrollment: choose the channel, give the destination, type the code sent there.
    let dialog = stepUpDialog(page);
    await chooseFactor(dialog, channel.choice);
    await dialog.getByLabel(channel.field).fill(channel.destination);
    await dialog.getByRole("button", { name: "Send code" }).click();
    let seen = await enterCode(request, dialog, channel.label, channel.destination);
    await expect(dialog.getByTestId("recovery-codes")).toBeVisible();
    await dialog.getByRole("button", { name: "I saved these codes" }).click();
    await expect(dialog).toBeHidden();
    await expectPaymentSent(page);

    // A new session: the dialog sends a code at once and names the masked destination.
    await signOut(page);
    await signIn(page, user);
    await sendPayment(page);
    dialog = stepUpDialog(page);
    await expect(dialog.getByTestId("masked-destination")).toHaveText(channel.masked);
    const resend = dialog.getByTestId("resend-code");
    await expect(resend).toBeDisabled();
    await expect(resend).toHaveText(/Send a new code in \d+ s/);

    if (channel.name === "SMS") {
      // After the cooldown (short in the e2e stack), a new code replaces the first one.
      const first = await readCode(request, channel.destination, seen);
      seen = first.count;
      await expect(resend).toBeEnabled({ timeout: (resendCooldownSeconds() + 10) * 1000 });
      await resend.click();
      await expect(dialog.getByRole("status")).toContainText("We sent a new code");
      await enterCode(request, dialog, channel.label, channel.destination, seen);
    } else {
      await enterCode(request, dialog, channel.label, channel.destination, seen);
    }
    await expect(dialog).toBeHidden();
    await expectPaymentSent(page);
  });
}
