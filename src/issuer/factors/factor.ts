import type { FactorType } from "../../types/factor-type.js";
import type { IssuerDeps } from "../deps.js";
import type { Params } from "../http/body.js";
import type { MfaBearer } from "../mfa/mfa-bearer.js";
import type { IssuerClient } from "../options.js";
import type { MfaTokenRow } from "../store/mfa-tokens.js";
import type { SqlClient } from "../store/sql-client.js";
import type { CodeInput } from "../ui/mfa-pages.js";

/**
 * One factor of the issuer: everything the MFA API, the token endpoint and the
 * hosted pages need to know about it, in one object that its folder under
 * `factors/` exports and `factors/registry.ts` lists. A new factor (passkeys)
 * is one more folder and one more entry; nothing outside reads a factor's
 * tables or names its types.
 */
export interface Factor {
  /** Its name in `mfa_requirements`, an API's `factors` and audit events. */
  name: FactorType;
  /**
   * The `amr` values (RFC 8176 where one fits) its grant may add besides
   * "mfa"; any of them in a token's amr shows the factor was used (a passkey
   * adds "hwk" or "swk").
   */
  amr: readonly string[];
  /** Prefix of its authenticator ids on the wire (`totp|…`, `email|…`). */
  idPrefix: string;
  /**
   * A factor of its own: may be enrolled, and counts toward an API's
   * `mfaFactorCount`. False for recovery codes, which come with a first
   * factor and stand in for it (see policy/factor-count.ts).
   */
  enrollable: boolean;
  /**
   * Runs only with the issuer's `devMode` (the push factor, whose device is
   * the dev outbox): never offered for enrollment otherwise.
   */
  devOnly?: boolean;
  /** Reads and deletes the factor's authenticators. */
  store: FactorStore;
  /** POST /mfa/associate for `authenticator_types: [authenticatorType]`. */
  associate?: FactorAssociate;
  /** POST /mfa/challenge for `challenge_type`. */
  challenge?: FactorChallenge;
  /** Its MFA grant on POST /oauth/token. */
  grant?: FactorGrant;
  /** Its step on the hosted MFA page; absent: listed there as not available. */
  hosted?: HostedStep;
}

/** One of a user's authenticators of a factor, before it takes a wire shape. */
export interface ListedAuthenticator {
  /** The wire id, `idPrefix|key`. */
  id: string;
  /** The id without its prefix: the row's own key. */
  key: string;
  /** The MFA API's `authenticator_type` (and `oob_channel`). */
  authenticatorType: "otp" | "oob" | "recovery-code" | "webauthn";
  oobChannel?: "email" | "sms" | "auth0";
  /** The wire `name`: a label, or a masked destination. */
  name?: string;
  /** Email/SMS: the masked address or number codes go to (never the full one). */
  destination?: string;
  /** Usable now (a recovery-code set with codes left; every confirmed factor). */
  active: boolean;
  createdAt: number;
  lastAuthAt: number | null;
  /** Further wire fields of the factor (a passkey's device type, say). */
  extra?: Record<string, unknown>;
}

export interface FactorStore {
  /** The user's confirmed authenticators, oldest first (pending enrollments are not factors yet). */
  list(deps: IssuerDeps, db: SqlClient, userId: string): Promise<ListedAuthenticator[]>;
  /**
   * Deletes one confirmed authenticator of the user by its key; false when it
   * is absent or another user's. Absent: it cannot be removed on its own.
   */
  remove?(db: SqlClient, userId: string, key: string): Promise<boolean>;
  /** Drops the user's pending enrollment (one at a time, whatever the factor). */
  deletePending(db: SqlClient, userId: string): Promise<void>;
  /** Deletes everything of the user, pending too (admin MFA reset). */
  deleteAll(db: SqlClient, userId: string): Promise<void>;
  /**
   * Gives one confirmed authenticator of the user a new label; false when it
   * is absent or another user's. Absent: its name is not the user's to choose.
   */
  rename?(db: SqlClient, userId: string, key: string, name: string): Promise<boolean>;
}

