import { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import type { IssuerDeps } from "../deps.js";
import { queryParams } from "../http/body.js";
import { htmlResponse, jsonResponse } from "../http/respond.js";
import { optionalParam, parseWith } from "../http/validate.js";
import { listOutboxMessages } from "../store/outbox.js";
import { renderOutboxPage } from "../ui/outbox-page.js";

const schema = z.object({
  to: optionalParam,
  channel: z.enum(["email", "sms"]).optional(),
});

/**
 * GET /dev/outbox[?to=…&channel=email|sms]: the messages the dev outbox kept,
 * newest first, as an HTML page, or as JSON `{messages: [{channel, to,
 * subject?, text, sent_at}]}` for `Accept: application/json` (end-to-end
 * tests read codes there). It shows codes in clear, so it exists only with
 * the `devMode` option; otherwise the path is 404 like any unknown one.
 * @throws not_found (404) without devMode, invalid_request (400) bad filter
 */
export async function handleDevOutbox(request: Request, deps: IssuerDeps): Promise<Response> {
  if (!deps.devMode) throw new StepUpError("not_found");
  const query = parseWith(schema, queryParams(request));
  const messages = await listOutboxMessages(deps.db, {
    recipient: query.to,
    channel: query.channel,
  });
  if (/\bapplication\/json\b/i.test(request.headers.get("accept") ?? "")) {
    return jsonResponse({
      messages: messages.map((message) => ({
        channel: message.channel,
        to: message.recipient,
        ...(message.subject !== null ? { subject: message.subject } : {}),
        text: message.body,
        sent_at: new Date(message.created_at).toISOString(),
      })),
    });
  }
  return htmlResponse(renderOutboxPage(messages));
}
