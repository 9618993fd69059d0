// The campaign page's sign form, posted as a plain HTML form, is taken here before Remix: at viral
// scale Remix's request handling (Fetch objects, route matching) cost more CPU than validating,
// checking and storing the signature (docs/decisions/0012). The signing itself is the same code
// Remix's action runs. Only an accepted signature is answered here; anything else (field errors,
// a closed campaign, another path) goes on to Remix with the form as it was posted.
import express, { type RequestHandler } from "express";
import type { ServerBuild } from "@remix-run/node";
import type { acceptCampaignPageSignature } from "~/models/signing.server";
import { hashIp } from "~/utils/ip-hash.server";
import { describeError, log } from "~/utils/logger.server";

type AcceptSignature = typeof acceptCampaignPageSignature;

// Far above any real form (every field is cut to 300 characters), small enough to hold in memory.
const MAX_FORM_BYTES = 64 * 1024;
const FORM_TYPE = "application/x-www-form-urlencoded";
const CANDIDATE_PATH = /\/campaigns\/[^/]+$/;

/**
 * The signing function comes from the Remix server build (entry.server.tsx re-exports it), so the
 * fast path shares the build's modules and their caches rather than bundling a second copy.
 */
function signingFrom(build: ServerBuild): AcceptSignature | undefined {
  return (build.entry.module as { acceptCampaignPageSignature?: AcceptSignature })
    .acceptCampaignPageSignature;
}

export function signFastPath(build: ServerBuild | (() => Promise<ServerBuild>)): RequestHandler {
  const readForm = express.raw({ type: FORM_TYPE, limit: MAX_FORM_BYTES });
  return (req, res, next) => {
    const length = Number(req.get("content-length"));
    // Browsers send a form with its length; anything else (or anything larger) is Remix's to read.
    if (
      req.method !== "POST" ||
      !CANDIDATE_PATH.test(req.path) ||
      !req.is(FORM_TYPE) ||
      !(length > 0 && length <= MAX_FORM_BYTES)
    ) {
      return next();
    }
    readForm(req, res, async (readError?: unknown) => {
      if (readError) return next(readError);
      // Forms are posted as UTF-8 (the pages are); Remix would decode them the same way.
      const body = (req.body as Buffer).toString("utf8");
      try {
        const accept = signingFrom(typeof build === "function" ? await build() : build);
        const location = accept
          ? await accept({
              pathname: req.path,
              acceptLanguage: req.get("accept-language") ?? null,
              body,
              origin: { ipHash: hashIp(req.ip ?? ""), clientIp: req.ip ?? "" },
            })
          : null;
        if (location) {
          res.set("Cache-Control", "no-store").redirect(302, location);
          return;
        }
      } catch (error) {
        // Remix tries again from the start and, if it fails too, shows its translated error page.
        // The signature is one statement, so it was stored wholly or not at all; the retry counts
        // against the rate limits a second time (and finds a solved challenge already used).
        log.error("sign fast path failed", describeError(error));
      }
      res.locals.formBody = body;
      next();
    });
  };
}
