/**
 * The HTTP server of Socket Mode: `/healthz` and, in OAuth mode, `/slack/install` and the OAuth
 * redirect. Bolt's Socket Mode receiver has one too, but keeps it to itself: it cannot be closed
 * when the socket fails to start (the process then never exits), its port cannot be read, a busy
 * port throws from an event nobody listens to, and an OAuth handler that throws is an unhandled
 * rejection. paperboy runs this one instead and never starts Bolt's (the receiver's start() is
 * not called; its Socket Mode client is started on its own).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { describeSlackError, slackErrorForLog } from './slack-api-errors.ts';

type InstallProvider = NonNullable<SocketModeReceiver['installer']>;

export interface SocketModeOAuthRoutes {
  installer: InstallProvider;
  installPath: string;
  redirectUriPath: string;
  scopes: string[];
}

export interface SocketModeHttpServerOptions {
  port: number;
  host?: string;
  health: (req: IncomingMessage, res: ServerResponse) => void;
  oauth?: SocketModeOAuthRoutes;
  log: Logger;
}

export interface SocketModeHttpServer {
  /** The port it listens on (the one picked by the system when asked for 0). */
  port: number;
  close(): Promise<void>;
}

/** Listens and resolves once listening; rejects when it cannot (the port is taken). */
export async function startSocketModeHttpServer(options: SocketModeHttpServerOptions): Promise<SocketModeHttpServer> {
  const { oauth, log } = options;
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/healthz') return options.health(req, res);
    if (oauth && req.method === 'GET' && path === oauth.installPath) {
      return oauth.installer.handleInstallPath(req, res, {}, { scopes: oauth.scopes });
    }
    if (oauth && req.method === 'GET' && path === oauth.redirectUriPath) return oauth.installer.handleCallback(req, res);
    res.writeHead(404).end();
  };
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log.error({ path: req.url?.split('?')[0], reason: describeSlackError(error), err: slackErrorForLog(error) }, 'slack http request failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After a successful listen, a server error (rare: EMFILE) is logged rather than thrown.
  server.on('error', (error) => log.error({ reason: error.message }, 'slack http server error'));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
