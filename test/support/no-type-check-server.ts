/**
 * Jest setup: the synths tests start use no type-check server (as in CI), so no test leaves a
 * process behind; the tests of the server start and stop their own.
 */
process.env.KUBESYNTH_TYPE_CHECK_SERVER ??= '0';
