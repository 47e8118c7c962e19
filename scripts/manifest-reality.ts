/**
 * The reality check from the command line: the manifest against every installed matrix tmux (or the
 * slots named), with tmux's own parser, `list-commands` and `display-message -a` as ground truth. Prints
 * a to-do list per release and exits 1 when anything disagrees. Each tmux runs on a private socket and is
 * killed afterwards.
 *
 * Usage: npm run reality [-- [--manifest DIR] [slot ...]]
 */
import { loadManifest } from '../codegen/manifest/load-manifest.js';
import { ManifestError } from '../src/runtime/errors.js';
import { checkFormats, checkListCommands, checkParser, todoList } from '../test/support/manifest-reality.js';
import { PrivateTmux } from '../test/support/private-tmux.js';
import { installedTmuxVersions } from '../test/support/tmux-matrix.js';

const args = process.argv.slice(2);
const at = args.indexOf('--manifest');
const dir = at >= 0 ? args.splice(at, 2)[1] : undefined;
const slots = new Set(args);

let manifest;
try {
  manifest = loadManifest(dir);
} catch (e) {
  if (!(e instanceof ManifestError)) throw e;
  console.error(e.message);
  process.exit(1);
}
const releases = manifest.releases.map((r) => r.version);
const installed = installedTmuxVersions().filter((t) => slots.size === 0 || slots.has(t.slot));
if (installed.length === 0) {
  console.error('No tmux to check against: run npm run setup:tmux (and name installed slots only).');
  process.exit(1);
}

let failed = false;
for (const { slot, version, bin } of installed) {
  if (!releases.includes(version)) {
    failed = true;
    console.log(
      `tmux ${version} (slot ${slot}): not in manifest/versions.yaml. Add it there with its date ` +
        '(newest last), then run this again.\n',
    );
    continue;
  }
  const tmux = await PrivateTmux.start(bin, `reality-${slot}`);
  try {
    const parser = await checkParser(manifest, version, tmux);
    const found = [
      ...(await checkListCommands(manifest, version, tmux)),
      ...parser.discrepancies,
      ...(await checkFormats(manifest, version, tmux)),
    ];
    failed ||= found.length > 0;
    console.log(`${todoList(version, found)}\n(${parser.probes} parser probes)\n`);
  } finally {
    await tmux.kill();
  }
}
process.exit(failed ? 1 : 0);
