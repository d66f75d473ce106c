// `npm run package` refuses a Web Store zip whose share links would lead nowhere (issue 13): the
// extension must be built with TABBEAM_VIEWER_URL set to where dist/viewer is really published.
// Pure, so tests/unit/package-guard.test.ts covers every decision; scripts/package.ts feeds it.
import { buildDefaults } from '../src/shared/build-defaults';

export type GuardVerdict = { ok: true; viewerUrl: string } | { ok: false; message: string };

const GITHUB_HOSTS = new Set(['github.com', 'www.github.com', 'ssh.github.com']);
const OWNER_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const REPO_PATTERN = /^[A-Za-z0-9._-]+$/;

/**
 * The address .github/workflows/pages.yml publishes dist/viewer to for a GitHub remote
 * (`git remote get-url origin`): https://<owner>.github.io/<repo>/, or https://<owner>.github.io/
 * for the <owner>.github.io repository. Null when the remote is not a github.com repository.
 */
export function pagesUrlForRemote(remote: string | null | undefined): string | null {
  const raw = remote?.trim();
  if (!raw) return null;
  let repoPath: string;
  const scp = /^[^@/\s]+@([^:/\s]+):(.+)$/.exec(raw); // git@github.com:owner/repo.git
  if (scp) {
    if (!GITHUB_HOSTS.has(scp[1]!.toLowerCase())) return null;
    repoPath = scp[2]!;
  } else {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return null;
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:'].includes(url.protocol) || !GITHUB_HOSTS.has(url.hostname))
      return null;
    repoPath = url.pathname;
  }
  const parts = repoPath
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .split('/');
  if (parts.length !== 2) return null;
  const [owner, repo] = parts as [string, string];
  if (!OWNER_PATTERN.test(owner) || !REPO_PATTERN.test(repo) || repo === '.' || repo === '..') return null;
  const host = `${owner.toLowerCase()}.github.io`;
  return repo.toLowerCase() === host ? `https://${host}/` : `https://${host}/${repo}/`;
}

const HOW_TO_FIX = (example: string) =>
  'Set TABBEAM_VIEWER_URL to the https:// address where dist/viewer is published — e.g. your GitHub Pages address ' +
  '(README "Host the viewer") — and run `npm run package` again:\n' +
  `  TABBEAM_VIEWER_URL=${example} npm run package`;

/**
 * Whether a Web Store package may be made from an extension built with this TABBEAM_VIEWER_URL
 * (undefined or empty: the build falls back to DEFAULT_VIEWER_URL, a placeholder). The address is
 * resolved and validated exactly as the build does (buildDefaults); a store package must also use
 * https. The placeholder is accepted only when it is the Pages address of `originRemote`, i.e. when
 * this checkout is the repository whose Pages workflow publishes the viewer there.
 */
export function checkStoreViewerUrl(input: {
  viewerUrl: string | undefined;
  originRemote: string | null | undefined;
}): GuardVerdict {
  const placeholder = buildDefaults({}).viewerUrl; // DEFAULT_VIEWER_URL, as the build bakes it in
  const pagesUrl = pagesUrlForRemote(input.originRemote);
  const example = pagesUrl && pagesUrl !== placeholder ? pagesUrl : 'https://<you>.github.io/<repo>/';
  const refuse = (problem: string): GuardVerdict => ({
    ok: false,
    message: `npm run package: ${problem}\n${HOW_TO_FIX(example)}`,
  });

  let viewerUrl: string;
  try {
    viewerUrl = buildDefaults({ viewerUrl: input.viewerUrl }).viewerUrl;
  } catch (error) {
    return refuse(`${(error as Error).message}`);
  }
  if (new URL(viewerUrl).protocol !== 'https:') {
    return refuse(
      `TABBEAM_VIEWER_URL is ${viewerUrl}, but a Web Store package must link to an https:// viewer (http://localhost works only on your own computer).`,
    );
  }
  if (viewerUrl === placeholder && pagesUrl !== placeholder) {
    const which = input.viewerUrl?.trim()
      ? `TABBEAM_VIEWER_URL is ${viewerUrl}, the placeholder default,`
      : `TABBEAM_VIEWER_URL is not set, so the build used the placeholder default ${placeholder},`;
    return refuse(
      `no real viewer address: ${which} which is not where this repository publishes its viewer — share links would lead nowhere.`,
    );
  }
  return { ok: true, viewerUrl };
}
