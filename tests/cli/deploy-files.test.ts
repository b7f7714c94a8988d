/**
 * The deployment examples run kilas the one way a stop reaches it: `node bin/kilas.mjs start`,
 * never `npx` (whose shell does not pass SIGTERM on); the image is multi-stage and unprivileged.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('deployment files', () => {
  test('Dockerfile: multi-stage, non-root, CMD node bin/kilas.mjs start in exec form', () => {
    const docker = read('Dockerfile');
    expect(docker.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(docker).toMatch(/^USER (?!root)\w+/m);
    expect(docker).toMatch(/^CMD \["node", "bin\/kilas\.mjs", "start"\]$/m);
    expect(docker).not.toMatch(/^(CMD|ENTRYPOINT).*npx/m);
  });

  test('systemd unit: ExecStart runs node on bin/kilas.mjs, SIGTERM, bad config not restarted', () => {
    const unit = read('docs/deploy/kilas.service');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node bin\/kilas\.mjs start$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^RestartPreventExitStatus=2$/m);
    expect(unit).toMatch(/^User=(?!root)\w+/m);
  });

  test('README starts the bot with node bin/kilas.mjs start and says why not npx', () => {
    const readme = read('README.md');
    expect(readme).toContain('node bin/kilas.mjs start');
    expect(readme).not.toMatch(/^\s*(\$ )?npx kilas start/m);
    expect(readme).toMatch(/npx[^\n]*(SIGTERM|signal)/i);
  });
});
