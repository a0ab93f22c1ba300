/**
 * What a credential looks like as a value, whatever key holds it: published token formats
 * (prefixes and lengths as their issuers document them), private-key blocks, JWTs, and URLs
 * that carry a password or a token. Each shape has a name, used in errors instead of the value.
 */
interface Shape {
  readonly name: string;
  readonly test: (value: string) => boolean;
}

const re = (name: string, pattern: RegExp): Shape => ({ name, test: (v) => pattern.test(v) });

/** Query parameters that carry a credential (`?password=`, `&access_token=`, signed-URL signatures). */
const CREDENTIAL_QUERY = /[?&](password|passwd|pwd|pass|secret|client_secret|token|access_token|refresh_token|id_token|api[_-]?key|apikey|auth|sig|signature|x-amz-signature|x-amz-credential|x-goog-signature)=[^&#\s]/i;

/** `scheme://user:password@` or `scheme://user@` anywhere in the text (userinfo of a URL). */
const USERINFO = /[a-z][a-z0-9+.-]*:\/\/([^\s/?#@]*)@/gi;

export const TOKEN_FORMATS: readonly Shape[] = [
  re('a private key (PEM)', /-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY( BLOCK)?-----|-----BEGIN PGP PRIVATE KEY BLOCK-----/),
  re('a JSON Web Token', /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/),
  re('an AWS access key id', /\b(AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z2-7]{16}\b/),
  re('a GitHub token', /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/),
  re('a GitLab token', /\bglpat-[A-Za-z0-9_-]{20,}/),
  re('a Slack token', /\bxox[abposre]-[A-Za-z0-9-]{10,}/),
  re('an OpenAI or Anthropic API key', /\bsk-(proj-|ant-(api\d\d-)?|svcacct-)?[A-Za-z0-9_-]{20,}/),
  re('a Stripe key', /\b(sk|rk)_(live|test)_[A-Za-z0-9]{16,}/),
  re('a Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/),
  re('an Authorization header value', /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]{16,}=*/),
];

/**
 * A string that looks generated rather than written: 20 or more characters of letters and
 * digits (base64 or hex alphabet) mixing classes, with high per-character entropy. Words
 * joined by `-`, `.` or `/` (names, paths, hosts) split into short runs and do not match.
 */
export function looksRandom(value: string): boolean {
  return value.split(/[-./:@_ ]/).some((run) => {
    if (run.length < 20 || !/^[A-Za-z0-9+=]+$/.test(run)) return false;
    const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((c) => c.test(run)).length;
    return classes >= 2 && entropy(run) >= 3.5;
  });
}

/** Shannon entropy, bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** The name of the credential shape `value` has, or undefined. */
export function credentialShapeOf(value: string): string | undefined {
  const format = TOKEN_FORMATS.find((f) => f.test(value));
  if (format) return format.name;
  for (const [, userinfo] of value.matchAll(USERINFO)) {
    const colon = userinfo.indexOf(':');
    if (colon >= 0 && colon < userinfo.length - 1) return 'a URL with a password in it';
    const user = decodeURIComponentSafe(colon >= 0 ? userinfo.slice(0, colon) : userinfo);
    if (TOKEN_FORMATS.some((f) => f.test(user)) || looksRandom(user)) return 'a URL with a token as its user';
  }
  if (CREDENTIAL_QUERY.test(value)) return 'a URL with a credential in its query';
  return undefined;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
