import { createServer, type IncomingMessage } from "node:http";
import { type AddressInfo, type Socket } from "node:net";
import Stripe from "stripe";
import { deliverEvents, type DeliveryResult } from "~/services/stripe-stand-in/deliver";
import { parseFormParams } from "~/services/stripe-stand-in/form";
import { StripeStandIn, type StripeStandInOptions } from "~/services/stripe-stand-in/stand-in";
import type { JsonObject, StripeEvent } from "~/services/stripe-stand-in/types";

/*
 * The Stripe stand-in (app/services/stripe-stand-in) served over HTTP, so the official SDK can be
 * pointed at it (STRIPE_API_BASE, or `host`/`port`/`protocol`) and a test can assert the exact
 * parameters the app sent: every request is logged with its decoded form parameters and the
 * headers that matter (Idempotency-Key, Stripe-Version, Authorization). The simulation methods
 * (completeCheckout, renewSubscription, refundCharge…) play the donor, the bank and Stripe's
 * billing, and return the events Stripe would send; deliverEvents signs and POSTs them.
 */

export type RecordedStripeRequest = {
  method: string;
  /** Without the query string. */
  path: string;
  /** Decoded form parameters (query parameters for GET and DELETE), nested as Stripe reads them. */
  params: JsonObject;
  idempotencyKey: string | null;
  stripeVersion: string | null;
  authorization: string | null;
  status: number;
  replayed: boolean;
};

export type StripeHttpStandIn = StripeStandIn & {
  url: string;
  requests: RecordedStripeRequest[];
  /** The official SDK pointed at this stand-in. */
  client(key?: string): Stripe;
  /** The requests to one path (and method), in order. */
  requestsTo(method: string, path: string | RegExp): RecordedStripeRequest[];
  deliverEvents(
    events: readonly StripeEvent[],
    options: { url: string; secret: string },
  ): Promise<DeliveryResult[]>;
  close(): Promise<void>;
};

export async function startStripeStandIn(options: StripeStandInOptions = {}): Promise<StripeHttpStandIn> {
  const standIn = new StripeStandIn(options);
  const requests: RecordedStripeRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
        }
        const method = req.method ?? "GET";
        const target = new URL(req.url ?? "/", "http://stand-in");
        const response = standIn.handle({ method, url: req.url ?? "/", body, headers });
        let params: JsonObject = {};
        try {
          params = parseFormParams(method === "GET" || method === "DELETE" ? target.search.slice(1) : body);
        } catch {
          // Logged as sent; the stand-in has already answered the malformed request with a 400.
        }
        requests.push({
          method,
          path: target.pathname,
          params,
          idempotencyKey: headers["idempotency-key"] ?? null,
          stripeVersion: headers["stripe-version"] ?? null,
          authorization: headers.authorization ?? null,
          status: response.status,
          replayed: response.headers["idempotent-replayed"] === "true",
        });
        res.writeHead(response.status, response.headers);
        res.end(JSON.stringify(response.body));
      })
      .catch((cause: unknown) => {
        // A bug in the stand-in must surface as a 500 in Stripe's shape, never as a hang.
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { type: "api_error", message: String(cause) } }));
        }
      });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const resetState = standIn.reset.bind(standIn);
  return Object.assign(standIn, {
    url,
    reset: () => {
      resetState();
      // Shared with callers, so emptied in place.
      requests.length = 0;
    },
    requests,
    client: (key = "sk_test_standin") =>
      new Stripe(key, {
        host: "127.0.0.1",
        port,
        protocol: "http" as const,
        maxNetworkRetries: 0,
        telemetry: false,
      }),
    requestsTo: (method: string, path: string | RegExp) =>
      requests.filter(
        (request) =>
          request.method === method &&
          (typeof path === "string" ? request.path === path : path.test(request.path)),
      ),
    deliverEvents: (events: readonly StripeEvent[], delivery: { url: string; secret: string }) =>
      deliverEvents(events, delivery),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
