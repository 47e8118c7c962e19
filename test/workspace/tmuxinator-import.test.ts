/**
 * tmuxinator projects as tmuxp workspaces: each construct of tmuxinator's format, what it becomes, and
 * what is left out with a warning. The converted files are valid workspaces.
 */
import { describe, expect, it } from 'vitest';
import { importTmuxinator, parseWorkspace } from '../../src/index.js';

const SAMPLE = {
  name: 'sample',
  root: '~/project',
  pre_window: 'nvm use 20',
  on_project_start: 'docker compose up -d',
  startup_window: 'editor',
  startup_pane: 1,
  windows: [
    {
      editor: { layout: 'main-vertical', root: '~/project/src', pre: 'cd .', panes: ['vim', 'guard', null] },
    },
    { server: 'bundle exec rails s' },
    { logs: ['cd log', 'tail -f development.log'] },
    { console: { synchronize: true, panes: [{ db: ['psql', '\\l'] }] } },
    { empty: null },
  ],
};

describe('importTmuxinator', () => {
  const { workspace, warnings } = importTmuxinator(SAMPLE);

  it('maps the project', () => {
    expect(workspace).toMatchObject({
      session_name: 'sample',
      start_directory: '~/project',
      shell_command_before: ['nvm use 20'],
    });
  });

  it.each([
    [
      0,
      {
        window_name: 'editor',
        layout: 'main-vertical',
        start_directory: '~/project/src',
        shell_command_before: ['cd .'],
        focus: true,
        panes: ['vim', { shell_command: ['guard'], focus: true }, null],
      },
    ],
    [1, { window_name: 'server', panes: [{ shell_command: ['bundle exec rails s'] }] }],
    [2, { window_name: 'logs', panes: [{ shell_command: ['cd log', 'tail -f development.log'] }] }],
    [
      3,
      {
        window_name: 'console',
        options_after: { 'synchronize-panes': 'on' },
        panes: [{ shell_command: ['psql', '\\l'] }],
      },
    ],
    [4, { window_name: 'empty', panes: [null] }],
  ])('maps window %i', (index, expected) => {
    expect((workspace['windows'] as unknown[])[index]).toEqual(expected);
  });

  it('lists what it left out', () => {
    expect(warnings).toEqual(['on_project_start: left out (a shell command run before the project starts)']);
  });

  it('gives a valid workspace', async () => {
    const ws = await parseWorkspace(JSON.stringify(workspace), { env: { HOME: '/home/me' } });
    expect(ws.sessions[0]!.windows.map((w) => w.panes.length)).toEqual([3, 1, 1, 1, 1]);
    expect(ws.sessions[0]!.startDirectory).toBe('/home/me/project');
  });

  it.each([
    [{ windows: [{ a: 'x' }] }, /needs a name/],
    [{ name: 'n' }, /needs a list of windows/],
    [{ name: 'n', windows: ['x'] }, /window 0 is not a mapping/],
  ])('refuses %j', (project, error) => {
    expect(() => importTmuxinator(project)).toThrow(error);
  });
});
