/** Prompts: ready-made requests an agent's user can pick, each naming the tools that do the job. */
import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';

const say = (text: string) => ({
  messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }],
});

export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    'run_and_wait',
    {
      title: 'Run a command and wait for it',
      description: 'Run a shell command in a pane and report its exit status and output',
      argsSchema: z.object({ command: z.string(), pane: z.string().optional() }),
    },
    ({ command, pane }) =>
      say(
        `Run \`${command}\` in ${pane ? `pane ${pane}` : 'a suitable pane (list_panes; create one with split_pane or create_window if none fits, never the pane marked caller)'} with the run_command tool, then report its exit status and the part of its output that matters. If it times out, capture_pane shows where it stopped.`,
      ),
  );
  server.registerPrompt(
    'diagnose_pane',
    {
      title: 'Diagnose a failing pane',
      description: 'Find out why the program in a pane failed or hangs',
      argsSchema: z.object({ pane: z.string() }),
    },
    ({ pane }) =>
      say(
        `Diagnose pane ${pane}. Use list_panes to see its command, directory and whether it is dead; capture_pane (lines: 300) to read its recent output; wait_for_quiet to tell a hang from a slow program. Name the first error in the output, what most likely caused it, and the command that would check or fix it (run it with run_command only if asked).`,
      ),
  );
}
