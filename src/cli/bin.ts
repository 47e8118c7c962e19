#!/usr/bin/env node
/**
 * The `tmuxkit` executable: `dist/cli.js` beside the SDK's bundle (`dist/index.js`), or this file run from
 * the source tree. It reads the version and starts `main`; the SDK loads only when a command needs it.
 */
import { readFileSync } from 'node:fs';
import { main } from './main.js';

const fromSource = import.meta.url.endsWith('.ts');
const url = (relative: string) => new URL(relative, import.meta.url);
const { version } = JSON.parse(
  readFileSync(url(fromSource ? '../../package.json' : '../package.json'), 'utf8'),
) as {
  version: string;
};
const sdkPath = url(fromSource ? '../index.ts' : './index.js').href;
const mcpPath = url(fromSource ? '../mcp/index.ts' : './mcp.js').href;

process.exitCode = await main(
  process.argv.slice(2),
  version,
  () => import(sdkPath),
  () => import(mcpPath),
);
