import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { cortexCore } from './cortex-core';
import { somabrain } from './somabrain';

/** Every platform kubesynth deploys; `kubesynth synth` builds them all. */
export const platforms: readonly PlatformDefinition[] = [cortexCore, somabrain];
