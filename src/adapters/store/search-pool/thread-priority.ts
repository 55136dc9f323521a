/**
 * The search pool's workers give the CPU to the chat thread first. On a 2-core machine a burst of
 * 300 searches keeps both workers busy for about a second, and at equal priority the thread that
 * acks Slack and Discord got half a core at best: its acks and answers waited for searches that
 * were not theirs (bench/chat-load-bench.ts). A worker at nice 10 gets about a tenth of what a
 * nice-0 thread gets when both want the CPU (the kernel's weights, 110 against 1024), and all of
 * it when the chat thread is idle, so searches still use every free cycle.
 *
 * Linux keeps the nice value per thread: setpriority(PRIO_PROCESS, 0) from a thread changes that
 * thread only (man 2 setpriority, "Linux/NPTL: the nice value is a per-thread attribute"), which
 * is what os.setPriority(priority) calls. Elsewhere it would renice the whole process, chat
 * thread included, so it is left alone there.
 */
import { setPriority } from 'node:os';

/** The nice value of a search worker: the chat thread (nice 0) runs first when both want the CPU. */
export const SEARCH_WORKER_NICE = 10;

/** Lowers the calling thread's priority to SEARCH_WORKER_NICE, on Linux; true when it did. */
export function yieldCpuToChatThread(platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return false;
  try {
    setPriority(SEARCH_WORKER_NICE);
    return true;
  } catch {
    // A container that forbids it (seccomp): the searches run at the chat thread's priority.
    return false;
  }
}
