#!/usr/bin/env node
// The published entry point runs the TypeScript sources through tsx in this same process (no shell,
// no child process), so a service manager's SIGTERM reaches kilas itself; a fresh clone needs no
// build step.
import { setTimeout } from 'node:timers';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
if (process.argv[2] === 'start') {
  // After a stop, a library timer or socket left behind (a retry sleep, a held long poll) must not
  // keep the process alive: give output a moment to drain, then exit with the command's code.
  setTimeout(() => process.exit(code), 500).unref();
}
