import { z } from "zod";

// Every environment variable the app reads is declared here, validated once at start-up, and
// documented in .env.example. Nothing else reads process.env (see docs/decisions/0005).

const DEV_SECRET = "dev-only-secret-do-not-use-in-production-000000";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Whether a server listening on `host` is reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host === "::1";
}

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// URL" }).optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    EMBEDDED_DATABASE_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
    APP_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
    APP_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    // The secret before the last rotation: links and tokens it signed keep working (keys.server.ts).
    APP_SECRET_PREVIOUS: z.string().min(32, "must be at least 32 characters").optional(),
    ORG_NAME: z.string().min(1).default("Rollcall Demo NGO"),
    ORG_POSTAL_ADDRESS: z
      .string()
      .min(1)
      .default("Demo address: 1 Sejong-daero, Jung-gu, Seoul 04524, Republic of Korea"),
    ORG_CONTACT_EMAIL: z.email().default("privacy@rollcall.invalid"),
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    // Signatures a minute on one campaign above which signing asks for a proof of work (ADR 0013).
    SIGN_CHALLENGE_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    // Email: Resend when RESEND_API_KEY is set, otherwise the local outbox (/dev/outbox).
    RESEND_API_KEY: z.string().min(1).optional(),
    RESEND_BASE_URL: z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" }).optional(),
    RESEND_MAX_RPS: z.coerce.number().min(0).max(1000).default(2),
    RESEND_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").optional(),
    EMAIL_FROM: z.string().min(3).default("Rollcall Demo NGO <updates@rollcall.invalid>"),
    EMAIL_OUTBOX_IN_PRODUCTION: z.enum(["allow", "deny"]).default("deny"),
    // Payments: Stripe when STRIPE_SECRET_KEY is set, otherwise a simulated checkout on this
    // machine (development, or `npm start` on loopback); elsewhere donations are off.
    STRIPE_SECRET_KEY: z
      .string()
      .regex(
        /^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/,
        "must be a Stripe secret or restricted key (sk_… or rk_…)",
      )
      .optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").optional(),
    // Another host for the official SDK to call instead of api.stripe.com (tests' stand-in).
    STRIPE_API_BASE: z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" }).optional(),
    // The Stripe account's settlement currency: every gift must clear its minimum charge too.
    STRIPE_SETTLEMENT_CURRENCY: z.enum(["USD", "KRW", "JPY", "EUR", "GBP"]).default("USD"),
    // Seals Korean donors' resident registration numbers (32 random bytes, base64). Unset: the
    // Korean donation receipt option is not offered.
    DONOR_DATA_KEY: z
      .string()
      .refine(
        (value) => Buffer.from(value, "base64").length === 32,
        "must be 32 bytes, base64 (openssl rand -base64 32)",
      )
      .optional(),
    // A production demo on the embedded PostgreSQL instead of an operator's database.
    EMBEDDED_DATABASE_IN_PRODUCTION: z.enum(["allow", "deny"]).default("deny"),
    // Set at start-up, for this process's Remix build and its children, when DATABASE_URL points at
    // the embedded PostgreSQL it started; not for operators.
    DATABASE_IS_EMBEDDED: z.enum(["true"]).optional(),
    // Background jobs: in the app process by default; "off" when separate workers run them.
    WORKER_MODE: z.enum(["in-process", "off"]).default("in-process"),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
    // How often a worker looks for jobs whose worker died (they are retried once they time out).
    QUEUE_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    // Set by `remix dev` for the app server it runs; only used in development.
    REMIX_DEV_ORIGIN: z.url().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_WEBHOOK_SECRET"],
        message: "is required with STRIPE_SECRET_KEY: webhooks are the only record of a payment",
      });
    }
    if (env.NODE_ENV !== "production") return;
    // `npm start` on one's own machine (the default HOST, loopback) runs the built app as a local
    // demo: links go to http://127.0.0.1:PORT, data to the embedded database, mail to the outbox,
    // all said on every page. A server others can reach must be configured.
    const local = isLoopbackHost(env.HOST);
    // Without it, links in emails would point at HOST:PORT, such as http://0.0.0.0:3000.
    if (!env.APP_URL && !local) {
      ctx.addIssue({
        code: "custom",
        path: ["APP_URL"],
        message: "is required in production: the public https:// address, used in every link and email",
      });
    }
    if (!env.DATABASE_URL && env.EMBEDDED_DATABASE_IN_PRODUCTION !== "allow" && !local) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_URL"],
        message:
          "is required in production (set EMBEDDED_DATABASE_IN_PRODUCTION=allow to run a demo on the embedded database)",
      });
    }
    if (!env.RESEND_API_KEY && env.EMAIL_OUTBOX_IN_PRODUCTION !== "allow" && !local) {
      ctx.addIssue({
        code: "custom",
        path: ["RESEND_API_KEY"],
        message:
          "is required in production: without it email is only kept in the local outbox (set EMAIL_OUTBOX_IN_PRODUCTION=allow for a demo)",
      });
    }
    if (env.RESEND_API_KEY && !env.RESEND_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["RESEND_WEBHOOK_SECRET"],
        message: "is required in production with Resend, so bounces and complaints are processed",
      });
    }
    if (!env.APP_SECRET || env.APP_SECRET === DEV_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["APP_SECRET"],
        message: "is required in production (generate one with: openssl rand -base64 48)",
      });
    }
    if (env.APP_URL) {
      const url = new URL(env.APP_URL);
      if (url.protocol !== "https:" && !LOOPBACK_HOSTS.has(url.hostname)) {
        ctx.addIssue({
          code: "custom",
          path: ["APP_URL"],
          message: "must use https:// in production unless it is a loopback address",
        });
      }
    }
  });

