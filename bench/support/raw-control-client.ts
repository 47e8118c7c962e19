/**
 * The floor the control-mode benchmarks compare against: a minimal hand-written `tmux -C` client that
 * writes lines and counts the replies (`%end`/`%error` with flags 1), nothing else.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export class RawControlClient {
  readonly child: ChildProcessWithoutNullStreams;
  #rest = '';
  #ends = 0;
  #waiting: { count: number; resolve: () => void } | undefined;

  constructor(bin: string, args: readonly string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(bin, args, { env });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      const lines = (this.#rest + chunk).split('\n');
      this.#rest = lines.pop()!;
      for (const line of lines) {
        if ((line.startsWith('%end ') || line.startsWith('%error ')) && line.endsWith(' 1')) this.#ends++;
      }
      if (this.#waiting && this.#ends >= this.#waiting.count) {
        const { resolve } = this.#waiting;
        this.#waiting = undefined;
        resolve();
      }
    });
  }

  /** Writes `text` (one or more lines) and resolves when `lines` more replies have ended. */
  send(text: string, lines: number): Promise<void> {
    const target = this.#ends + lines;
    return new Promise((resolve) => {
      this.#waiting = { count: target, resolve };
      this.child.stdin.write(text);
    });
  }

  close(): void {
    this.child.stdin.end('\n');
  }
}
