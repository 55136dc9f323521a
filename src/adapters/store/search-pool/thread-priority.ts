/**
 * The search pool's workers give the CPU to the chat thread first. On a 2-core machine a burst of
 * 300 searches keeps both workers busy for about a second, and at equal priority the thread that
 * acks Slack and Discord got half a core at best: its acks and answers waited for searches that
 * were not theirs (bench/chat-load-bench.ts). A worker 10 nice steps below the chat thread gets
 * about a tenth of what the chat thread gets when both want the CPU (the kernel's weights: nice 10
 * is 110 against nice 0's 1024), and all of it when the chat thread is idle, so searches still use
 * every free cycle.
 *
 * The step is relative: a worker starts at the nice value of the thread that created it, and a
 * paperboy started with `nice -n 15` must not get workers at an absolute 10, above its own chat
 * thread (root may lower a nice value, so setpriority would do it). 19 is the lowest priority.
 *
 * Linux keeps the nice value per thread: getpriority/setpriority(PRIO_PROCESS, 0) from a thread
 * read and change that thread only (man 2 setpriority, "Linux/NPTL: the nice value is a per-thread
 * attribute"), which is what os.getPriority() and os.setPriority(priority) call. Elsewhere it would
 * renice the whole process, chat thread included, so it is left alone there.
 */
import { getPriority, setPriority } from 'node:os';

/** How many nice steps a search worker runs below the chat thread: the chat thread runs first when both want the CPU. */
export const SEARCH_WORKER_NICE = 10;
/** The lowest priority Linux has (man 2 setpriority: nice values run from -20 to 19). */
const LOWEST_NICE = 19;

/** The nice value a search worker takes when the thread that started it runs at `chatThreadNice`. */
export function searchWorkerNice(chatThreadNice: number): number {
  return Math.min(LOWEST_NICE, chatThreadNice + SEARCH_WORKER_NICE);
}

export interface ThreadPriority {
  getPriority(): number;
  setPriority(priority: number): void;
}

const thisThread: ThreadPriority = { getPriority: () => getPriority(), setPriority: (priority) => setPriority(priority) };

/**
 * Lowers the calling thread's priority SEARCH_WORKER_NICE steps below the one it started with (the
 * chat thread's, which it inherits), on Linux; true when it did.
 */
export function yieldCpuToChatThread(platform: NodeJS.Platform = process.platform, thread: ThreadPriority = thisThread): boolean {
  if (platform !== 'linux') return false;
  try {
    thread.setPriority(searchWorkerNice(thread.getPriority()));
    return true;
  } catch {
    // A container that forbids it (seccomp): the searches run at the chat thread's priority.
    return false;
  }
}

/**
 * `paperboy import` runs its threads (this one, and the snapshot reader it starts, which inherits
 * it) SEARCH_WORKER_NICE steps below where it started: a bulk import is batch work, and beside a
 * serving paperboy on the same machine the two importer threads took the CPU from the thread that
 * acks Slack and Discord (bench/chat-load-bench.ts: 20 subscribes during an import stalled it
 * 51–65 ms against 29 with no import). Alone, it still gets every core.
 */
export function runImportBelowServing(platform: NodeJS.Platform = process.platform, thread: ThreadPriority = thisThread): boolean {
  return yieldCpuToChatThread(platform, thread);
}
