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

  test('compose.yaml: PostgreSQL, one bot, one poller, two delivery workers, each kilas service with its role and a /healthz check', () => {
    const compose = read('compose.yaml');
    const service = (name: string) => {
      const m = new RegExp(`^  ${name}:\\n((?:    .*\\n|\\n)*)`, 'm').exec(compose);
      expect(m, `service ${name}`).not.toBeNull();
      return (m as RegExpExecArray)[1] as string;
    };
    expect(service('postgres')).toMatch(/image: postgres:\d+/);
    expect(service('postgres')).toContain('pg_isready');
    for (const role of ['bot', 'poller', 'delivery']) {
      expect(service(role)).toContain(`command: ["node", "bin/kilas.mjs", "start", "--role", "${role}"]`);
      expect(service(role)).toContain('<<: *kilas');
    }
    expect(service('delivery')).toMatch(/replicas: 2/);
    expect(service('bot')).not.toMatch(/replicas/);
    expect(compose).toMatch(/KILAS_DB: postgres:\/\/kilas:.*@postgres:5432\/kilas/);
    expect(compose).toContain('/healthz');
    expect(compose).toMatch(/condition: service_healthy/);
    expect(compose).not.toMatch(/npx/);
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
