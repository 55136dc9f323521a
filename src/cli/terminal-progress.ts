import type { Logger } from '../core/logger.ts';

/** A one-line progress bar with rate and ETA, redrawn in place on a TTY (stderr). */
export function createProgressBar(stream: NodeJS.WriteStream, label: string) {
  const started = performance.now();
  return {
    update(done: number, fraction: number, unit: string) {
      if (!stream.isTTY) return;
      const elapsed = (performance.now() - started) / 1000;
      const rate = elapsed > 0 ? done / elapsed : 0;
      const eta = fraction > 0 ? elapsed * (1 / fraction - 1) : 0;
      const width = 30;
      const filled = Math.round(Math.min(1, fraction) * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      stream.write(
        `\r${label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')} ${unit} ` +
          `${Math.round(rate).toLocaleString('en-US')}/s ETA ${Math.ceil(eta)}s  `,
      );
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}

type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One call held by {@link createHeldLogger}, with the bindings of the child logger it was made on. */
export interface HeldLogEntry {
  level: LogLevel;
  bindings: object;
  obj: object;
  msg: string | undefined;
}

/** A logger that holds what is logged while a progress bar is drawn. */
export interface HeldLogger {
  log: Logger;
  /**
   * Passes every held entry on to the target logger, in order, at its own level, or at debug
   * level when `demote` says the caller has already told the user (the log keeps the details).
   */
  release(demote?: (entry: HeldLogEntry) => boolean): void;
}

/**
 * Holds log lines while a progress bar redraws itself on the same terminal (a JSON line written
 * in the middle of the bar breaks both), to pass them on once the bar is cleared.
 */
export function createHeldLogger(target: Logger): HeldLogger {
  const held: HeldLogEntry[] = [];
  const make = (bindings: object): Logger => {
    const hold = (level: LogLevel) => (obj: object, msg?: string) => {
      held.push({ level, bindings, obj, msg });
    };
    return {
      debug: hold('debug'),
      info: hold('info'),
      warn: hold('warn'),
      error: hold('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return {
    log: make({}),
    release(demote = () => false) {
      for (const entry of held.splice(0)) {
        const logger = Object.keys(entry.bindings).length > 0 ? target.child(entry.bindings) : target;
        logger[demote(entry) ? 'debug' : entry.level](entry.obj, entry.msg);
      }
    },
  };
}
