/** One challenge of a `WWW-Authenticate` header (RFC 9110 §11.6.1). */
export interface AuthChallenge {
  /** As sent; compare case-insensitively (RFC 9110 §11.1). */
  scheme: string;
  /** auth-params, names lowercased, quoted-string values unescaped; the first of a repeated name wins. */
  params: Record<string, string>;
  token68?: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(,|$))/;

/**
 * Parses a `WWW-Authenticate` value into its challenges. The grammar uses
 * commas both between challenges and between a challenge's parameters, so a
 * token followed by `=` is a parameter of the current challenge and any other
 * token starts a new one. Malformed parts are skipped up to the next comma
 * rather than failing the whole header: a resource server's sloppy extra
 * challenge must not hide a well-formed Bearer one.
 */
export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const text = header ?? "";
  let i = 0;
  let current: AuthChallenge | undefined;

  const skip = (chars: RegExp) => {
    while (i < text.length && chars.test(text[i]!)) i += 1;
  };
  const skipPastComma = () => {
    const comma = text.indexOf(",", i);
    i = comma === -1 ? text.length : comma + 1;
  };

  while (i < text.length) {
    skip(/[ \t,]/);
    if (i >= text.length) break;
    const token = TOKEN.exec(text.slice(i))?.[0];
    if (!token) {
      skipPastComma();
      continue;
    }
    i += token.length;
    skip(/[ \t]/);
    if (current && text[i] === "=") {
      i += 1;
      skip(/[ \t]/);
      const value = text[i] === '"' ? readQuoted() : readToken();
      if (value === undefined) {
        skipPastComma();
        continue;
      }
      const name = token.toLowerCase();
      if (!(name in current.params)) current.params[name] = value;
      continue;
    }
    // A new challenge: `scheme`, `scheme token68` or `scheme param=value, …`.
    current = { scheme: token, params: {} };
    challenges.push(current);
    const rest = text.slice(i);
    const token68 = TOKEN68.exec(rest)?.[0];
    if (token68 && !/^[^=]+=[ \t]*[^=, \t]/.test(rest)) {
      current.token68 = token68;
      i += token68.length;
    }
  }
  return challenges;

  function readToken(): string | undefined {
    const value = TOKEN.exec(text.slice(i))?.[0];
    if (value) i += value.length;
    return value;
  }

  // quoted-string (RFC 9110 §5.6.4): a backslash escapes the next character.
  function readQuoted(): string | undefined {
    let value = "";
    for (i += 1; i < text.length; i += 1) {
      const char = text[i]!;
      if (char === '"') {
        i += 1;
        return value;
      }
      if (char === "\\") i += 1;
      if (i < text.length) value += text[i];
    }
    return undefined; // unterminated
  }
}

/** The RFC 9470 step-up signal in a 401's `WWW-Authenticate`, when present. */
export interface InsufficientUserAuthentication {
  description?: string;
  /** `acr_values`, space-separated on the wire, in order of preference. */
  acrValues: string[];
  /** `max_age` in seconds, when given as a whole number. */
  maxAge?: number;
}

/** Finds a Bearer challenge with `error="insufficient_user_authentication"` (RFC 9470 §3). */
export function findInsufficientUserAuthentication(
  header: string | null | undefined,
): InsufficientUserAuthentication | undefined {
  const challenge = parseWwwAuthenticate(header).find(
    (c) =>
      c.scheme.toLowerCase() === "bearer" && c.params.error === "insufficient_user_authentication",
  );
  if (!challenge) return undefined;
  const { error_description: description, acr_values: acr, max_age: maxAge } = challenge.params;
  return {
    ...(description !== undefined ? { description } : {}),
    acrValues: (acr ?? "").split(" ").filter(Boolean),
    ...(maxAge !== undefined && /^\d+$/.test(maxAge) ? { maxAge: Number(maxAge) } : {}),
  };
}
