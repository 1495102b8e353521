// Starts the real server on port 0 against the worker's test database; helpers to act as a user.
import { createServer, type RunningServer, type ServerOptions } from "../../server/create-server";
import { createServices, type Services } from "../../server/services";
import type { Db } from "../../db/create-db";
import { resetTestDb } from "./test-db";

export interface TestApp extends RunningServer {
  services: Services;
  /** The worker's test database, for what a test must seed or read directly. */
  db: Db;
}

export async function startTestApp(options: Partial<ServerOptions> = {}): Promise<TestApp> {
  const db = await resetTestDb();
  const services = options.services ?? createServices(db, options.serviceOptions);
  return Object.assign(await createServer({ db, services, port: 0, ...options }), { db });
}

let counter = 0;

/** A fresh user and an API token for it, made through the same services the CLI uses. */
export async function userWithToken(services: Services, name = "Utente di prova") {
  counter += 1;
  const email = `user${counter}-${Date.now()}@example.test`;
  const actor = await services.accounts.createUser({ email, name, password: "password-di-prova" });
  const token = await services.accounts.createApiToken(email);
  return { actor, email, token };
}

export async function api(
  app: { url: string },
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${app.url}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, json, text, headers: response.headers };
}
