/** `npm run validate`: validates the manifest and prints its counts, or every problem as file:line:column. */
import { ManifestError } from './manifest/diagnostics.js';
import { loadManifest } from './manifest/load-manifest.js';

try {
  const m = loadManifest(process.argv[2]);
  const flags = m.commands.reduce((n, c) => n + c.flags.length, 0);
  console.log(
    `manifest ok: ${m.commands.length} commands, ${flags} flags, ${m.formats.length} format variables, ` +
      `${m.notifications.length} control-mode line types, ${m.releases.length} releases ` +
      `(${m.releases[0]?.version} to ${m.releases.at(-1)?.version})`,
  );
} catch (e) {
  if (!(e instanceof ManifestError)) throw e;
  console.error(e.message);
  process.exitCode = 1;
}
