/**
 * Prints where a V8 CPU profile (`node --cpu-prof`, or `npm run bench -- --profile`) spent its
 * time: the functions with the most self time, and the project functions with the most total
 * (inclusive) time, so a missed target can be traced to code:
 *
 *   node bin/run-ts.js bench/summarize-profile.ts bench/out/profiles/CPU.*.cpuprofile [--top 15]
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface FunctionTime {
  name: string;
  location: string;
  selfMs: number;
  totalMs: number;
}

function locationOf(node: ProfileNode): string {
  const url = node.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/(src|bench|node_modules)\//, '$1/');
  return url === '' ? '(native)' : `${url}:${node.callFrame.lineNumber + 1}`;
}

/** Self and total time per function (merged over call sites), slowest first by self time. */
export function summarizeProfile(profile: CpuProfile): { totalMs: number; functions: FunctionTime[] } {
  const sampleCount = profile.samples?.length ?? profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerSample = sampleCount > 0 ? totalMs / sampleCount : 0;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const functions = new Map<string, FunctionTime>();
  const keyOf = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${locationOf(node)}`;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const selfKey = keyOf(node);
    const entry = functions.get(selfKey) ?? { name: node.callFrame.functionName || '(anonymous)', location: locationOf(node), selfMs: 0, totalMs: 0 };
    entry.selfMs += hits * msPerSample;
    functions.set(selfKey, entry);
    // Inclusive time: each sample counts once for every distinct function on its stack.
    const onStack = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parents.get(id)) {
      const ancestor = byId.get(id)!;
      const key = keyOf(ancestor);
      if (onStack.has(key)) continue;
      onStack.add(key);
      const e = functions.get(key) ?? { name: ancestor.callFrame.functionName || '(anonymous)', location: locationOf(ancestor), selfMs: 0, totalMs: 0 };
      e.totalMs += hits * msPerSample;
      functions.set(key, e);
    }
  }
  return { totalMs, functions: [...functions.values()].sort((a, b) => b.selfMs - a.selfMs) };
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '15' } } });
  const top = Number(values.top);
  for (const file of positionals) {
    const { totalMs, functions } = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    const line = (f: FunctionTime) => `  ${f.selfMs.toFixed(0).padStart(8)} ${f.totalMs.toFixed(0).padStart(8)}  ${f.name}  ${f.location}`;
    console.log(`${file}: ${(totalMs / 1000).toFixed(1)} s profiled\n      self    total (ms)  — by self time`);
    for (const f of functions.slice(0, top)) console.log(line(f));
    console.log('  project functions by total time');
    const project = functions.filter((f) => /^(src|bench)\//.test(f.location)).sort((a, b) => b.totalMs - a.totalMs);
    for (const f of project.slice(0, top)) console.log(line(f));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
