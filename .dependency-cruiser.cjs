/**
 * Import rules for lib/ and charts/, checked by test/import-graph.test.ts with dependency-cruiser.
 * Type-only imports count: a circle of types still means two modules that cannot be read, moved
 * or published apart.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Two modules that import each other (directly or through others) cannot be understood apart. Move the shared part into a module both import.',
      from: { path: '^(lib|charts)/' },
      to: { circular: true },
    },
    {
      name: 'library-not-from-platforms',
      severity: 'error',
      comment: 'lib/ is the construct library every platform builds on; it must not know any platform (only the CLI and the project loader, which find them). Pass what it needs in as props.',
      from: { path: '^lib/', pathNot: '^lib/(cli|project)/' },
      to: { path: '^charts/' },
    },
    {
      name: 'no-test-or-bench-code',
      severity: 'error',
      comment: 'Shipped code must not load test or bench code: the published package holds neither.',
      from: { path: '^(lib|charts)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(build|dist|node_modules)/' },
  },
};
