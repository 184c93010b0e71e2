import { createServer, type AddressInfo, type Server } from 'node:net';

/** A TCP listener that counts the connections it gets (and drops them at once): proof nothing was sent. */
export async function countingListener() {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
