/**
 * CPU time of this process's threads, split into the main thread (the one that acks Slack and
 * Discord) and all the others (search workers, libuv's pool, V8's helpers), from /proc
 * (proc(5): utime and stime, fields 14 and 15 of /proc/<pid>/task/<tid>/stat, in clock ticks).
 * Unlike wall-clock figures it does not depend on what else shares the machine, so a change in
 * what paperboy's chat thread does per command shows even on a busy host. Null off Linux.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of utime and stime (USER_HZ, 100 on Linux on every common architecture). */
const TICKS_PER_SECOND = 100;

export interface ThreadCpu {
  mainMs: number;
  otherThreadsMs: number;
}

function ticksOf(stat: string): number {
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[14 - 3]) + Number(fields[15 - 3]);
}

/** CPU time so far of the main thread and of the other live threads of this process; null off Linux. */
export function threadCpu(): ThreadCpu | null {
  const tasks = `/proc/${process.pid}/task`;
  if (!existsSync(tasks)) return null;
  let main = 0;
  let others = 0;
  for (const tid of readdirSync(tasks)) {
    let ticks: number;
    try {
      ticks = ticksOf(readFileSync(`${tasks}/${tid}/stat`, 'utf8'));
    } catch {
      continue; // the thread ended since the listing
    }
    if (Number(tid) === process.pid) main = ticks;
    else others += ticks;
  }
  const ms = 1000 / TICKS_PER_SECOND;
  return { mainMs: main * ms, otherThreadsMs: others * ms };
}