type RawEnv = z.infer<typeof EnvSchema>;

export type Env = Omit<RawEnv, "APP_SECRET" | "APP_URL"> & {
  APP_SECRET: string;
  APP_URL: string;
  /** True when the app serves over https, so cookies can be `Secure` and `__Host-` prefixed. */
  isSecureOrigin: boolean;
  /** Where email goes: Resend, or the local outbox shown at /dev/outbox outside production. */
  emailTransport: "resend" | "outbox";
  /**
   * Where donations go: Stripe, a simulated checkout on this machine (no keys, not a public
   * production server), or nowhere (donate pages are not found).
   */
  payments: "stripe" | "simulated" | "off";
  /** A production server that runs as a demo (no email provider, or the embedded database). */
  demo: { outbox: boolean; embeddedDatabase: boolean };
};

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(rawSource: Record<string, string | undefined>): Env {
  // `NAME=` (as copied from .env.example) means "not set", not "set to nothing".
  const source = Object.fromEntries(Object.entries(rawSource).filter(([, value]) => value !== ""));
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join(".") || "(environment)";
      const message =
        issue.code === "invalid_type" && source[name] === undefined ? "is required" : issue.message;
      return `  ${name} ${message}`;
    });
    throw new EnvError(`Invalid environment (see .env.example):\n${lines.join("\n")}`);
  }
  const raw = result.data;
  const appUrl = (raw.APP_URL ?? `http://${raw.HOST}:${raw.PORT}`).replace(/\/+$/, "");
  const emailTransport = raw.RESEND_API_KEY ? "resend" : "outbox";
  const production = raw.NODE_ENV === "production";
  return {
    ...raw,
    APP_SECRET: raw.APP_SECRET ?? DEV_SECRET,
    APP_URL: appUrl,
    isSecureOrigin: appUrl.startsWith("https://"),
    emailTransport,
    payments: raw.STRIPE_SECRET_KEY
      ? "stripe"
      : !production || isLoopbackHost(raw.HOST)
        ? "simulated"
        : "off",
    demo: {
      outbox: production && emailTransport === "outbox",
      embeddedDatabase: production && (!raw.DATABASE_URL || raw.DATABASE_IS_EMBEDDED === "true"),
    },
  };
}

let cached: Env | undefined;

/** The validated environment. Throws an EnvError naming each bad variable. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Points the app at a database chosen at start-up (the embedded one) rather than by the operator.
 * It is also put in process.env so that the Remix build (which validates the environment itself)
 * and child processes (the Prisma CLI, the dev server) use it too.
 */
export function setDatabaseUrl(url: string, { embedded = false } = {}): void {
  process.env.DATABASE_URL = url;
  if (embedded) process.env.DATABASE_IS_EMBEDDED = "true";
  cached = parseEnv(process.env);
}
