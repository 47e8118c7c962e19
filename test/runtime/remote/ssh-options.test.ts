/** ssh's arguments, the failure kinds read from ssh's words, the options refused before running, the probe. */
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../src/index.js';
import {
  checkSshOptions,
  sshArgs,
  sshFailure,
  sshLabel,
  sshWords,
} from '../../../src/runtime/remote/ssh-options.js';
import { parseRemoteProbe } from '../../../src/runtime/remote/remote-client.js';

describe('sshArgs', () => {
  it("puts the caller's settings first (ssh keeps the first value), then batch mode and the timeout, then `-- host`", () => {
    expect(
      sshArgs(
        {
          host: 'h',
          user: 'u',
          port: 2222,
          identityFile: '/k',
          options: ['ConnectTimeout=3'],
          command: ['ssh', '-F', 'c'],
        },
        '/tmp/d/master',
        ['-o', 'ControlMaster=no'],
      ),
    ).toEqual([
      '-F',
      'c',
      '-o',
      'ConnectTimeout=3',
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=10',
      '-o',
      'ServerAliveInterval=15',
      '-o',
      'ServerAliveCountMax=3',
      '-o',
      'ControlPath=/tmp/d/master',
      '-p',
      '2222',
      '-l',
      'u',
      '-i',
      '/k',
      '-o',
      'ControlMaster=no',
      '--',
      'h',
    ]);
  });

  it('names a host as ssh does', () => {
    expect(sshLabel({ host: 'h' })).toBe('h');
    expect(sshLabel({ host: 'h', user: 'u', port: 22 })).toBe('u@h:22');
  });
});

describe('sshFailure', () => {
  it.each([
    ['ssh: connect to host 127.0.0.1 port 1: Connection refused', 'unreachable'],
    ['ssh: Could not resolve hostname nosuch: Name or service not known', 'unreachable'],
    ['ssh: connect to host 10.255.255.1 port 22: Connection timed out', 'unreachable'],
    ['root@127.0.0.1: Permission denied (publickey).', 'authentication'],
    ['Host key verification failed.', 'host-key'],
    ['@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @', 'host-key'],
    ['Connection closed by 127.0.0.1 port 22', 'connection-lost'],
    ['client_loop: send disconnect: Broken pipe', 'connection-lost'],
    ['something else entirely', 'failed'],
  ])('%s → %s', (stderr, reason) => {
    expect(sshFailure(stderr)).toBe(reason);
  });

  it("keeps ssh's words without its chatter", () => {
    expect(
      sshWords(
        "Warning: Permanently added '[h]:22' (ED25519) to the list of known hosts.\r\nPermission denied (publickey).\r\n",
      ),
    ).toBe('Permission denied (publickey).');
  });
});

describe('checkSshOptions', () => {
  it.each([
    [{ host: '' }, 'host'],
    [{ host: '-oProxyCommand=x' }, 'host'],
    [{ host: 'a b' }, 'host'],
    [{ host: 'h', user: 'a@b' }, 'user'],
    [{ host: 'h', port: 70000 }, 'port'],
    [{ host: 'h', options: ['BatchMode'] }, 'options'],
    [{ host: 'h', options: ['-oX=1'] }, 'options'],
    [{ host: 'h', command: [] }, 'command'],
    [{ host: 'h', connectTimeout: 0 }, 'connectTimeout'],
    [{ host: 'h', maxSessions: 1.5 }, 'maxSessions'],
  ])('refuses %j (%s)', (ssh, parameter) => {
    expect(() => checkSshOptions(ssh as never)).toThrow(ParameterError);
    try {
      checkSshOptions(ssh as never);
    } catch (e) {
      expect((e as ParameterError).parameter).toBe(parameter);
    }
  });

  it('takes a well-formed host', () => {
    expect(
      checkSshOptions({ host: 'h', options: ['StrictHostKeyChecking=accept-new', 'Port 22'] }),
    ).toBeTruthy();
  });
});

describe('parseRemoteProbe', () => {
  it('reads what a client on the host reports, and the environment', () => {
    const text =
      '1000\n4242\n/home/u\n/real/tmux\n/tmp\n---env---\nHOME=/home/u\nTMUX_TMPDIR=/run/t\nMULTI=a\ncontinued\n';
    expect(parseRemoteProbe(text)).toEqual({
      uid: 1000,
      pid: 4242,
      cwd: '/home/u',
      env: { HOME: '/home/u', TMUX_TMPDIR: '/run/t', MULTI: 'a' },
      realDirectories: { '/tmp/': '/tmp', '/run/t': '/real/tmux' },
    });
  });

  it('is undefined for anything else (a login banner instead of the answers)', () => {
    expect(parseRemoteProbe('Welcome!\n')).toBeUndefined();
    expect(parseRemoteProbe('x\n1\n/\n\n/tmp\n---env---\n')).toBeUndefined();
  });
});
