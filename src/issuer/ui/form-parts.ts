import { escapeHtml } from "./layout.js";

/** The error paragraph of a form page, announced by screen readers (role="alert"). */
export function alertBlock(id: string, message: string | undefined): string {
  return message ? `<p class="error" role="alert" id="${id}">${escapeHtml(message)}</p>` : "";
}

/** Attributes tying an input to the page's error (WCAG 3.3.1). */
export function describedBy(id: string, message: string | undefined): string {
  return message ? ` aria-describedby="${id}" aria-invalid="true"` : "";
}

/** The hidden field carrying the pending authorization's id, as in every hosted form. */
export function transactionField(transaction: string): string {
  return `<input type="hidden" name="transaction" value="${escapeHtml(transaction)}">`;
}
