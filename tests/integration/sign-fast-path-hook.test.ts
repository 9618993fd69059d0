// The sign form's fast path depends on one export of the Remix server build. Without it, it once
// turned itself off without a word (every signature then went through Remix, at a fraction of the
// speed); now the app refuses to start. And a signature that fails is answered by the fast path
// itself, never run a second time through Remix.
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { describe, expect, it } from "vitest";
import ko from "~/i18n/ko.json";
import { createHttpApp } from "~/server/http-app.server";
import { signFastPath } from "~/server/sign-fast-path.server";
import { parseEnv } from "~/utils/env.server";
import { expectErrorLog } from "../support/error-logs";

const BUILD = path.resolve("build/index.js");

describe("the fast path's hook into the server build", () => {
  it("is exported by the real build (build/index.js)", async () => {
    const build = (await import(pathToFileURL(BUILD).href)) as ServerBuild;
    expect(
      typeof (build.entry.module as unknown as Record<string, unknown>).acceptCampaignPageSignature,
    ).toBe("function");
    expect(() => signFastPath(build)).not.toThrow();
  });

  it("stops the app from being created when it is missing", () => {
    const withoutHook = { entry: { module: {} }, routes: {}, assets: {} } as unknown as ServerBuild;
    expect(() => signFastPath(withoutHook)).toThrow(/acceptCampaignPageSignature/);
    expect(() => createHttpApp({ build: withoutHook, env: parseEnv({}) })).toThrow(
      /acceptCampaignPageSignature/,
    );
  });
});

describe("a signature the fast path fails to store", () => {
  it("gets the translated 'please sign again' page from the fast path, never a second run in Remix", async () => {
    expectErrorLog("sign fast path failed", { errorMessage: "a bug in signing" });
    const failing = {
      entry: {
        module: {
          acceptCampaignPageSignature: () => Promise.reject(new Error("a bug in signing")),
        },
      },
    } as unknown as ServerBuild;
    let handedOn = 0;
    const app = express();
    app.use(signFastPath(failing));
    app.use((_req, res) => {
      handedOn++;
      res.status(200).send("Remix");
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/ko/campaigns/some-campaign`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "name=Kim&email=kim%40example.org",
      });
      const body = await response.text();
      expect(response.status).toBe(500);
      expect(body).toContain(ko["sign.failed.title"]);
      expect(body).toContain(ko["sign.failed.body"]);
      expect(body).not.toContain("a bug in signing");
      expect(handedOn).toBe(0);
    } finally {
      server.close();
    }
  });
});
