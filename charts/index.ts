import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { cognition } from './cognition';
import { cortexCore } from './cortex-core';

/** Every platform kubesynth deploys; `kubesynth synth` builds them all. */
export const platforms: readonly PlatformDefinition[] = [cortexCore, cognition];
