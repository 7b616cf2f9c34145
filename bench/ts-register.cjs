// Runs the TypeScript sources directly (bench only): each file is transpiled on load with the project's
// compiler options (isolatedModules), cached on disk by content; the @app/* aliases resolve through tsconfig-paths.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
require('tsconfig-paths').register({
  baseUrl: root,
  paths: JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).compilerOptions.paths,
});

let ts = null; // loaded on the first cache miss only
const compilerOptions = () => ({
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  inlineSourceMap: true,
  isolatedModules: true,
});
const cacheDir = join(tmpdir(), `jalon-bench-ts-${require('typescript/package.json').version}`);
mkdirSync(cacheDir, { recursive: true });

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const cached = join(cacheDir, `${createHash('sha1').update(filename).update('\0').update(source).digest('hex')}.js`);
  let output;
  try {
    output = readFileSync(cached, 'utf8');
  } catch {
    ts ??= require('typescript');
    output = ts.transpileModule(source, { compilerOptions: compilerOptions(), fileName: filename }).outputText;
    writeFileSync(cached, output);
  }
  module._compile(output, filename);
};
