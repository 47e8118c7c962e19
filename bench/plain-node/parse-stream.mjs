// Plain Node on the built package (dist/): the control-mode parser's throughput on a recorded stream (the
// file named by argv[2]) in 64 KiB chunks, beside splitting the same bytes into lines. A process of its
// own, so that the engine benchmarks run before it leave no JIT or heap state behind. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { ControlModeParser, NOTIFICATION_GRAMMAR } from '../../dist/index.js';

const stream = readFileSync(process.argv[2]);
const rounds = Number(process.argv[3] ?? 7);
const CHUNK = 64 * 1024;

function parseAll() {
  const parser = new ControlModeParser({ grammar: NOTIFICATION_GRAMMAR });
  let events = 0;
  const sink = () => void events++;
  for (let at = 0; at < stream.length; at += CHUNK) parser.push(stream.subarray(at, at + CHUNK), sink);
  parser.end(sink);
  return events;
}

function splitLines() {
  let lines = 0;
  for (let at = 0; at < stream.length; at += CHUNK) {
    const chunk = stream.subarray(at, at + CHUNK);
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, nl + 1)) lines++;
  }
  return lines;
}

const timed = (fn) => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
parseAll(); // warm up
const parse = [];
const split = [];
for (let r = 0; r < rounds; r++) {
  parse.push(timed(parseAll));
  split.push(timed(splitLines));
}
console.log(
  JSON.stringify({
    bytes: stream.length,
    events: parseAll(),
    parseMs: median(parse),
    splitMs: median(split),
  }),
);
