// The GitHub workflows that publish the viewer and attach the Store zip (issue 13). actionlint is
// not available here, so this checks that they parse and keep their essentials.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  uses?: string;
  run?: string;
  id?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  environment?: { name: string; url: string };
  container?: { image: string; options?: string };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const WORKFLOWS = path.resolve(import.meta.dirname, '../../.github/workflows');
const load = (name: string) => parse(readFileSync(path.join(WORKFLOWS, name), 'utf8')) as Workflow;
const needs = (job: Job) => (typeof job.needs === 'string' ? [job.needs] : (job.needs ?? []));
const action = (job: Job, name: string) => job.steps.find((s) => s.uses?.split('@')[0] === name);
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

/** Every action pinned to a major version; the test job is .ci/run on Debian with Node from package.json. */
function expectCommon(workflow: Workflow) {
  expect(workflow.permissions).toEqual({}); // nothing by default: each job asks for what it needs
  for (const job of Object.values(workflow.jobs)) {
    for (const step of job.steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^actions\/[a-z-]+@v\d+$/);
    expect(action(job, 'actions/setup-node')?.with).toEqual({ 'node-version': 20, cache: 'npm' });
  }
  const test = workflow.jobs.test!;
  expect(test.container?.image).toMatch(/^debian:/);
  // The strict-network e2e test (a namespace, a veth pair, nftables) runs, and must pass, under CI=true.
  expect(test.container?.options).toMatch(/--privileged|--cap-add=NET_ADMIN/);
  expect(test.env?.CI).toBe('true');
  expect(runs(test)).toContain('bash .ci/run');
  expect(test.permissions).toEqual({ contents: 'read' });
}

describe('.github/workflows/pages.yml', () => {
  const workflow = load('pages.yml');

  it('runs on every push to main and by hand', () => {
    expect(workflow.on).toEqual({ push: { branches: ['main'] }, workflow_dispatch: null });
    expectCommon(workflow);
  });

  it('deploys dist/viewer to GitHub Pages only after the tests pass', () => {
    const deploy = workflow.jobs.deploy!;
    expect(needs(deploy)).toContain('test');
    expect(deploy.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' });
    expect(deploy.environment).toEqual({ name: 'github-pages', url: '${{ steps.deployment.outputs.page_url }}' });
    expect(runs(deploy)).toMatch(/vite build --mode viewer|npm run build/);
    expect(action(deploy, 'actions/configure-pages')).toBeDefined();
    expect(action(deploy, 'actions/upload-pages-artifact')?.with).toEqual({ path: 'dist/viewer' });
    expect(action(deploy, 'actions/deploy-pages')?.id).toBe('deployment');
  });
});

describe('.github/workflows/release.yml', () => {
  const workflow = load('release.yml');
  const pkg = workflow.jobs.package!;

  it('runs for a published release and by hand for a given tag', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['release', 'workflow_dispatch']);
    expect(workflow.on.release).toEqual({ types: ['published'] });
    expect(
      (workflow.on.workflow_dispatch as { inputs: Record<string, { required: boolean }> }).inputs.tag!.required,
    ).toBe(true);
    expectCommon(workflow);
  });

  it('packages only after the tests pass, with just the permission to upload', () => {
    expect(needs(pkg)).toContain('test');
    expect(pkg.permissions).toEqual({ contents: 'write' });
  });

  it('builds the zip with TABBEAM_VIEWER_URL set to the Pages address or the repository variable', () => {
    const viewer = pkg.steps.find((s) => s.id === 'viewer')!;
    expect(viewer.env).toMatchObject({
      OVERRIDE: '${{ vars.TABBEAM_VIEWER_URL }}',
      OWNER: '${{ github.repository_owner }}',
    });
    expect(viewer.run).toContain('owner="${OWNER,,}"');
    expect(viewer.run).toContain('url="https://$owner.github.io/$repo/"');
    const packaging = pkg.steps.find((s) => s.run === 'npm run package')!;
    expect(packaging.env).toEqual({
      TABBEAM_VIEWER_URL: '${{ steps.viewer.outputs.url }}',
      TABBEAM_PEER_SERVER: '${{ vars.TABBEAM_PEER_SERVER }}',
      TABBEAM_ICE_SERVERS: '${{ vars.TABBEAM_ICE_SERVERS }}',
    });
    expect(pkg.steps.indexOf(viewer)).toBeLessThan(pkg.steps.indexOf(packaging));
  });

  it('attaches dist/tabbeam-<version>.zip to the release with the workflow token', () => {
    const upload = pkg.steps.find((s) => s.run?.includes('gh release upload'))!;
    expect(upload.run).toContain('gh release upload "$TAG" "dist/tabbeam-$version.zip"');
    expect(upload.env).toMatchObject({ GH_TOKEN: '${{ github.token }}' });
    expect(pkg.env?.TAG).toBe('${{ github.event.release.tag_name || inputs.tag }}');
  });
});
