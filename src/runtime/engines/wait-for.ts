/**
 * A caller's own signal and timeout on a wait it shares with others (a connection, a version check): the
 * caller stops waiting with an `EngineError`, the shared work goes on for everyone else.
 */
import { EngineError } from '../errors.js';
import type { ExecuteOptions } from './engine.js';

export /** `promise`, or an `EngineError` when the caller's own signal or timeout ends the wait first. */
function waitFor<T>(promise: Promise<T>, options: ExecuteOptions, what: string): Promise<T> {
  if (options.signal?.aborted) return Promise.reject(new EngineError(`${what} was aborted`));
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      options.signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
    };
    const onAbort = () => {
      done();
      reject(new EngineError(`${what} was aborted`));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeout !== undefined) {
      timer = setTimeout(() => {
        done();
        reject(new EngineError(`${what} timed out after ${options.timeout} ms`));
      }, options.timeout);
    }
    promise.then(
      (v) => {
        done();
        resolve(v);
      },
      (e: unknown) => {
        done();
        reject(e);
      },
    );
  });
}
