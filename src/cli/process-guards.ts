/**
 * Last-resort handlers for a long-running `paperboy serve`. A promise rejected with nobody to
 * catch it (a bug in paperboy or in an SDK's own listener) is logged with its stack and the bot
 * keeps serving: Node 15+ would otherwise end the process for one bad request. An uncaught
 * exception leaves the process in an unknown state (https://nodejs.org/api/process.html#warning-using-uncaughtexception-correctly),
 * so it is logged with its stack and the process exits non-zero, to be restarted by its supervisor.
 */
import type { Logger } from '../core/logger.ts';

/** Exit code after an uncaught exception: EX_SOFTWARE, an internal error. */
export const UNCAUGHT_EXCEPTION_EXIT_CODE = 70;

/** The part of `process` the guards use; tests pass an EventEmitter. */
export interface GuardedProcess {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: Error) => void): unknown;
}

export interface ProcessGuardOptions {
  log: Logger;
  /** `process` by default. */
  target?: GuardedProcess;
  /** Ends the process after an uncaught exception; process.exit by default. */
  exit?: (code: number) => void;
}

/** The message and stack of anything thrown, for a log line (an Error's own fields do not serialise). */
export function describeThrown(thrown: unknown): { reason: string; stack: string | null } {
  if (thrown instanceof Error) return { reason: `${thrown.name}: ${thrown.message}`, stack: thrown.stack ?? null };
  return { reason: String(thrown), stack: null };
}

/** Installs the handlers; returns a function that removes them. */
export function installProcessGuards(options: ProcessGuardOptions): () => void {
  const target = options.target ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const { log } = options;
  const onRejection = (reason: unknown) => {
    log.error(describeThrown(reason), 'unhandled promise rejection; paperboy keeps serving');
  };
  const onException = (error: Error) => {
    log.error(describeThrown(error), 'uncaught exception; paperboy stops');
    exit(UNCAUGHT_EXCEPTION_EXIT_CODE);
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
