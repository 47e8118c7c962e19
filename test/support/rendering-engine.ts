/**
 * An engine that runs nothing: it records the argv each operation renders for its version and answers
 * as a successful command would (a creation reports `%9`, `@9`, `$9`). For facade methods that need a
 * terminal, and for checking what a method sends without a server. Async and sync (`executeSync`).
 */
import { CommandResult, TmuxVersion, type Engine, type Operation } from '../../src/index.js';

export class RenderingEngine implements Engine {
  readonly sent: string[][] = [];
  readonly tmuxVersion: TmuxVersion;
  constructor(version: string | TmuxVersion) {
    this.tmuxVersion = typeof version === 'string' ? TmuxVersion.parse(version) : version;
  }
  async version(): Promise<TmuxVersion> {
    return this.tmuxVersion;
  }
  versionSync(): TmuxVersion {
    return this.tmuxVersion;
  }
  async execute<R extends CommandResult>(op: Operation<object, R>): Promise<R> {
    return this.executeSync(op);
  }
  executeSync<R extends CommandResult>(op: Operation<object, R>): R {
    const compiled = op.compile({ version: this.tmuxVersion });
    this.sent.push([...compiled.argv]);
    // A creation (-P) prints the ids it made; everything else prints nothing.
    const stdout = compiled.argv.includes('-P') ? '%9\t@9\t$9\n' : '';
    return compiled.decode({ argv: compiled.argv, exitCode: 0, stdout, stderr: '' });
  }
  async run(argv: readonly string[]): Promise<CommandResult> {
    return this.runSync(argv);
  }
  runSync(argv: readonly string[]): CommandResult {
    return new CommandResult({ argv, exitCode: 0, stdout: '', stderr: '' });
  }
  async close(): Promise<void> {}
}
