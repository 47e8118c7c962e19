/**
 * `npm run demo`: loads the manifest and checks it live against every installed tmux (private sockets,
 * -f /dev/null, killed afterwards). Prints what tmux's own parser, list-commands and display-message -a
 * said about every command, flag, positional and format variable.
 */
import { loadManifest, releaseOrderOf } from '../codegen/manifest/load-manifest.js';
import { commandAtRelease } from '../codegen/manifest/command-at-release.js';
import { checkFormats, checkListCommands, checkParser } from '../test/support/manifest-reality.js';
import { PrivateTmux } from '../test/support/private-tmux.js';
import { installedTmuxVersions } from '../test/support/tmux-matrix.js';

const manifest = loadManifest();
const order = releaseOrderOf(manifest);
const flags = manifest.commands.reduce((n, c) => n + c.flags.length, 0);
console.log(
  `tmuxkit manifest: ${manifest.commands.length} commands, ${flags} flags, ${manifest.formats.length} format variables, ` +
    `${manifest.notifications.length} control-mode line types, releases ${manifest.releases[0]?.version}..${manifest.releases.at(-1)?.version}\n`,
);

const installed = installedTmuxVersions();
if (installed.length === 0) {
  console.error('No tmux installed in .cache/tmux: run scripts/install-tmux-matrix.sh');
  process.exit(1);
}

let failures = 0;
for (const t of installed) {
  const tmux = await PrivateTmux.start(t.bin, `demo-${t.slot}`);
  try {
    const started = Date.now();
    const commands = manifest.commands.filter((c) => commandAtRelease(c, t.version, order)).length;
    const parser = await checkParser(manifest, t.version, tmux);
    const usage = await checkListCommands(manifest, t.version, tmux);
    const formats = await checkFormats(manifest, t.version, tmux);
    const problems = [...parser.discrepancies, ...usage, ...formats];
    failures += problems.length;
    console.log(
      `tmux ${t.version.padEnd(5)} socket -L ${tmux.socketName}\n` +
        `  ${commands} commands, ${parser.probes} parser probes, list-commands and display-message -a cross-checked ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        (problems.length === 0
          ? 'the manifest matches this tmux exactly'
          : `${problems.length} discrepancies`),
    );
    for (const p of problems.slice(0, 20)) console.log(`    ${p.command}: ${p.message}`);
  } finally {
    await tmux.kill();
  }
}
process.exitCode = failures === 0 ? 0 : 1;
