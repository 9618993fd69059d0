// A streamed response (a million-row export) is read from its producer only as fast as the client
// takes it, and a client that goes away stops the producer.
import http from "node:http";
import net from "node:net";
import type { Response as ExpressResponse } from "express";
import { afterEach, describe, expect, it } from "vitest";
import { writeBody } from "~/server/remix-handler.server";

const CHUNK = new Uint8Array(64 * 1024).fill(65);
const CHUNKS = 1_000; // 64 MiB if it were all pulled

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

function serve(): Promise<{ port: number; pulls: () => number; cancelled: Promise<void> }> {
  let pulls = 0;
  let onCancel!: () => void;
  const cancelled = new Promise<void>((resolve) => (onCancel = resolve));
  server = http.createServer((_req, res) => {
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          if (pulls > CHUNKS) controller.close();
          else controller.enqueue(CHUNK);
        },
        cancel: () => onCancel(),
      },
      { highWaterMark: 0 },
    );
    res.writeHead(200, { "content-type": "text/plain" });
    writeBody(body, res as unknown as ExpressResponse).catch(() => undefined);
  });
  return new Promise((resolve) =>
    server!.listen(0, "127.0.0.1", () =>
      resolve({ port: (server!.address() as net.AddressInfo).port, pulls: () => pulls, cancelled }),
    ),
  );
}

describe("writing a streamed response", () => {
  it("pulls no further than the socket buffers while the client does not read, and stops when it leaves", async () => {
    const { port, pulls, cancelled } = await serve();
    const socket = net.connect(port, "127.0.0.1");
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    // Read nothing: the kernel's buffers fill, then the server must stop pulling.
    socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const stalled = pulls();
    expect(stalled).toBeGreaterThan(0);
    // Socket buffers hold a few MiB at most; without backpressure all 1,000 chunks would be pulled.
    expect(stalled).toBeLessThan(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pulls()).toBe(stalled);
    socket.destroy();
    await cancelled;
    expect(pulls()).toBeLessThan(CHUNKS);
  });

  it("sends everything to a client that reads", async () => {
    const { port } = await serve();
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect((await response.arrayBuffer()).byteLength).toBe(CHUNK.length * CHUNKS);
  });
});
