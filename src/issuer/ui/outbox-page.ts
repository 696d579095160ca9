import type { PendingPushView } from "../factors/push/store.js";
import type { OutboxRow } from "../store/outbox.js";
import { escapeHtml, renderPage } from "./layout.js";

// The hosted-page card is narrow; a table of messages needs the width.
const WIDE = `<style>main{max-width:60rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.4rem;border-bottom:1px solid #ccc}
td.text{white-space:pre-wrap}form.inline{display:inline}ul.pushes li{margin:.5rem 0}</style>`;

/**
 * The pending pushes of the development push factor, each with Approve and
 * Deny buttons: the outbox is their device (POST /dev/push). Each button
 * names its push for screen readers.
 */
function renderPushes(pushes: PendingPushView[]): string {
  if (pushes.length === 0) return "<p>No pending push notifications.</p>";
  const items = pushes.map((push) => {
    const what = push.purpose === "enroll" ? "Enroll this device" : "Sign-in request";
    const label = `${what} for ${push.email}`;
    const button = (answer: string, text: string, cls: string) =>
      `<form method="post" action="push" class="inline"><input type="hidden" name="request" value="${escapeHtml(push.id)}"><input type="hidden" name="answer" value="${answer}"><button type="submit" class="${cls}" aria-label="${escapeHtml(`${text}: ${label}`)}">${text}</button></form>`;
    return `<li><strong>${escapeHtml(label)}</strong> on ${escapeHtml(push.device)}, until <time datetime="${new Date(Number(push.expires_at)).toISOString()}">${escapeHtml(new Date(Number(push.expires_at)).toISOString())}</time>
${button("approve", "Approve", "")} ${button("deny", "Deny", "secondary")}</li>`;
  });
  return `<ul class="pushes">\n${items.join("\n")}\n</ul>`;
}

/**
 * The dev outbox: pending pushes to answer, then messages newest first in a
 * table with a caption and column headers (screen readers announce each cell
 * with its header). Every value is escaped: subjects and addresses come from
 * users.
 */
export function renderOutboxPage(messages: OutboxRow[], pushes: PendingPushView[] = []): string {
  const rows = messages.map(
    (message) => `<tr>
<td><time datetime="${new Date(message.created_at).toISOString()}">${escapeHtml(new Date(message.created_at).toISOString())}</time></td>
<td>${escapeHtml(message.channel)}</td>
<td>${escapeHtml(message.recipient)}</td>
<td>${escapeHtml(message.subject ?? "")}</td>
<td class="text">${escapeHtml(message.body)}</td>
</tr>`,
  );
  const table = messages.length
    ? `<table>
<caption>${messages.length} message${messages.length === 1 ? "" : "s"}, newest first</caption>
<thead><tr><th scope="col">Sent</th><th scope="col">Channel</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Text</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`
    : "<p>No messages yet.</p>";
  return renderPage(
    "Dev outbox",
    `${WIDE}<h1>Dev outbox</h1>
<p>Email and SMS messages kept by the issuer instead of being sent (development mode).</p>
<h2>Push notifications</h2>
<p>This page is the device of the development push factor: approve or deny each request.</p>
${renderPushes(pushes)}
<h2>Messages</h2>
${table}`,
  );
}