export interface FactorAssociate {
  /** The `authenticator_types` entry it answers (several factors may share one: oob). */
  authenticatorType: "otp" | "oob" | "webauthn";
  /**
   * For a shared type: is this request this factor's (push: `oob_channels`
   * `auth0`)? The first factor that accepts it runs it, else the first of
   * the type without `accepts`.
   */
  accepts?(params: Params): boolean;
  /**
   * Starts an enrollment. `firstFactor`: the user has no confirmed factor (the
   * enrollment then comes with recovery codes). The caller has checked that
   * the bearer may add a factor.
   */
  handle(request: AssociateRequest): Promise<Response>;
}

export interface AssociateRequest {
  params: Params;
  bearer: MfaBearer;
  deps: IssuerDeps;
  firstFactor: boolean;
  /** Drops any pending enrollment of the user, of every factor: one at a time (call inside the transaction). */
  clearPendingEnrollments(db: SqlClient): Promise<void>;
}

export interface FactorChallenge {
  /** The `challenge_type` it answers (several factors may share one: oob). */
  challengeType: "otp" | "oob" | "webauthn";
  /** For a shared type: is this authenticator this factor's (push: `push|…`)? As for associate. */
  accepts?(authenticatorId: string | undefined): boolean;
  handle(
    deps: IssuerDeps,
    token: MfaTokenRow,
    authenticatorId: string | undefined,
  ): Promise<Response>;
}

export interface FactorGrant {
  /** The `grant_type` URI (several factors may share one: mfa-oob). */
  grantType: string;
  /** For a shared grant: are these parameters this factor's (push: its oob_codes)? As for associate. */
  accepts?(params: Params): boolean;
  handle(params: Params, client: IssuerClient, deps: IssuerDeps): Promise<Response>;
}

/** What a hosted step gets to check an answer: `db` may be a transaction. */
export interface FactorContext {
  deps: IssuerDeps;
  db: SqlClient;
  userId: string;
  /** The authenticator's key (its id without the type prefix: `totp|abc` → `abc`). */
  key: string;
  now: number;
  /** The pending authorization's id (held by this browser only): email/SMS codes are bound to it. */
  transaction: string;
  /** The OAuth client the sign-in is for (a passkey's relying party derives from it). */
  clientId: string;
  /** The answer may confirm a pending enrollment (the user has no confirmed factor). */
  enrolling: boolean;
}

/** A page a hosted step renders itself: its HTML, and the hashes of its inline scripts for the CSP. */
export interface HostedPage {
  html: string;
  scriptHashes?: string[];
}

/**
 * A factor on the hosted MFA page: its texts, an optional `start` (send a
 * code when its page is shown), `verify`, and optionally its own challenge
 * page (a factor whose answer a script produces, such as a passkey) and a
 * hosted enrollment.
 */
export interface HostedStep {
  /** Picker label and page heading. */
  label: string;
  heading: string;
  input: CodeInput;
  /** `start` delivers a code: the page offers "Send a new code". */
  sendsCodes?: boolean;
  /** The page's error when the answer is missing or refused, when "code" is not the word (a passkey). */
  messages?: { empty: string; refused: string };
  /**
   * Runs each time the factor's challenge page is shown (oob: deliver a code).
   * @throws too_many_attempts (429, resend cooldown or hourly cap), delivery_failed (503)
   */
  start?(context: FactorContext): Promise<void>;
  /**
   * Checks the answer and spends it atomically (claim the TOTP step, use the
   * recovery code). Returns the amr methods it adds besides "mfa" (RFC 8176),
   * or undefined when the answer is wrong or replayed.
   */
  verify(context: FactorContext, answer: string): Promise<string[] | undefined>;
  /** Its own challenge page instead of the code form (the form posts `code` to /login/mfa/verify). */
  renderChallenge?(view: HostedChallengeView, context: FactorContext): Promise<HostedPage>;
  /** Enrollment on the hosted page, for a user without any factor. */
  enroll?: HostedEnrollment;
}

/** What a self-rendered challenge page must post back, and where. */
export interface HostedChallengeView {
  displayName: string;
  base: string;
  transaction: string;
  authenticatorId: string;
  others: boolean;
  error?: string;
}

/** A first factor set up on the hosted page, confirmed by the step's `verify` with `enrolling`. */
export interface HostedEnrollment {
  /** Creates (or reuses) a pending authenticator and renders its page. */
  render(view: HostedEnrollmentView, deps: IssuerDeps): Promise<HostedPage>;
}

export interface HostedEnrollmentView {
  displayName: string;
  base: string;
  transaction: string;
  user: { id: string; email: string };
  error?: string;
}
