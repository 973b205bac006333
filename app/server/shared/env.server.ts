import { z } from "zod";

/**
 * Environment, validated once at start-up. A bad variable stops the process with a message
 * that names it, instead of failing later in some request.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Public base URL used in e-mail links. */
  APP_URL: z.url().optional(),
  /** A PostgreSQL server; when unset the embedded PGlite under DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  DATA_DIR: z.string().default("./data"),
  /**
   * The platform's time zone: times not tied to one contest (outbox, consents) are shown in it.
   * A contest's own times use the contest's time zone setting.
   */
  PLATFORM_TIME_ZONE: z
    .string()
    .default("Asia/Ho_Chi_Minh")
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone such as Asia/Ho_Chi_Minh"),
  /** Connections to DATABASE_URL per instance (two instances × this must fit the server's limit). */
  DB_POOL_MAX: z.coerce.number().int().min(3).max(200).default(10),
  /** SMTP server, e.g. smtp://user:pass@host:587. When unset mails stay in the dev outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().default("Giải Báo chí <no-reply@giaibaochi.test>"),
  UPLOADTHING_TOKEN: z.string().optional(),
  /** S3-compatible object storage for files (and, with it, shared upload staging). */
  S3_BUCKET: z.string().optional(),
  /** For stores other than AWS, e.g. http://127.0.0.1:9000 (path-style addressing is used). */
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Bearer token for GET /metrics; unset = /metrics answers loopback clients only. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Per user: unfinished (staged) uploads at once, and their total declared size in MiB. */
  UPLOAD_STAGING_MAX_COUNT: z.coerce.number().int().min(1).max(1000).default(10),
  UPLOAD_STAGING_MAX_MB: z.coerce.number().int().min(1).default(5120),
  /** 1 when a reverse proxy sets X-Forwarded-For (otherwise the socket address is used). */
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** With TRUST_PROXY=1: how many proxies in front append to X-Forwarded-For (right-most hops trusted). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /**
   * Seed the demo contest when the database is empty (npm start). Unset: only on the embedded
   * database, never on DATABASE_URL (the demo passwords are public). 1: always. 0: never.
   */
  SEED_DEMO: z.enum(["0", "1"]).optional(),
  /** Largest form post accepted, in bytes; bigger bodies get 413 before they are read. */
  MAX_FORM_BYTES: z.coerce
    .number()
    .int()
    .min(16_384)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** Largest CSV import post (organizer → paper entries), in bytes. */
  MAX_IMPORT_BYTES: z.coerce
    .number()
    .int()
    .min(16_384)
    .max(256 * 1024 * 1024)
    .default(5 * 1024 * 1024),
});

export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset" (e.g. `DATABASE_URL= npm start`).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Whether `npm start` may seed the demo on an empty database (see SEED_DEMO). */
export function demoSeedAllowed(e: Env): boolean {
  return e.SEED_DEMO === "1" || (e.SEED_DEMO === undefined && !e.DATABASE_URL);
}

export function appUrl(): string {
  const e = env();
  return (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}
