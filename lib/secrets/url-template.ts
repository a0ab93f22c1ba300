/**
 * Connection URLs that stay valid for any password. A password spliced raw into
 * `scheme://user:password@host` breaks the URL when it holds `@`, `/`, `:`, `%`, `#` or `?`; the
 * External Secrets Operator renders the URL instead, percent-encoding the login with its
 * template engine (Go's `urlquery`, then `+` back to `%20`: `urlquery` writes a space as `+`,
 * which a URL's userinfo would keep as a literal plus; a literal `+` is already `%2B`).
 */

/** Go-template expression (External Secrets engine v2) for a Secret key, percent-encoded for a URL's userinfo. */
export function percentEncoded(key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
    throw new Error(`percentEncoded: "${key}" is not a plain template key; name the Secret key with letters, digits and underscores.`);
  }
  return `{{ .${key} | urlquery | replace "+" "%20" }}`;
}

/** Where a client finds a ready, percent-encoded connection URL: a Secret key, and the scheme it was rendered with. */
export interface ConnectionUrlKey {
  /** Key of the credentials Secret holding the URL, e.g. `uri`. */
  readonly key: string;
  /** Its scheme, e.g. `postgresql+asyncpg`; a client asking for another scheme is refused. */
  readonly scheme: string;
}

export interface ConnectionUrlTemplateProps {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
  /** Secret key of the login name; absent for password-only logins (Redis). */
  readonly usernameKey?: string;
  readonly passwordKey: string;
  /** Path after the port, e.g. the database name (`cortex_core`) or Redis's `0`. @default none */
  readonly path?: string;
  /** Query string without `?`, e.g. `ssl=require`. @default none */
  readonly query?: string;
}

/** The template of a connection URL whose login the operator percent-encodes. */
export function connectionUrlTemplate(p: ConnectionUrlTemplateProps): string {
  const login = p.usernameKey ? `${percentEncoded(p.usernameKey)}:${percentEncoded(p.passwordKey)}@` : `:${percentEncoded(p.passwordKey)}@`;
  return `${p.scheme}://${login}${p.host}:${p.port}${p.path !== undefined ? `/${p.path}` : ''}${p.query ? `?${p.query}` : ''}`;
}
