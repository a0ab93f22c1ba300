import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { cognition } from './cognition';
import { cognivern } from './cognivern';
import { cortexCore } from './cortex-core';
import { metaCognition } from './meta-cognition';
import { somabrain } from './somabrain';

/** Every platform kubesynth deploys; `kubesynth synth` builds them all. */
export const platforms: readonly PlatformDefinition[] = [cortexCore, cognition, cognivern, metaCognition, somabrain];
