/** Operations: validation at construction, immutability, and JSON round trips for every command. */
import { describe, expect, it } from 'vitest';
import {
  catalog,
  CapturePane,
  NewSession,
  operationClasses,
  operationFromJSON,
  ParameterError,
  SendKeys,
  SplitWindow,
  Target,
  tmuxReleases,
} from '../../src/index.js';

describe('construction', () => {
  it.each([
    [
      'an unknown parameter',
      () => new SplitWindow({ colour: 'red' } as never),
      /split-window colour: unknown parameter \(split-window has: before, /,
    ],
    [
      'a string for a boolean flag',
      () => new SplitWindow({ horizontal: 'yes' } as never),
      /expected a boolean/,
    ],
    ['a fraction for an int', () => new SplitWindow({ percentage: 1.5 }), /expected an integer/],
    ['a malformed size', () => new SplitWindow({ size: '10px' as never }), /expected a size/],
    ['NUL in a value', () => new NewSession({ sessionName: 'a\0b' }), /NUL byte/],
    ['NUL in a variadic positional', () => new SendKeys({ keys: ['ok', 'b\0'] }), /NUL byte/],
    [
      'exclusive flags',
      () => new SplitWindow({ horizontal: true, vertical: true }),
      /horizontal \(-h\) and vertical \(-v\) cannot be used together/,
    ],
    ['a number for a string', () => new CapturePane({ bufferName: 1 } as never), /expected a string/],
    [
      'an array for a single positional',
      () => new NewSession({ shellCommand: ['a', 'b'] as never }),
      /takes one value/,
    ],
    [
      'a bad environment entry',
      () => new SplitWindow({ environment: ['NOEQUALS'] }),
      /expected 'NAME=value'/,
    ],
  ])('refuses %s with a ParameterError', (_name, make, message) => {
    expect(make).toThrow(ParameterError);
    expect(make).toThrow(message);
  });

  it('requires required positionals', () => {
    const RenameWindow = operationClasses.get('rename-window')!;
    expect(() => new RenameWindow({} as never)).toThrow(/rename-window newName: is required/);
  });

  it('is frozen, with parsed targets', () => {
    const op = new SplitWindow({ target: '%4', environment: { A: '1' } });
    expect(Object.isFrozen(op)).toBe(true);
    expect(Object.isFrozen(op.params)).toBe(true);
    expect(op.params.target).toEqual(Target.pane(4));
    expect(() => {
      (op.params as { detached?: boolean }).detached = true;
    }).toThrow(TypeError);
  });
});

describe('values render by their parameter type, never by their shape', () => {
  it("an environment variable named 'type' is an environment entry, not a target", () => {
    const op = new NewSession({ detached: true, environment: { type: 'x', TERM: 'y' } });
    expect(op.render({ version: '3.7c' })).toEqual(expect.arrayContaining(['-e', 'type=x', '-e', 'TERM=y']));
    expect(op.toJSON().params['environment']).toEqual({ type: 'x', TERM: 'y' });
  });
});

describe('JSON', () => {
  it('round-trips an operation of every command through operationFromJSON', () => {
    for (const c of catalog) {
      const OperationClass = operationClasses.get(c.command)!;
      const params: Record<string, unknown> = {};
      for (const p of c.positionals)
        if (!p.optional) params[p.param] = p.variadic ? ['x'] : p.type === 'int' ? 1 : 'x';
      const target = c.flags.find((f) => f.flag === 't' && f.target && f.until === null);
      if (target) params[target.param] = target.target === 'client' ? '/dev/pts/1' : '%1';
      const op = new OperationClass(params as never);
      const back = operationFromJSON(JSON.parse(JSON.stringify(op)));
      expect(back).toBeInstanceOf(OperationClass);
      expect(back.toJSON()).toEqual(op.toJSON());
      const newest = tmuxReleases.at(-1)!; // every command exists there (switch-mode only from 3.8)
      expect(back.render({ version: newest })).toEqual(op.render({ version: newest }));
    }
  });

  it('accepts an alias and a JSON string', () => {
    expect(operationFromJSON('{"command":"splitw","params":{"horizontal":true}}')).toBeInstanceOf(
      SplitWindow,
    );
  });

  it.each([
    [{ command: 'split-window', params: { nope: 1 } }, /split-window nope: unknown parameter/],
    [{ command: 'no-such', params: {} }, /no-such: unknown tmux command in JSON/],
    [{ params: {} }, /an operation in JSON is/],
    [{ command: 'split-window', params: [] }, /"params" must be an object/],
    [{ command: 'split-window', extra: 1 }, /unknown key in JSON: extra/],
    [{ command: 'select-pane', params: { target: '%bad' } }, /invalid tmux target "%bad"/],
  ])('refuses %j', (json, message) => {
    expect(() => operationFromJSON(json)).toThrow(message);
  });
});
