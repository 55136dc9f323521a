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
