// Environment, validated once at start.
import path from "node:path";
import { z } from "zod";

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  TAVOLO_DATA_DIR: z.string().default("./data"),
  TAVOLO_DEMO: flag,
  TAVOLO_PUBLIC_URL: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.url({ protocol: /^https?$/ }).optional()),
  TAVOLO_TRUST_PROXY: flag,
  /** Redis shared by several instances (scale-out); unset: one instance, no Redis. */
  REDIS_URL: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  /** Largest frame a /yjs client may send, in bytes (default 1 MiB). */
  TAVOLO_YJS_MAX_FRAME_BYTES: z.coerce.number().int().min(1024).optional(),
  /** Group-commit window of the Yjs update log, in milliseconds (default 5). */
  TAVOLO_YJS_COMMIT_DELAY_MS: z.coerce.number().int().min(0).max(1000).optional(),
});

export type Env = z.output<typeof envSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return { ...result.data, TAVOLO_DATA_DIR: path.resolve(result.data.TAVOLO_DATA_DIR) };
}
