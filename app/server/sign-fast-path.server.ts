// The campaign page's sign form, posted as a plain HTML form, is taken here before Remix: at viral
// scale Remix's request handling (Fetch objects, route matching) cost more CPU than validating,
// checking and storing the signature (docs/decisions/0012). The signing itself is the same code
// Remix's action runs. An accepted signature, and a signature that could not be stored, are
// answered here; anything else (field errors, a closed campaign, another path) goes on to Remix
// with the form as it was posted.
import express, { type RequestHandler } from "express";
import type { ServerBuild } from "@remix-run/node";
import { negotiateLocale, splitLocalePath } from "~/i18n/locales";
import { signFailurePage } from "~/server/sign-failure-page.server";
import type { acceptCampaignPageSignature } from "~/models/signing.server";
import { isDatabaseUnavailable } from "~/utils/db-errors";
import { hashIp } from "~/utils/ip-hash.server";
import { describeError, log } from "~/utils/logger.server";

type AcceptSignature = typeof acceptCampaignPageSignature;

// Far above any real form (every field is cut to 300 characters), small enough to hold in memory.
const MAX_FORM_BYTES = 64 * 1024;
const FORM_TYPE = "application/x-www-form-urlencoded";
const CANDIDATE_PATH = /\/campaigns\/[^/]+$/;

// Seconds a signer is asked to wait before signing again when the database is unavailable.
const RETRY_AFTER_SECONDS = 5;

/**
 * The signing function comes from the Remix server build (entry.server.tsx re-exports it), so the
 * fast path shares the build's modules and their caches rather than bundling a second copy. A
 * build without it is a mistake to stop at, not a reason to quietly sign every form through Remix.
 */
function signingFrom(build: ServerBuild): AcceptSignature {
  const accept = (build.entry.module as { acceptCampaignPageSignature?: unknown })
    .acceptCampaignPageSignature;
  if (typeof accept !== "function") {
    throw new Error("The server build does not export acceptCampaignPageSignature from entry.server.tsx");
  }
  return accept as AcceptSignature;
}

export function signFastPath(build: ServerBuild | (() => Promise<ServerBuild>)): RequestHandler {
  // Checked once at start-up; a build loaded per request (development) is checked on each use.
  if (typeof build !== "function") signingFrom(build);
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
      let location: string | null;
      try {
        const accept = signingFrom(typeof build === "function" ? await build() : build);
        location = await accept({
          pathname: req.path,
          acceptLanguage: req.get("accept-language") ?? null,
          body,
          origin: { ipHash: hashIp(req.ip ?? ""), clientIp: req.ip ?? "" },
        });
      } catch (error) {
        // Answered here, never handed on: Remix would run the whole signature a second time. The
        // signature is one statement, so it was stored wholly or not at all, and signing again
        // with the same address never counts twice.
        const unavailable = isDatabaseUnavailable(error);
        if (unavailable) log.warn("sign fast path: database unavailable", describeError(error));
        else log.error("sign fast path failed", describeError(error));
        const locale = splitLocalePath(req.path).locale ?? negotiateLocale(req.get("accept-language"));
        if (unavailable) res.set("Retry-After", String(RETRY_AFTER_SECONDS));
        res
          .status(unavailable ? 503 : 500)
          .set({ "Cache-Control": "no-store", "Content-Language": locale })
          .type("html")
          .send(signFailurePage(locale, req.path));
        return;
      }
      if (location) {
        res.set("Cache-Control", "no-store").redirect(302, location);
        return;
      }
      res.locals.formBody = body;
      next();
    });
  };
}
