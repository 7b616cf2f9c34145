/** Layering rules, run by `npm run lint` and in CI. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'Nothing under a domain/ folder imports a framework, a database, a client library, Node built-ins (clock, crypto, fs) or code outside its own domain folder, except the pure calendar.',
      severity: 'error',
      from: { path: '^(libs/[^/]+/src/domain)/', pathNot: ['\\.spec\\.ts$', '/__tests__/'] },
      to: { pathNot: ['^$1/', '^libs/calendar/src/'] },
    },
    {
      name: 'calendar-is-pure',
      comment: 'The business-date calendar (libs/calendar) imports nothing at all: no package, no Node built-in, no other code.',
      severity: 'error',
      from: { path: '^libs/calendar/src/', pathNot: ['\\.spec\\.ts$'] },
      to: { pathNot: '^libs/calendar/src/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|^apps/web/)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
