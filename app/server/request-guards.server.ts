// Checks every request before anything else reads it (static files, the sign fast path, Remix), so
// a malformed or hostile request gets a clear 4xx and changes nothing (THREATS.md): a target that
// does not decode (400), a method the path does not take (405 with Allow), a post from another
// site (403), a body of the wrong type (415), too large (413) or unreadable (400).
import type { Request, RequestHandler, Response } from "express";
import { LOCALES } from "~/i18n/locales";
import { sendHttpError } from "~/server/http-error.server";
import { dropRestOfBody, hasBody, isReadableForm, readBodyWithin } from "~/server/request-body.server";

type Body = { types: string[]; maxBytes: number; form: boolean };

type PostRoute = {
  /** Tested against routePath(path). */
  pattern: RegExp;
  methods: string[];
  body: Body;
  /** Server-to-server and signed: no browser sends it, so there is no Origin to check. */
  signed?: boolean;
  /** An index route: Remix gives it a post only with `?index`, else the parent (which has no action). */
  index?: boolean;
};

const FORM: Body = {
  types: ["application/x-www-form-urlencoded", "multipart/form-data"],
  // Far above any real form (every field is cut to 300 characters), small enough to hold in memory.
  maxBytes: 64 * 1024,
  form: true,
};
const PAGE_METHODS = ["GET", "HEAD", "POST"];
const READ_METHODS = ["GET", "HEAD"];

// The routes with an action; every other path is read-only. tests/integration/hostile-requests
// checks this list against the Remix build. Pages may have a locale prefix, as in `($lang)` routes.
const LANG = `(?:/(?:${LOCALES.join("|")}))?`;
const POST_ROUTES: PostRoute[] = [
  { pattern: new RegExp(`^${LANG}/(?:embed/)?campaigns/[^/]+$`, "i"), methods: PAGE_METHODS, body: FORM },
  {
    pattern: new RegExp(`^${LANG}/(?:confirm|withdraw|unsubscribe)/[^/]+$`, "i"),
    methods: PAGE_METHODS,
    body: FORM,
  },
  // The mailing list: the subscribe form (and the boxes that post to it), its confirmation page,
  // and a subscriber's preferences page.
  {
    pattern: new RegExp(`^${LANG}/(?:subscribe|subscribe/confirm/[^/]+|preferences/[^/]+)$`, "i"),
    methods: PAGE_METHODS,
    body: FORM,
  },
  // The donate form, general and a campaign's: a valid post answers with a redirect to the payment page.
  {
    pattern: new RegExp(`^${LANG}/(?:campaigns/[^/]+/)?donate$`, "i"),
    methods: PAGE_METHODS,
    body: FORM,
  },
  // A monthly donor asks for a link to Stripe's portal, and presses the link's button.
  {
    pattern: new RegExp(`^${LANG}/donate/manage(?:/[^/]+)?$`, "i"),
    methods: PAGE_METHODS,
    body: FORM,
  },
  // The campaign editor posts every text in three languages at once; Korean and Japanese Markdown,
  // percent-encoded, takes about nine bytes a character. Before any broader /admin entry: the first
  // match wins. 3 MB holds every field at its longest (app/utils/campaign-form.ts). The overview,
  // /admin/campaigns/:id, is an index route: its posts carry ?index.
  {
    pattern: new RegExp(`^${LANG}/admin/campaigns/(?:new|[^/]+/edit)$`, "i"),
    methods: PAGE_METHODS,
    body: { ...FORM, maxBytes: 3 * 1024 * 1024 },
  },
  {
    pattern: new RegExp(`^${LANG}/admin/campaigns/[^/]+$`, "i"),
    methods: PAGE_METHODS,
    body: FORM,
    index: true,
  },
  // The UN vote upload: the file (2 MiB at most, app/utils/vote-import-form.ts) in a multipart
  // body, and on "import" the same text again as a field; 3 MiB leaves room for the envelope.
  // Before the vote pages' entry, which would match it too.
  {
    pattern: new RegExp(`^${LANG}/admin/votes/import$`, "i"),
    methods: PAGE_METHODS,
    body: { ...FORM, maxBytes: 3 * 1024 * 1024 },
  },
  // A vote's page links it to campaigns: one checkbox a campaign.
  { pattern: new RegExp(`^${LANG}/admin/votes/[^/]+$`, "i"), methods: PAGE_METHODS, body: FORM },
  // The update editor posts a subject and Markdown text in three languages (20,000 characters each,
  // about nine bytes a character percent-encoded). The overview, /admin/updates/:id, is an index
  // route that also takes the editor's save: its posts carry ?index.
  {
    pattern: new RegExp(`^${LANG}/admin/updates/new$`, "i"),
    methods: PAGE_METHODS,
    body: { ...FORM, maxBytes: 1024 * 1024 },
  },
  {
    pattern: new RegExp(`^${LANG}/admin/updates/[^/]+$`, "i"),
    methods: PAGE_METHODS,
    body: { ...FORM, maxBytes: 1024 * 1024 },
    index: true,
  },
  // Staff pages with an action (each checks the role and CSRF token itself; sign-in and enrolment,
  // before any session, rely on this guard's Origin check and the session cookie's SameSite=Strict).
  {
    pattern: new RegExp(
      `^${LANG}/admin/(?:sign-in|sign-out|account|enrol/[^/]+|staff/[^/]+|moderation|moderation/blocks|operations|donations/statements)$`,
      "i",
    ),
    methods: PAGE_METHODS,
    body: FORM,
  },
  // The staff list is an index route (/admin/staff): its posts carry ?index.
  { pattern: new RegExp(`^${LANG}/admin/staff$`, "i"), methods: PAGE_METHODS, body: FORM, index: true },
  { pattern: /^\/dev\/outbox$/i, methods: PAGE_METHODS, body: FORM, index: true },
  // The simulated Stripe Checkout of local mode (its loader and action 404 unless payments are simulated).
  { pattern: /^\/dev\/checkout\/[^/]+$/i, methods: PAGE_METHODS, body: FORM },
  // Its customer portal, where a monthly donor cancels (same rule).
  { pattern: /^\/dev\/billing-portal\/[^/]+$/i, methods: PAGE_METHODS, body: FORM },
  {
    pattern: /^\/webhooks\/stripe$/i,
    methods: ["POST"],
    body: { types: ["application/json"], maxBytes: 512 * 1024, form: false },
    signed: true,
  },
  {
    pattern: /^\/webhooks\/resend$/i,
    methods: ["POST"],
    body: { types: ["application/json"], maxBytes: 256 * 1024, form: false },
    signed: true,
  },
];

