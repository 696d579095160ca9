import { MfaRequiredError } from "../../errors/index.js";
import { authenticatorToWire } from "../../shared/wire.js";

/**
 * The MfaRequiredError the SDK's server throws: its wire shape also carries
 * the user's `authenticators` (snake_case), so the browser's step-up UI needs
 * no list call. A server-side subclass, so that only the server bundles the
 * conversion; `instanceof MfaRequiredError`, `name` and `code` are unchanged.
 */
export class ListedMfaRequiredError extends MfaRequiredError {
  constructor(...args: ConstructorParameters<typeof MfaRequiredError>) {
    super(...args);
    this.name = "MfaRequiredError";
  }

  protected override extraJSON(): Record<string, unknown> {
    return {
      ...super.extraJSON(),
      ...(this.authenticators
        ? { authenticators: this.authenticators.map(authenticatorToWire) }
        : {}),
    };
  }
}
