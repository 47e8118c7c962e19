/**
 * Reading operations and results back from JSON. The generated registry supplies the classes; this module
 * checks the shape and reports a clear `ParameterError` for an unknown command or parameter.
 */
import type { CommandDescriptor } from './command-descriptor.js';
import { ParameterError } from './errors.js';
import type { Operation } from './operation.js';
import { CommandResult, type CommandResultJSON } from './results/command-result.js';
import { codecFor } from './results/result-codecs.js';
import type { RowField } from './results/row-fields.js';

export type OperationClass = new (params: never) => Operation;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function decodeOperationJSON(json: unknown, classes: ReadonlyMap<string, OperationClass>): Operation {
  const value = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  if (!isRecord(value) || typeof value['command'] !== 'string') {
    throw new ParameterError(
      '(json)',
      '',
      'an operation in JSON is { "command": "<tmux command>", "params": {...} }',
    );
  }
  const command = value['command'];
  const OperationClass = classes.get(command);
  if (!OperationClass) throw new ParameterError(command, '', 'unknown tmux command in JSON');
  const params = value['params'] ?? {};
  if (!isRecord(params)) throw new ParameterError(command, '', '"params" must be an object');
  const unknownKeys = Object.keys(value).filter((k) => k !== 'command' && k !== 'params');
  if (unknownKeys.length > 0) {
    throw new ParameterError(
      command,
      '',
      `unknown key${unknownKeys.length > 1 ? 's' : ''} in JSON: ${unknownKeys.join(', ')}`,
    );
  }
  return new OperationClass(params as never);
}

export function decodeResultJSON(
  json: unknown,
  descriptors: ReadonlyMap<string, CommandDescriptor>,
  rowFields: Readonly<Record<string, readonly RowField[]>>,
): CommandResult {
  const value = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  if (
    !isRecord(value) ||
    !Array.isArray(value['argv']) ||
    typeof value['exitCode'] !== 'number' ||
    typeof value['stdout'] !== 'string' ||
    typeof value['stderr'] !== 'string'
  ) {
    throw new ParameterError('(json)', '', 'a result in JSON has argv, exitCode, stdout and stderr');
  }
  const result = value as unknown as CommandResultJSON;
  if (result.kind === 'raw') return new CommandResult(result);
  const descriptor = descriptors.get(result.command);
  if (!descriptor) throw new ParameterError(result.command, '', 'unknown tmux command in JSON');
  if (descriptor.result !== result.kind) {
    throw new ParameterError(
      result.command,
      '',
      `a result of kind ${descriptor.result}, not ${String(result.kind)}`,
    );
  }
  return codecFor(descriptor, descriptor.rows ? rowFields[descriptor.rows] : undefined).fromJSON(result);
}
