import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../server/create-server";
import { startTestApp, type TestApp } from "../support/app";
import { testDbKind } from "../support/test-db";

/** The nonce of a Content-Security-Policy header's script-src, or null. */
function scriptNonce(csp: string | null): string | null {
  const scriptSrc = csp?.split(";").find((d) => d.trim().startsWith("script-src"));
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc ?? "")?.[1] ?? null;
}

function loginForm(extra: Record<string, string> = {}) {
  return new URLSearchParams({
    email: "nessuno@example.it",
    password: "password-sbagliata",
    redirectTo: "/",
    ...extra,
  }).toString();
}

describe(`HTTP security on ${testDbKind()}`, () => {
  let app: TestApp;

  beforeAll(async () => {
    // Pages are served from the Remix build; make sure it exists and is current.
    execFileSync(process.execPath, [path.join(ROOT, "scripts/ensure-build.mjs")], {
      cwd: ROOT,
      stdio: "ignore",
    });
    app = await startTestApp({ publicUrl: "https://tavolo.example.org" });
  }, 300_000);
  afterAll(async () => {
    await app?.close();
  });

  describe("the Content-Security-Policy", () => {
    it("carries a fresh nonce on every page, and every script uses it", async () => {
      const nonces = new Set<string>();
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${app.url}/login`);
        expect(response.status).toBe(200);
        const csp = response.headers.get("content-security-policy");
        const nonce = scriptNonce(csp);
        expect(nonce, csp ?? "no CSP").toMatch(/^[A-Za-z0-9+/]{22}==$/);
        nonces.add(nonce!);
        const html = await response.text();
        const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(scripts.length).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      }
      expect(nonces.size).toBe(2);
    });

    it("allows no inline script without the nonce and no framing", async () => {
      const csp = (await fetch(`${app.url}/login`)).headers.get("content-security-policy")!;
      const directives = Object.fromEntries(
        csp.split(";").map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values];
        }),
      );
      expect(directives["script-src"]).not.toContain("'unsafe-inline'");
      expect(directives["default-src"]).toEqual(["'self'"]);
      expect(directives["frame-ancestors"]).toEqual(["'none'"]);
      expect(directives["object-src"]).toEqual(["'none'"]);
      expect(directives["base-uri"]).toEqual(["'self'"]);
      expect(directives["form-action"]).toEqual(["'self'"]);
    });

    it.each([
      ["the OpenAPI document", "/api/v1/openapi.json"],
      ["an API error", "/api/v1/roundtables"],
      ["a page that does not exist", "/no-such-page"],
    ])("is sent with a nonce on %s too", async (_case, target) => {
      const response = await fetch(`${app.url}${target}`);
      await response.arrayBuffer();
      expect(scriptNonce(response.headers.get("content-security-policy"))).not.toBeNull();
    });

    it("comes with the other protective headers", async () => {
      const response = await fetch(`${app.url}/login`);
      await response.arrayBuffer();
      expect(Object.fromEntries(response.headers)).toMatchObject({
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "same-origin",
        "cross-origin-opener-policy": "same-origin",
        "strict-transport-security": "max-age=31536000",
      });
      expect(response.headers.get("x-powered-by")).toBeNull();
    });
  });

  describe("the Origin check on form posts", () => {
    async function postLogin(headers: Record<string, string>) {
      const response = await fetch(`${app.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: loginForm(),
      });
      return { status: response.status, text: await response.text() };
    }

    it.each([
      ["another site's Origin", { origin: "http://evil.example" }],
      ["an Origin differing only by port", { origin: "http://127.0.0.1:1" }],
      ["an Origin differing only by scheme", { origin: "https://127.0.0.1" }],
      ["an opaque Origin", { origin: "null" }],
      ["another site's Referer", { referer: "http://evil.example/form.html" }],
      ["neither Origin nor Referer", {}],
    ])("refuses a cross-origin POST to /login with 403: %s", async (_case, headers) => {
      const response = await postLogin(headers);
      expect(response.status).toBe(403);
      expect(response.text).toMatch(/cross-origin/i);
    });

    it("refuses another site even when it also sends our Referer", async () => {
      const response = await postLogin({
        origin: "http://evil.example",
        referer: `${app.url}/login`,
      });
      expect(response.status).toBe(403);
    });

    it.each([
      ["our Origin", () => ({ origin: app.url })],
      ["our Referer, without Origin", () => ({ referer: `${app.url}/login?redirectTo=%2F` })],
      [
        "the public URL's Origin, through a proxy",
        () => ({ origin: "https://tavolo.example.org", "x-forwarded-host": "tavolo.example.org" }),
      ],
    ])("lets a same-origin POST to /login through: %s", async (_case, headers) => {
      const response = await postLogin(headers());
      expect(response.status).not.toBe(403);
      // It reached the login action, which refused the unknown account.
      expect(response.status).toBe(401);
      expect(response.text).not.toMatch(/cross-origin/i);
    });

    it("does not check safe methods", async () => {
      const response = await fetch(`${app.url}/login`, {
        headers: { origin: "http://evil.example" },
      });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
    });
  });
});
