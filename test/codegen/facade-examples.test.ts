/**
 * The generated facade methods' JSDoc examples run as written, on handles over an engine that records
 * instead of running (`RenderingEngine`): each call returns what its comment says (a handle of the named
 * class, a result, or the lazy handle itself) and sends its command.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR } from '../../codegen/generate.js';
import * as sdk from '../../src/index.js';
import { RenderingEngine } from '../support/rendering-engine.js';

const source = readFileSync(join(GENERATED_DIR, 'facades.generated.ts'), 'utf8');
const examples = [
  ...source.matchAll(/^ {3}\* ((?:const (?:created|result) = )?(?:await )?(\w+)\.(\w+)\(.*\);) \/\/ (.+)$/gm),
].map(([, code, variable, method, comment]) => ({
  code: code!,
  variable: variable!,
  method: method!,
  comment: comment!,
}));

/** Handles named as the examples name them, over a recording engine for `version`. */
function handles(version: string) {
  const engine = new RenderingEngine(version);
  const server = new sdk.Server(engine);
  const syncServer = new sdk.SyncServer(engine as never);
  const lazyServer = new sdk.LazyServer(new sdk.Plan());
  const of = (s: {
    session(id: string): unknown;
    window(id: string): unknown;
    pane(id: string): unknown;
    client(n: string): unknown;
  }) => ({
    session: s.session('$1'),
    window: s.window('@2'),
    pane: s.pane('%3'),
    client: s.client('/dev/pts/7'),
  });
  const a = of(server as never);
  const s = of(syncServer as never);
  const l = of(lazyServer as never);
  return {
    engine,
    lazyServer,
    names: {
      server,
      ...a,
      syncServer,
      syncSession: s.session,
      syncWindow: s.window,
      syncPane: s.pane,
      syncClient: s.client,
      lazyServer,
      lazySession: l.session,
      lazyWindow: l.window,
      lazyPane: l.pane,
      lazyClient: l.client,
    } as Record<string, unknown>,
  };
}

async function runExample(code: string, version: string) {
  const { engine, lazyServer, names } = handles(version);
  const body = /^const /.test(code)
    ? code.replace(/^const (created|result) = /, 'return ')
    : `return ${code}`;
  const run = new Function(...Object.keys(names), `return (async () => { ${body} })();`);
  const value: unknown = await run(...Object.values(names));
  return { value, engine, lazyServer, names };
}

describe('generated facade examples', () => {
  it('exist for every generated method in every mode', () => {
    const lazyMethods = sdk.catalog.flatMap((c) =>
      c.facade.filter((f) => !f.handWritten && c.safety !== 'readonly'),
    );
    const methods = sdk.catalog.flatMap((c) => c.facade.filter((f) => !f.handWritten));
    expect(examples).toHaveLength(methods.length * 2 + lazyMethods.length);
  });

  it.each(examples.map((e) => [`${e.variable}.${e.method}`, e] as const))(
    '%s runs as written',
    async (_name, e) => {
      // A method whose flag a release removed (display-panes -t CLIENT in 3.8) runs on the release before.
      const outcome = await runExample(e.code, '3.8').catch((error: unknown) =>
        error instanceof sdk.VersionError ? runExample(e.code, '3.7c') : Promise.reject(error),
      );
      const { value, engine, lazyServer, names } = outcome;
      const named = /^a (\w+)$/.exec(e.comment)?.[1];
      if (e.variable.startsWith('lazy')) {
        // Recorded, not sent: one step in the plan, which renders (on the release before, as above).
        let steps: unknown[];
        try {
          steps = lazyServer.plan.preview({ version: '3.8' });
        } catch (error) {
          if (!(error instanceof sdk.VersionError)) throw error;
          steps = lazyServer.plan.preview({ version: '3.7c' });
        }
        expect(steps).toHaveLength(1);
        expect(engine.sent).toHaveLength(0);
        if (named) expect((value as object).constructor.name).toBe(named);
        else expect(value).toBe(names[e.variable]);
        return;
      }
      expect(engine.sent).toHaveLength(1);
      if (named) expect((value as object).constructor.name).toBe(named);
      else expect(value).toBeInstanceOf(sdk.CommandResult);
    },
  );
});
