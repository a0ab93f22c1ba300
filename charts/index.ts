import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { PLATFORM_NAMES } from './platform-names';
import { cognition } from './cognition';
import { cognivern } from './cognivern';
import { cortexCore } from './cortex-core';
import { metaCognition } from './meta-cognition';
import { somabrain } from './somabrain';

/** Every platform kubesynth deploys; `kubesynth synth` builds them all. */
export const platforms: readonly PlatformDefinition[] = [cortexCore, cognition, cognivern, metaCognition, somabrain];

// The CLI names the platforms from platform-names.ts without loading them: keep the lists one.
if (platforms.map((p) => p.name).join() !== PLATFORM_NAMES.join()) {
  throw new Error(`charts/platform-names.ts lists ${PLATFORM_NAMES.join(', ')} but charts/index.ts registers ${platforms.map((p) => p.name).join(', ')}: make them the same`);
}
