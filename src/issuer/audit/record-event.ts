import { randomId } from "../crypto/hash.js";
import type { IssuerDeps } from "../deps.js";
import type { IssuerEvent } from "../options.js";
import { insertAuditEvent, type AuditEventRow } from "../store/audit-events.js";

/** An event as callers describe it; id and time are filled in here. */
export type EventInput = Omit<IssuerEvent, "id" | "time">;

/**
 * Stores an MFA audit event in `audit_events`, then hands it to the
 * `onEvent` hook. Called after the action it records has committed, so
 * neither a store error nor a hook error may fail the request: the action
 * happened, and a failed answer would make the client retry it. Both are
 * logged through deps.logger instead.
 */
export async function recordEvent(deps: IssuerDeps, input: EventInput): Promise<IssuerEvent> {
  const event = newEvent(deps, input);
  try {
    await insertAuditEvent(deps.db, auditRowOf(event));
  } catch (error) {
    deps.logger(`issuer: could not store audit event ${event.type}`, error);
  }
  await notifyEvent(deps, event);
  return event;
}

/** The event with its id and time (now, or `at`), not stored yet. */
export function newEvent(deps: IssuerDeps, input: EventInput, at = deps.clock()): IssuerEvent {
  return { ...input, id: randomId(12), time: at };
}

/** The `audit_events` row of an event. */
export function auditRowOf(event: IssuerEvent): AuditEventRow {
  return {
    id: event.id,
    user_id: event.userId,
    type: event.type,
    authenticator_id: event.authenticatorId ?? null,
    authenticator_type: event.authenticatorType ?? null,
    client_id: event.clientId ?? null,
    actor: event.actor,
    created_at: event.time,
  };
}

/**
 * Hands a stored event to the `onEvent` hook (for events a grant stored
 * inside its own transaction); a hook error is logged, never thrown.
 */
export async function notifyEvent(deps: IssuerDeps, event: IssuerEvent): Promise<void> {
  if (!deps.onEvent) return;
  try {
    await deps.onEvent(event);
  } catch (error) {
    deps.logger(`issuer: onEvent hook failed for ${event.type}`, error);
  }
}
