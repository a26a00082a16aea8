import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a database server, to play its faults in a test: `down()` refuses new
 * connections and cuts the open ones (a stopped server), `freeze()` stops passing bytes without
 * closing anything (a stopped process, a stuck network), `up()` and `thaw()` undo them.
 */
export interface TcpProxy {
  port: number;
  /** The connection string of the target, through the proxy. */
  through(connectionString: string): string;
  down(): Promise<void>;
  up(): Promise<void>;
  /** Cut the open connections and accept new ones (a restart that was quick). */
  cut(): void;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(
  targetPort: number,
  targetHost = '127.0.0.1',
): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let frozen = false;
  let server: Server;

  const accept = (client: Socket) => {
    const upstream = connect(targetPort, targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    client.pipe(upstream);
    upstream.pipe(client);
    if (frozen) {
      client.pause();
      upstream.pause();
    }
  };

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = createServer(accept);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });

  const cut = () => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };

  const port = await listen(0);
  return {
    port,
    through: (connectionString) => {
      const url = new URL(connectionString);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    down: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        cut();
      }),
    up: async () => {
      if (!server.listening) await listen(port);
    },
    cut,
    freeze: () => {
      frozen = true;
      for (const [client, upstream] of pairs) {
        client.pause();
        upstream.pause();
      }
    },
    thaw: () => {
      frozen = false;
      for (const [client, upstream] of pairs) {
        client.resume();
        upstream.resume();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}
