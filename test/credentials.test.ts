/**
 * Issue 17, item 6: a credential in config is refused by its key and by its value's shape, and
 * the error never shows the value. The corpus holds real formats (the issuers' documented
 * examples or strings built to their published shapes) and the names the issue found let through;
 * the negatives are what real config holds (references, digests, checksums, plain URLs).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cognivern } from '../charts/cognivern';
import { ConfigError } from '../lib/config/config-error';
import { parseSetArgs } from '../lib/config/set-values';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { runCli } from './support/cli';
import { CONFIG_DIR, tempDir } from './support/synthesized';

const fill = (n: number, alphabet = 'aB3xY7kQ9mZ2pL5vR8tW4nC6') => Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');

/** Values with a credential's shape, refused under any key. */
const SHAPES: Array<[string, string, string]> = [
  ['a JSON Web Token', 'a JSON Web Token', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'],
  ['an RSA private key', 'a private key (PEM)', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n'],
  ['a PKCS#8 private key', 'a private key (PEM)', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----'],
  ['an OpenSSH private key', 'a private key (PEM)', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'],
  ['an AWS access key id', 'an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
  ['an AWS temporary key id', 'an AWS access key id', 'ASIAY34FZKBOKMUTVV7A'],
  ['a GitHub classic token', 'a GitHub token', `ghp_${fill(36)}`],
  ['a GitHub fine-grained token', 'a GitHub token', `github_pat_11ABCDEFG0${fill(59)}`],
  ['a GitLab token', 'a GitLab token', `glpat-${fill(20)}`],
  ['a Slack bot token', 'a Slack token', `xoxb-123456789012-1234567890123-${fill(24)}`],
  ['an OpenAI project key', 'an OpenAI or Anthropic API key', `sk-proj-${fill(48)}`],
  ['an Anthropic key', 'an OpenAI or Anthropic API key', `sk-ant-api03-${fill(40)}`],
  ['a Stripe live key', 'a Stripe key', `sk_live_${fill(24)}`],
  ['a Google API key', 'a Google API key', `AIza${fill(35)}`],
  ['a bearer header', 'an Authorization header value', `Bearer ${fill(32)}`],
  ['a DSN with a password', 'a URL with a password in it', 'postgres://app:hunter2@db:5432/app'],
  ['a password in a URL inside text', 'a URL with a password in it', 'mirror at https://deploy:s3cret@git.example.com/org/repo.git, daily'],
  ['a GitHub token as a URL user', 'a GitHub token', `https://ghp_${fill(36)}@github.com/org/repo.git`],
  ['a random token as a URL user', 'a URL with a token as its user', `https://${fill(32)}@hooks.example.com/x`],
  ['?password= in a query', 'a URL with a credential in its query', 'https://api.example.com/v1?user=app&password=hunter2'],
  ['&access_token= in a query', 'a URL with a credential in its query', 'https://api.example.com/v1?x=1&access_token=abc'],
  ['a signed S3 URL', 'a URL with a credential in its query', 'https://bucket.s3.amazonaws.com/k?X-Amz-Credential=AK%2F2024&X-Amz-Signature=abcd'],
];

/** Keys that name a credential (the bypasses among them), refused with any non-empty value. */
const KEYS = ['dbPass', 'OPENAI_KEY', 'pwd', 'awsSecretKey', 'tokenFile', 'passwordRef', 'apiKeyName', 'secretPath', 'db-password', 'client_secret', 'privateKey', 'ACCESS-KEY', 'authToken', 'STRIPE_API_KEY', 'passphrase'];

/** What real config holds: none of it is refused. */
const BENIGN: Array<[string, string]> = [
  ['checksum/config', '4f12e2000add51e3053202c706a8e7c13eddbe9a5d07dc9b4e021448928c02af'],
  ['image', 'ghcr.io/org/app@sha256:4f12e2000add51e3053202c706a8e7c13eddbe9a5d07dc9b4e021448928c02af'],
  ['link', 'https://grafana.example.com/d/abc?orgId=1&refresh=30s'],
  ['dsn', 'postgres://app@db.cognivern.svc:5432/app?sslmode=require'],
  ['ca', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'],
  ['key', 'node-role.kubernetes.io/control-plane'],
  ['bypass', 'true'],
  ['passthrough', 'enabled'],
  ['vault.hashicorp.com/role', 'cognivern'],
  ['description', 'Reads its token from the mounted secret, never from config'],
  ['uuid', '123e4567-e89b-12d3-a456-426614174000'],
];

function refusal(values: Record<string, unknown>): ConfigError | undefined {
  try {
    loadPlatformValues(cognivern, CONFIG_DIR, 'dev', [{ name: 'extra.yaml', values: values as never }]);
    return undefined;
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
}

const annotations = (a: Record<string, string>) => ({ backend: { podAnnotations: a } });

describe('refused by value shape, under a harmless key', () => {
  test.each(SHAPES)('%s', (_, found, value) => {
    const e = refusal(annotations({ note: value }));
    expect(e?.message).toBe(`extra.yaml at backend.podAnnotations.note: expected a reference to a Secret, not a credential: keep the value in your secret store, read it through an ExternalSecret (name its remote key in config, e.g. b2c.remoteKey) or an existing Secret by name, found ${found} (value not shown)`);
    expect(e!.message).not.toContain(value.slice(0, 12));
  });
});

describe('refused by key, in a free-form map and in an env entry', () => {
  test.each(KEYS)('%s', (key) => {
    expect(refusal(annotations({ [key]: 'hunter2' }))?.message).toContain(`at backend.podAnnotations.${key}: expected a reference to a Secret, not a credential`);
    expect(refusal(annotations({ [key]: 'hunter2' }))?.message).toContain('found a literal under a credential key (value not shown)');
  });

  test('an env entry {name, value} is judged by its name', () => {
    const e = refusal({ backend: { extraEnv: [{ name: 'OPENAI_KEY', value: 'hunter2' }] } });
    expect(e?.message).toContain('found a literal under a credential key (value not shown)');
    expect(e?.message).not.toContain('hunter2');
  });
});

describe('not refused', () => {
  test('benign annotations', () => {
    expect(refusal(annotations(Object.fromEntries(BENIGN)))).toBeUndefined();
  });

  test('references the schema declares: tlsSecretName, remoteKey', () => {
    expect(refusal({ ingress: { tlsSecretName: 'cognivern-tls' }, secrets: { remoteKey: 'cognivern/dev/env' } })).toBeUndefined();
  });

  test('every config file of every platform (a full synth needs them all)', () => {
    expect(readdirSync(join(CONFIG_DIR, 'cognivern')).map((f) => f.replace('.yaml', '')).map((env) => {
      loadPlatformValues(cognivern, CONFIG_DIR, env);
      return env;
    })).toEqual(['dev', 'prod', 'staging']);
  });
});

describe('never echoed, through every channel', () => {
  const secret = `ghp_${fill(36)}`;

  test.each([
    ['--set', (dir: string) => ['--set', `backend.podAnnotations.password=${secret}`, '--out', dir]],
    ['-f', (dir: string) => {
      const file = join(tempDir(), 'values.yaml');
      writeFileSync(file, `backend:\n  podAnnotations:\n    mirror: "https://${secret}@github.com/o/r.git"\n`);
      return ['-f', file, '--out', dir];
    }],
  ])('%s: exit 1, names where, not what; nothing written', (_, args) => {
    const out = tempDir();
    const r = runCli(['synth', '-p', 'cognivern', '-e', 'dev', '--format', 'plain', ...args(out)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('(value not shown)');
    expect(r.stderr).toMatch(/at backend\.podAnnotations\.(password|mirror): /);
    expect(r.stderr + r.stdout).not.toContain(secret.slice(4, 16));
    expect(readdirSync(out)).toEqual([]);
  });

  test('parseSetArgs keeps the value; only the source name hides it', () => {
    expect(parseSetArgs([`a.password=${secret}`])).toEqual(JSON.parse(`{"a":{"password":"${secret}"}}`));
  });
});
