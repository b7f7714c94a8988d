// Entry of the page-reading worker thread: loader hooks of the main thread (tsx) do not reach
// worker threads on Node 20, so the thread registers tsx itself before importing the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./page-worker.ts');
