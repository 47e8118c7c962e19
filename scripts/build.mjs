// Builds dist/: the SDK (index.js), the command (cli.js) and the MCP server (mcp.js), each one ESM bundle
// with packages left external. The MCP bundle imports the SDK from ./index.js instead of carrying a copy of
// it, so that the classes a user and the MCP server see are the same ones (instanceof holds).
import { build } from 'esbuild';
import { resolve } from 'node:path';

const sdkEntry = resolve('src/index.ts');
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

/** Imports of src/index from inside the MCP layer stay imports, of the SDK bundle beside it. */
const sdkStaysExternal = {
  name: 'sdk-stays-external',
  setup(b) {
    b.onResolve({ filter: /index\.js$/ }, (args) => {
      const target = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      return target === sdkEntry ? { path: './index.js', external: true } : undefined;
    });
  },
};

await Promise.all([
  build({ ...common, entryPoints: ['src/index.ts'], sourcemap: true, outfile: 'dist/index.js' }),
  build({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js' }),
  build({
    ...common,
    entryPoints: ['src/mcp/index.ts'],
    outfile: 'dist/mcp.js',
    plugins: [sdkStaysExternal],
  }),
]);
