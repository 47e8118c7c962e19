// Plain Node on the built package (dist/): how long a fresh operation takes to construct, validate and
// render (compile, as engines call it), for the four operations of the hot path. Prints one JSON line.
import { DisplayMessage, SelectPane, SendKeys, SplitWindow, TmuxVersion } from '../../dist/index.js';

const version = TmuxVersion.parse(process.argv[2] ?? '3.8');
const messages = Array.from({ length: 1024 }, (_, i) => `#{pane_id} ${i}`);
const cases = {
  'display-message -p': (i) => new DisplayMessage({ print: true, target: '%1', message: messages[i & 1023] }),
  'send-keys': () => new SendKeys({ target: '%1', keys: ['echo hi', 'Enter'] }),
  'split-window': () => new SplitWindow({ target: '%1', horizontal: true, detached: true }),
  'select-pane': () => new SelectPane({ target: '%1' }),
};
const N = 500_000;
const result = {};
let sink = 0;
for (const [name, make] of Object.entries(cases)) {
  for (let i = 0; i < 200_000; i++) sink += make(i).compile({ version }).argv.length; // warm up
  const rounds = [];
  for (let r = 0; r < 7; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) sink += make(i).compile({ version }).argv.length;
    rounds.push(Number(process.hrtime.bigint() - start) / N);
  }
  rounds.sort((a, b) => a - b);
  result[name] = rounds[3];
}
if (sink === 0) throw new Error('nothing rendered');
console.log(JSON.stringify(result));
