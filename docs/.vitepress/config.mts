// The documentation site: guides (hand-written, their examples run as tests), the reference generated from
// the manifest (`npm run codegen`), and the API reference generated from the source's JSDoc (TypeDoc, by
// `npm run docs`). VitePress fails the build on a dead link.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { defineConfig, type DefaultTheme } from 'vitepress';

const docs = new URL('..', import.meta.url);
const pages = (dir: string) =>
  readdirSync(new URL(dir, docs))
    .filter((f) => f.endsWith('.md') && f !== 'index.md')
    .map((f) => f.slice(0, -3));

const GUIDES: [string, string][] = [
  ['getting-started', 'Getting started'],
  ['engines', 'Engines and how to choose'],
  ['operations-and-versions', 'Operations and versions'],
  ['plans', 'Plans and planners'],
  ['snapshots', 'Snapshots and queries'],
  ['facades-and-waits', 'Facades and waits'],
  ['workspaces', 'Workspaces and the CLI'],
  ['mcp-server', 'The MCP server'],
  ['remote-hosts', 'Remote hosts, fleets and tapes'],
  ['new-tmux-release', 'When tmux releases a version'],
];

/** TypeDoc's sidebar (written by `npm run docs`), when it has run. */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  const file = new URL('api/typedoc-sidebar.json', docs);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DefaultTheme.SidebarItem[]) : [];
}

export default defineConfig({
  title: 'tmuxkit',
  description: 'A typed TypeScript SDK for tmux, generated from a manifest of every tmux command',
  cleanUrls: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Guides', link: '/guides/getting-started' },
      { text: 'Commands', link: '/reference/commands/index' },
      { text: 'Reference', link: '/reference/index' },
      { text: 'API', link: '/api/index' },
    ],
    search: { provider: 'local' },
    sidebar: {
      '/guides/': [
        { text: 'Guides', items: GUIDES.map(([page, text]) => ({ text, link: `/guides/${page}` })) },
      ],
      '/reference/': [
        {
          text: 'Reference',
          items: [
            { text: 'Overview', link: '/reference/index' },
            { text: 'Format variables', link: '/reference/formats' },
            { text: 'Control-mode notifications', link: '/reference/notifications' },
          ],
        },
        {
          text: 'Commands',
          collapsed: false,
          items: [
            { text: 'By scope and safety', link: '/reference/commands/index' },
            ...pages('reference/commands/').map((c) => ({ text: c, link: `/reference/commands/${c}` })),
          ],
        },
        {
          text: 'Releases',
          collapsed: true,
          items: pages('reference/releases/')
            .reverse()
            .map((r) => ({ text: r, link: `/reference/releases/${r}` })),
        },
      ],
      '/api/': [{ text: 'API', items: [{ text: 'Overview', link: '/api/index' }, ...apiSidebar()] }],
    },
  },
});
