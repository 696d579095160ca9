import { StepUpError, type StepUpErrorOptions } from "./step-up-error.js";

/** An attempt budget is spent; retry after `retryAfter` seconds. */
export class TooManyAttemptsError extends StepUpError {
  /** Seconds until a new attempt may succeed. */
  readonly retryAfter: number;

  constructor(retryAfter: number, options: StepUpErrorOptions & { description?: string } = {}) {
    super("too_many_attempts", options.description, options);
    this.retryAfter = Math.max(1, Math.ceil(retryAfter));
  }

  protected override extraJSON(): Record<string, unknown> {
    return { retry_after: this.retryAfter };
  }

  override headers(): Record<string, string> {
    return { "retry-after": String(this.retryAfter) };
  }
}
