import type { OutboxRow } from "../store/outbox.js";
import { escapeHtml, renderPage } from "./layout.js";

// The hosted-page card is narrow; a table of messages needs the width.
const WIDE = `<style>main{max-width:60rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.4rem;border-bottom:1px solid #ccc}
td.text{white-space:pre-wrap}</style>`;

/**
 * The dev outbox: messages newest first in a table with a caption and column
 * headers (screen readers announce each cell with its header). Every value is
 * escaped: subjects and addresses come from users.
 */
export function renderOutboxPage(messages: OutboxRow[]): string {
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
${table}`,
  );
}
