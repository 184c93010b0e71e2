import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A push service stand-in that can stall: a real HTTP server on 127.0.0.1 that answers 201 to the
 * first `answerFirst` requests and holds every later one unanswered until `answerAll()`. It counts
 * what it received and the 201s it actually wrote (a held request whose client died is never answered).
 */
export async function startGatedSink({ answerFirst = Infinity }: { answerFirst?: number } = {}) {
  const received: string[] = [];
  const answered: string[] = [];
  const held = new Map<ServerResponse, string>();
  let holding = false;

  const answer = (res: ServerResponse, path: string) => {
    answered.push(path);
    res.writeHead(201, { location: `${path}/m${answered.length}` }).end();
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push(path);
      if (received.length > answerFirst) holding = true;
      if (!holding) return answer(res, path);
      held.set(res, path);
      res.on('close', () => held.delete(res)); // the sender went away: this one is never answered
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Paths in arrival order. */
    received,
    /** Paths answered 201, in order. */
    answered,
    /** Paths of the requests held right now. */
    heldPaths: () => [...held.values()],
    /** Holds every request from now on. */
    holdAll: () => {
      holding = true;
    },
    /** Answers the held requests and every later one. */
    answerAll: () => {
      holding = false;
      answerFirst = Infinity;
      for (const [res, path] of held) if (!res.destroyed) answer(res, path);
      held.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type GatedSink = Awaited<ReturnType<typeof startGatedSink>>;
