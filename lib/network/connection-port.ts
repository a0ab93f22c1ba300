import type { MemberPort } from './network-member';
import type { Connection } from './network-member';

/**
 * The port of its target a connection uses: the one it names (by number or name), else the
 * target's main port. A port the target does not serve is refused here, at construction, so a
 * typo never opens the wrong port nor points an env var at it.
 */
export function connectionPort(c: Connection, client: string): MemberPort {
  if (c.port === undefined) return c.to.port;
  const found = c.to.ports.find((p) => p.port === c.port || p.name === c.port);
  if (!found) {
    const served = c.to.ports.map((p) => `${p.name} (${p.port})`).join(', ') || 'none';
    throw new Error(`${client}: uses "${c.to.component}" on port ${JSON.stringify(c.port)}, which it does not serve; name one of its ports: ${served}.`);
  }
  return found;
}
