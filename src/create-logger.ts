/** The process's logger, apart from app.ts so that a command which builds no app can log too. */
import pino from 'pino';
import type { Config } from './config.ts';
import type { Logger } from './core/logger.ts';

/** A pino logger on stderr (stdout stays clean for JSON output), with secrets redacted. */
export function createLogger(level: Config['LOG_LEVEL']): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['token', 'botToken', '*.token', '*.botToken', 'headers.authorization', '*.headers.authorization', 'installation'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}
