import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { remixHandler } from "~/server/remix-handler.server";
import { requestLog } from "~/server/request-log.server";
import { securityHeaders } from "~/server/security-headers.server";
import { signFastPath } from "~/server/sign-fast-path.server";
import type { Env } from "~/utils/env.server";
import { hashIp } from "~/utils/ip-hash.server";

export type HttpAppOptions = {
  build: ServerBuild | (() => Promise<ServerBuild>);
  env: Env;
  devServerOrigin?: string;
};

export function createHttpApp({ build, env, devServerOrigin }: HttpAppOptions) {
  const production = env.NODE_ENV === "production";
  const app = express();
  app.disable("x-powered-by");
  // Behind a CDN or load balancer, TRUST_PROXY hops of X-Forwarded-For are believed.
  app.set("trust proxy", env.TRUST_PROXY);
  app.use(requestLog());
  app.use(compression());
  app.use(securityHeaders({ production, devServerOrigin }));
  // Fingerprinted assets never change; everything else in public/ may.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static("public", { maxAge: "1h", index: false }));
  app.use(signFastPath(build));
  app.all(
    "*",
    remixHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({
        cspNonce: String(res.locals.cspNonce),
        ipHash: hashIp(req.ip ?? ""),
        clientIp: req.ip ?? "",
      }),
    }),
  );
  return app;
}
