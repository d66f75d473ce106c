import { describe, expect, it } from 'vitest';
import { checkStoreViewerUrl, pagesUrlForRemote } from '../../scripts/package-guard';
import { DEFAULT_VIEWER_URL } from '../../src/shared/build-defaults';

const HOW_TO_FIX =
  /Set TABBEAM_VIEWER_URL to the https:\/\/ address where dist\/viewer is published — e\.g\. your GitHub Pages address.*run `npm run package` again/s;

describe('pagesUrlForRemote', () => {
  it('gives the address pages.yml publishes to for every form of a github.com remote', () => {
    for (const remote of [
      'https://github.com/Alice/TabBeam.git',
      'https://github.com/Alice/TabBeam',
      'https://github.com/Alice/TabBeam/',
      'https://token@github.com/Alice/TabBeam.git',
      'git@github.com:Alice/TabBeam.git',
      'ssh://git@github.com/Alice/TabBeam.git',
      'ssh://git@ssh.github.com:443/Alice/TabBeam.git',
      'git://github.com/Alice/TabBeam.git',
    ]) {
      expect(pagesUrlForRemote(remote), remote).toBe('https://alice.github.io/TabBeam/');
    }
  });

  it('uses the site root for the <owner>.github.io repository', () => {
    expect(pagesUrlForRemote('git@github.com:Alice/alice.github.io.git')).toBe('https://alice.github.io/');
  });

  it('knows nothing for other hosts, odd paths and no remote', () => {
    for (const remote of [
      null,
      undefined,
      '',
      'https://gitlab.com/alice/tabbeam.git',
      'git@gitlab.com:alice/tabbeam.git',
      '/srv/git/tabbeam.git',
      'https://github.com/alice',
      'https://github.com/alice/tabbeam/tree/main',
      'https://github.com.evil.example/alice/tabbeam',
    ]) {
      expect(pagesUrlForRemote(remote), String(remote)).toBeNull();
    }
  });
});

describe('checkStoreViewerUrl', () => {
  it('refuses the placeholder default, saying what to do', () => {
    const verdict = checkStoreViewerUrl({ viewerUrl: undefined, originRemote: null });
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.message).toContain('no real viewer address');
    expect(verdict.message).toContain(
      `TABBEAM_VIEWER_URL is not set, so the build used the placeholder default ${DEFAULT_VIEWER_URL}`,
    );
    expect(verdict.message).toMatch(HOW_TO_FIX);
    expect(verdict.message).toContain('TABBEAM_VIEWER_URL=https://<you>.github.io/<repo>/ npm run package');
  });

  it('refuses the placeholder given explicitly or as an empty variable, and suggests origin’s Pages address', () => {
    for (const viewerUrl of ['', DEFAULT_VIEWER_URL]) {
      const verdict = checkStoreViewerUrl({ viewerUrl, originRemote: 'git@github.com:Alice/TabBeam.git' });
      expect(verdict.ok, viewerUrl).toBe(false);
      if (verdict.ok) continue;
      expect(verdict.message).toContain('placeholder default');
      expect(verdict.message).toContain('TABBEAM_VIEWER_URL=https://alice.github.io/TabBeam/ npm run package');
    }
  });

  it('accepts a real https address, normalised as the build does', () => {
    expect(checkStoreViewerUrl({ viewerUrl: 'https://example.org/watch/', originRemote: null })).toEqual({
      ok: true,
      viewerUrl: 'https://example.org/watch/',
    });
    expect(
      checkStoreViewerUrl({
        viewerUrl: ' https://Alice.GitHub.io/TabBeam/ ',
        originRemote: 'https://github.com/alice/TabBeam',
      }),
    ).toEqual({
      ok: true,
      viewerUrl: 'https://alice.github.io/TabBeam/',
    });
  });

  it('accepts the placeholder when it is the Pages address of origin (the project’s own repository)', () => {
    const placeholder = new URL(DEFAULT_VIEWER_URL);
    const owner = placeholder.hostname.replace(/\.github\.io$/, '');
    const repo = placeholder.pathname.replace(/^\/|\/$/g, '');
    for (const originRemote of [
      `https://github.com/${owner}/${repo}.git`,
      `git@github.com:${owner.toUpperCase()}/${repo}.git`,
    ]) {
      expect(checkStoreViewerUrl({ viewerUrl: undefined, originRemote }), originRemote).toEqual({
        ok: true,
        viewerUrl: DEFAULT_VIEWER_URL,
      });
      expect(checkStoreViewerUrl({ viewerUrl: DEFAULT_VIEWER_URL, originRemote }), originRemote).toEqual({
        ok: true,
        viewerUrl: DEFAULT_VIEWER_URL,
      });
    }
    // A fork's origin has another Pages address: refused.
    expect(
      checkStoreViewerUrl({ viewerUrl: undefined, originRemote: `https://github.com/someone-else/${repo}.git` }).ok,
    ).toBe(false);
  });

  it('refuses http://localhost: a store package must use https', () => {
    for (const viewerUrl of ['http://localhost:8080/', 'http://127.0.0.1/viewer/']) {
      const verdict = checkStoreViewerUrl({ viewerUrl, originRemote: null });
      expect(verdict.ok, viewerUrl).toBe(false);
      if (verdict.ok) continue;
      expect(verdict.message).toContain('a Web Store package must link to an https:// viewer');
      expect(verdict.message).toMatch(HOW_TO_FIX);
    }
  });

  it('refuses malformed addresses with the settings’ own message', () => {
    const cases: [string, RegExp][] = [
      ['not a url', /TABBEAM_VIEWER_URL: "not a url" is not a web address\./],
      ['http://example.org/watch/', /TABBEAM_VIEWER_URL: The viewer page must use https:\/\//],
      ['ftp://example.org/watch/', /TABBEAM_VIEWER_URL: The viewer page must use https:\/\//],
      ['https://example.org/watch/#x', /TABBEAM_VIEWER_URL: The viewer address must not contain a # part\./],
      ['   ', /TABBEAM_VIEWER_URL: Enter the address of your viewer page\./],
    ];
    for (const [viewerUrl, message] of cases) {
      const verdict = checkStoreViewerUrl({ viewerUrl, originRemote: null });
      expect(verdict.ok, viewerUrl).toBe(false);
      if (verdict.ok) continue;
      expect(verdict.message).toMatch(message);
      expect(verdict.message).toMatch(HOW_TO_FIX);
    }
  });
});
