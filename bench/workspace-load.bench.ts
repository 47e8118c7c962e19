/**
 * Loading a 4-window x 4-pane workspace with a command in every pane, detached, on a fresh private
 * server, whole process, side by side in the same run on the newest installed tmux (`SHELL=/bin/sh`):
 *
 * - floor: one chained `tmux` invocation that builds the same session and types the same commands;
 * - `tmuxkit load` (dist/cli.js, built by `npm run bench`) with the subprocess and socket engines;
 * - tmuxp 1.74 (scripts/install-tmuxp.sh) and tmuxinator (Debian's, scripts/install-bench-tools.sh),
 *   each left out with a note when it is not installed;
 * - and `tmuxkit --help` against a bare `node -e 0`.
 *
 * Contenders alternate round by round; times are medians; ratios are against the floor of the same run.
 * Run: npm run bench (BENCH_LOAD_ROUNDS, default 5)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { installedTmuxVersions } from '../test/support/tmux-matrix.js';

const ROUNDS = Number(process.env['BENCH_LOAD_ROUNDS'] ?? 5);
const root = fileURLToPath(new URL('..', import.meta.url));
const tmux = installedTmuxVersions().at(-1);
if (!tmux) throw new Error('no tmux installed: npm run setup:tmux');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const scratch = mkdtempSync(join(tmpdir(), 'tmuxkit-bench-load-'));

const WINDOWS = [1, 2, 3, 4];
const PANES = [1, 2, 3, 4];
const command = (w: number, p: number) => `echo w${w}p${p}`;

const workspace = join(scratch, 'bench.yaml');
writeFileSync(
  workspace,
  `session_name: bench\nwindows:\n${WINDOWS.map(
    (w) =>
      `  - window_name: w${w}\n    layout: tiled\n    panes:\n${PANES.map((p) => `      - ${command(w, p)}\n`).join('')}`,
  ).join('')}`,
);
const tmuxinatorProject = (socket: string) => {
  const file = join(scratch, `${socket}.yml`);
  writeFileSync(
    file,
    `name: bench\nroot: ${scratch}\nsocket_name: ${socket}\ntmux_options: -f /dev/null\nwindows:\n${WINDOWS.map(
      (w) =>
        `  - w${w}:\n      layout: tiled\n      panes:\n${PANES.map((p) => `        - ${command(w, p)}\n`).join('')}`,
    ).join('')}`,
  );
  return file;
};
const floorArgs = (): string[] => {
  const args = ['new-session', '-d', '-s', 'bench', '-x', '200', '-y', '50', '-n', 'w1'];
  for (const w of WINDOWS) {
    if (w > 1) args.push(';', 'new-window', '-n', `w${w}`);
    for (const p of PANES) {
      if (p > 1) args.push(';', 'split-window', ';', 'select-layout', 'tiled');
      args.push(';', 'send-keys', command(w, p), 'Enter');
    }
  }
  return args;
};

const env = {
  ...process.env,
  TMUX: '',
  SHELL: '/bin/sh',
  PATH: `${dirname(tmux.bin)}:${process.env['PATH']}`,
  TMUXKIT_TMUX: tmux.bin,
  COLUMNS: '200',
  LINES: '50',
};
const tmuxp = join(root, '.cache/tmuxp/bin/tmuxp');
const tmuxinator = spawnSync('sh', ['-c', 'command -v tmuxinator'], { encoding: 'utf8' }).stdout.trim();

type Contender = { name: string; argv: (socket: string) => string[]; builds: boolean };
const contenders: Contender[] = [
  {
    name: 'floor: one chained tmux',
    argv: (s) => [tmux.bin, '-L', s, '-f', '/dev/null', ...floorArgs()],
    builds: true,
  },
  {
    name: 'tmuxkit load (subprocess)',
    argv: (s) => ['node', join(root, 'dist/cli.js'), 'load', '-d', '-L', s, '-f', '/dev/null', workspace],
    builds: true,
  },
  {
    name: 'tmuxkit load (socket)',
    argv: (s) => [
      'node',
      join(root, 'dist/cli.js'),
      'load',
      '-d',
      '--engine',
      'socket',
      '-L',
      s,
      '-f',
      '/dev/null',
      workspace,
    ],
    builds: true,
  },
];
if (existsSync(tmuxp))
  contenders.push({
    name: 'tmuxp 1.74 load',
    argv: (s) => [tmuxp, 'load', '-d', '-y', '-L', s, '-f', '/dev/null', workspace],
    builds: true,
  });
else console.log('tmuxp: not installed (scripts/install-tmuxp.sh); left out');
if (tmuxinator)
  contenders.push({
    name: 'tmuxinator start',
    argv: (s) => [tmuxinator, 'start', '--no-attach', '-p', tmuxinatorProject(s)],
    builds: true,
  });
else console.log('tmuxinator: not installed (scripts/install-bench-tools.sh); left out');
contenders.push(
  { name: 'tmuxkit --help', argv: () => ['node', join(root, 'dist/cli.js'), '--help'], builds: false },
  { name: 'node -e 0', argv: () => ['node', '-e', '0'], builds: false },
);

const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
let socketCount = 0;
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contenders) {
      const socket = `tmuxkit-bench-load-${process.pid}-${socketCount++}`;
      const [file, ...args] = c.argv(socket);
      const started = performance.now();
      const run = spawnSync(file!, args, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
      const elapsed = performance.now() - started;
      try {
        if (run.status !== 0) throw new Error(`${c.name} failed (${run.status}): ${run.stderr.slice(-500)}`);
        if (c.builds) {
          const panes = execFileSync(tmux.bin, ['-L', socket, 'list-panes', '-a'], { env, encoding: 'utf8' });
          const count = panes.trim().split('\n').length;
          if (count !== WINDOWS.length * PANES.length) throw new Error(`${c.name} built ${count} panes`);
        }
        times.get(c.name)!.push(elapsed);
      } finally {
        if (c.builds) {
          spawnSync(tmux.bin, ['-L', socket, 'kill-server'], { env, stdio: 'ignore' });
          rmSync(join(process.env['TMUX_TMPDIR'] || '/tmp', `tmux-${process.getuid!()}`, socket), {
            force: true,
          });
        }
      }
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const floor = median(times.get(contenders[0]!.name)!);
const tmuxpTime = times.has('tmuxp 1.74 load') ? median(times.get('tmuxp 1.74 load')!) : undefined;
const bareNode = median(times.get('node -e 0')!);
console.log(
  `\nworkspace load, 4 windows x 4 panes, tmux ${tmux.version}, median of ${ROUNDS} (ms, whole process)`,
);
for (const c of contenders) {
  const t = median(times.get(c.name)!);
  const vs = c.builds
    ? `${(t / floor).toFixed(2)}x floor${tmuxpTime ? `   tmuxp is ${(tmuxpTime / t).toFixed(1)}x this` : ''}`
    : `${(t / bareNode).toFixed(2)}x bare node`;
  console.log(`${c.name.padEnd(28)} ${t.toFixed(0).padStart(6)} ms   ${vs}`);
}