/** The path Remix routes on: single-fetch data requests add `.data`; a trailing slash is ignored. */
function routePath(path: string): string {
  return path.replace(/\.data$/, "").replace(/(.)\/+$/, "$1");
}

/**
 * A request target Remix and the database can take: origin-form (a path, not a full URL or `*`),
 * percent-encoding that decodes to UTF-8, no dot segments or control characters in the path and
 * no NUL anywhere.
 * Node's parser already refuses raw control and non-ASCII bytes.
 */
function isCleanTarget(target: string): boolean {
  if (!target.startsWith("/") || /%00/i.test(target)) return false;
  try {
    const path = decodeURIComponent(target.split("?")[0]!);
    // Dot segments: browsers resolve them before sending, and Remix would resolve them after this
    // guard matched the raw path (GET /../webhooks/resend reached a POST-only route as a GET).
    if (path.split("/").some((segment) => segment === "." || segment === "..")) return false;
    // eslint-disable-next-line no-control-regex
    return !/[\u0000-\u001f\u007f]/.test(path);
  } catch {
    return false;
  }
}

// A host name or IP literal and an optional port: anything else would not make a URL for Remix.
const HOST = /^(?:[a-z0-9_.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function isCleanHost(host: string | undefined): boolean {
  return host === undefined || (HOST.test(host) && URL.canParse(`http://${host}/`));
}

/**
 * Whether a browser sent this from a page of another site. Browsers send Sec-Fetch-Site and, on a
 * POST, Origin; a request with neither (curl, a mail provider's one-click unsubscribe, an old
 * client) is let through. The embed's form posts from its frame, which has our origin.
 */
function comesFromAnotherSite(req: Request, appOrigin: string): boolean {
  const site = req.get("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return true;
  const origin = req.get("origin")?.toLowerCase();
  if (origin === undefined) return false;
  return origin !== appOrigin && origin !== `${req.protocol}://${req.get("host") ?? ""}`.toLowerCase();
}

function refuse(req: Request, res: Response, status: number, headers: Record<string, string> = {}): void {
  sendHttpError(req, res, status, headers);
  dropRestOfBody(req);
}

export function requestGuards({ appUrl }: { appUrl: string }): RequestHandler {
  const appOrigin = new URL(appUrl).origin;
  return (req, res, next) => {
    if (!isCleanTarget(req.originalUrl) || !isCleanHost(req.get("host"))) return refuse(req, res, 400);
    const route = POST_ROUTES.find(
      (candidate) =>
        candidate.pattern.test(routePath(req.path)) && (!candidate.index || req.query.index !== undefined),
    );
    const allow = (route?.methods ?? READ_METHODS).join(", ");
    if (req.method === "OPTIONS") {
      // No CORS headers: other sites' scripts get no permission to read or post anything here.
      res.status(204).set({ Allow: allow, "Cache-Control": "no-store" }).end();
      return dropRestOfBody(req);
    }
    if (!(route?.methods ?? READ_METHODS).includes(req.method))
      return refuse(req, res, 405, { Allow: allow });

    const post = req.method === "POST" ? route : undefined;
    if (post) {
      if (!post.signed && comesFromAnotherSite(req, appOrigin)) return refuse(req, res, 403);
      if (!req.is(post.body.types)) return refuse(req, res, 415);
    } else if (!hasBody(req)) {
      return next();
    }
    // GET and HEAD take no body at all.
    readBodyWithin(req, post?.body.maxBytes ?? 0)
      .then(async (read) => {
        if (read.outcome === "gone") return;
        if (read.outcome === "too-large") return refuse(req, res, 413);
        if (post?.body.form && !(await isReadableForm(read.body, req.get("content-type") ?? ""))) {
          return refuse(req, res, 400);
        }
        // body-parser (the sign fast path's express.raw) skips a request marked `_body`, and
        // remix-handler.server.ts hands Remix this buffer in place of the spent stream.
        Object.assign(req, { body: read.body, _body: true });
        next();
      })
      .catch(next);
  };
}
