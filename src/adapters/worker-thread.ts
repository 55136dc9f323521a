import { extname } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts the worker module `name` that sits beside the module at `besideUrl` (its import.meta.url),
 * in the same form as that module: the compiled `.js` beside it in dist/ (npm run build), which is
 * how paperboy runs. Only in development (tests, tsx) does the caller run from its `.ts` source: a
 * worker does not inherit tsx's loader, so it registers that loader (a devDependency) itself first.
 */
export function startWorkerBeside(besideUrl: string, name: string, options: { workerData: unknown; resourceLimits?: ResourceLimits }): Worker {
  const extension = extname(new URL(besideUrl).pathname);
  const url = new URL(`./${name}${extension}`, besideUrl);
  if (extension !== '.ts') return new Worker(url, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
