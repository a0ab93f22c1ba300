import { createHash } from 'node:crypto';

/** Hex SHA-256 of a string map with sorted keys, so equal content always gives an equal checksum. */
export function checksumOf(data: Readonly<Record<string, string>>): string {
  const canonical = JSON.stringify(Object.keys(data).sort().map((k) => [k, data[k]]));
  return createHash('sha256').update(canonical).digest('hex');
}
