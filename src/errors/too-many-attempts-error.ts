import { StepUpError, type StepUpErrorOptions } from "./step-up-error.js";

/**
 * A 429 with a time to wait: `too_many_attempts` (an attempt budget is spent)
 * or `too_many_requests` (Auth0's rate limit). Retry after `retryAfter` seconds.
 */
export class TooManyAttemptsError extends StepUpError {
  /** Seconds until a new attempt may succeed. */
  readonly retryAfter: number;

  constructor(
    retryAfter: number,
    options: StepUpErrorOptions & {
      description?: string;
      code?: "too_many_attempts" | "too_many_requests";
    } = {},
  ) {
    super(options.code ?? "too_many_attempts", options.description, options);
    this.retryAfter = Math.max(1, Math.ceil(retryAfter));
  }

  protected override extraJSON(): Record<string, unknown> {
    return { retry_after: this.retryAfter };
  }

  override headers(): Record<string, string> {
    return { "retry-after": String(this.retryAfter) };
  }
}
