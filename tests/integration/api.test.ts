import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { MemberRole } from "../../core/domain";
import {
  agendaItemOutput,
  errorOutput,
  meetingOutput,
  organizationOutput,
  roundtableOutput,
} from "../../core/schemas";
import { RateLimiter, createRateLimits } from "../../server/http/rate-limit";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { testDbKind } from "../support/test-db";

// Strict copies of the published output schemas: a response with an extra field fails too.
const roundtableJson = roundtableOutput.strict();
const organizationJson = organizationOutput.strict();
const meetingJson = meetingOutput.extend({ agenda: z.array(agendaItemOutput.strict()) }).strict();
const errorJson = z
  .object({
    error: errorOutput.shape.error
      .extend({
        code: z.enum([
          "invalid",
          "unauthenticated",
          "forbidden",
          "not_found",
          "conflict",
          "too_large",
          "rate_limited",
        ]),
      })
      .strict(),
  })
  .strict();

const UNKNOWN_ID = "9b2d4f0e-8f3a-4c1e-9a7b-0c5d6e7f8a9b";

/** Asserts an error response: its status, its JSON shape and code, and returns its body. */
function expectError(
  response: Awaited<ReturnType<typeof api>>,
  status: number,
  code: string,
): z.infer<typeof errorJson> {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = errorJson.parse(response.json);
  expect(body.error.code).toBe(code);
  expect(body.error.message).not.toMatch(/^(error|validation)\./);
  return body;
}

describe(`the JSON API over HTTP on ${testDbKind()}`, () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  async function tavolo(token: string, name = "Tavolo educativo") {
    const created = await api(app, token, "POST", "/roundtables", {
      name,
      territory: "Ambito di Chieri",
    });
    expect(created.status, created.text).toBe(201);
    return roundtableJson.parse(created.json);
  }

  /** A user with a token who joined the facilitator's tavolo in `role`. */
  async function memberWithToken(facilitatorToken: string, roundtableId: string, role: MemberRole) {
    const facilitator = await app.services.accounts.actorForApiToken(facilitatorToken);
    const member = await userWithToken(app.services, `Membro ${role}`);
    const { token } = await app.services.roundtables.createInvite(facilitator!, roundtableId, {
      role,
    });
    await app.services.roundtables.acceptInvite(member.actor, token);
    return member;
  }

  describe("every operation of the contract", () => {
    it("creates and lists tavoli, the caller as facilitator", async () => {
      const { token } = await userWithToken(app.services);
      const created = await api(app, token, "POST", "/roundtables", {
        name: "  Patto educativo ",
        territory: "Ambito di Chieri",
        description: "",
        ignored: "extra fields are dropped",
      });
      expect(created.status).toBe(201);
      const body = roundtableJson.parse(created.json);
      expect(body).toMatchObject({
        name: "Patto educativo",
        description: null,
        role: "facilitator",
      });

      const listed = await api(app, token, "GET", "/roundtables");
      expect(listed.status).toBe(200);
      const list = z
        .object({ roundtables: z.array(roundtableJson) })
        .strict()
        .parse(listed.json);
      expect(list.roundtables).toEqual([body]);

      const { token: other } = await userWithToken(app.services);
      expect((await api(app, other, "GET", "/roundtables")).json).toEqual({ roundtables: [] });
    });

    it("reads one tavolo, by its id in any case", async () => {
      const { token } = await userWithToken(app.services);
      const created = await tavolo(token);
      for (const id of [created.id, created.id.toUpperCase()]) {
        const read = await api(app, token, "GET", `/roundtables/${id}`);
        expect(read.status).toBe(200);
        expect(roundtableJson.parse(read.json)).toEqual(created);
      }
    });

    it("adds and lists organisations", async () => {
      const { token } = await userWithToken(app.services);
      const { id } = await tavolo(token);
      const added = await api(app, token, "POST", `/roundtables/${id}/organizations`, {
        name: "Comune di Chieri",
        kind: "municipality",
      });
      expect(added.status).toBe(201);
      const organization = organizationJson.parse(added.json);
      expect(organization).toMatchObject({ roundtableId: id, name: "Comune di Chieri" });

      const listed = await api(app, token, "GET", `/roundtables/${id}/organizations`);
      expect(listed.status).toBe(200);
      expect(
        z
          .object({ organizations: z.array(organizationJson) })
          .strict()
          .parse(listed.json),
      ).toEqual({ organizations: [organization] });
    });

    it("creates, lists and reads meetings with their agenda", async () => {
      const { token } = await userWithToken(app.services);
      const { id } = await tavolo(token);
      const created = await api(app, token, "POST", `/roundtables/${id}/meetings`, {
        title: "Laboratorio",
        kind: "listening",
        startsAt: "2026-12-01T18:00",
        place: "Biblioteca",
        onlineUrl: "",
        agenda: [
          { title: "Accoglienza", durationMinutes: 15 },
          { title: "Ascolto", durationMinutes: 60 },
        ],
      });
      expect(created.status, created.text).toBe(201);
      const meeting = meetingJson.parse(created.json);
      expect(meeting).toMatchObject({
        roundtableId: id,
        kind: "listening",
        phase: "draft",
        startsAt: "2026-12-01T17:00:00.000Z",
        place: "Biblioteca",
        onlineUrl: null,
        boardDoc: `board:${meeting.id}`,
      });
      expect(meeting.agenda.map((item) => [item.position, item.title])).toEqual([
        [0, "Accoglienza"],
        [1, "Ascolto"],
      ]);

      const listed = await api(app, token, "GET", `/roundtables/${id}/meetings`);
      expect(listed.status).toBe(200);
      expect(
        z
          .object({ meetings: z.array(meetingJson) })
          .strict()
          .parse(listed.json),
      ).toEqual({
        meetings: [meeting],
      });

      const read = await api(app, token, "GET", `/meetings/${meeting.id}`);
      expect(read.status).toBe(200);
      expect(meetingJson.parse(read.json)).toEqual(meeting);
    });

    it("lets a read-only member read everything", async () => {
      const { token } = await userWithToken(app.services);
      const { id } = await tavolo(token);
      const meeting = await api(app, token, "POST", `/roundtables/${id}/meetings`, {
        title: "Laboratorio",
        kind: "workshop",
        startsAt: "2026-12-01T18:00",
      });
      const observer = await memberWithToken(token, id, "observer");
      for (const path of [
        `/roundtables/${id}`,
        `/roundtables/${id}/organizations`,
        `/roundtables/${id}/meetings`,
        `/meetings/${meeting.json.id}`,
      ]) {
        expect((await api(app, observer.token, "GET", path)).status, path).toBe(200);
      }
      expect(
        roundtableJson.parse((await api(app, observer.token, "GET", `/roundtables/${id}`)).json)
          .role,
      ).toBe("observer");
    });
  });

  describe("errors", () => {
    it("answers 400 with an English message per field for an invalid body", async () => {
      const { token } = await userWithToken(app.services);
      const { id } = await tavolo(token);
      const response = await api(app, token, "POST", `/roundtables/${id}/meetings`, {
        title: "",
        kind: "party",
        startsAt: "tomorrow",
        agenda: [{ title: "Ok", durationMinutes: 700 }],
      });
      const body = expectError(response, 400, "invalid");
      expect(body.error.message).toBe("Some data is not valid.");
      expect(body.error.fields).toEqual({
        title: "Required field.",
        kind: "Choose one of the options.",
        startsAt: "Enter a valid date and time.",
        "agenda.0.durationMinutes": "The duration must be between 1 and 600 minutes.",
      });
    });

    it.each([
      ["malformed JSON", "application/json", '{"name": "Tavolo",'],
      ["JSON that is not an object or array", "application/json", '"just a string"'],
      ["a form body", "application/x-www-form-urlencoded", "name=Tavolo&territory=Chieri"],
      ["plain text", "text/plain", "Tavolo a Chieri"],
      ["an unsupported charset", "application/json; charset=latin2", '{"name":"Tavolo"}'],
    ])("answers 400, not 500, for %s", async (_case, contentType, body) => {
      const { token } = await userWithToken(app.services);
      const response = await fetch(`${app.url}/api/v1/roundtables`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": contentType },
        body,
      });
      const json = await response.json();
      expect(response.status).toBe(400);
      expect(errorJson.parse(json).error.code).toBe("invalid");
    });

    it("answers 400 naming the body as a whole when it is a JSON array", async () => {
      const { token } = await userWithToken(app.services);
      const body = expectError(await api(app, token, "POST", "/roundtables", "[]"), 400, "invalid");
      expect(body.error.fields).toEqual({ _: "Invalid value." });
    });

    it("answers 400 for an unsupported content encoding", async () => {
      const { token } = await userWithToken(app.services);
      const response = await fetch(`${app.url}/api/v1/roundtables`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "content-encoding": "compress",
        },
        body: '{"name":"Tavolo"}',
      });
      expect(response.status).toBe(400);
      expect(errorJson.parse(await response.json()).error.code).toBe("invalid");
    });

    it.each([
      ["no Authorization header", null],
      ["an empty bearer", "Bearer "],
      ["another scheme", "Basic dXNlcjpwYXNz"],
      ["a made-up token", "Bearer tvl_madeup"],
      ["a session-like token", "Bearer tvs_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"],
      ["a token with spaces", "Bearer tvl_a tvl_b"],
    ])("answers 401 with a Bearer challenge for %s", async (_case, authorization) => {
      const response = await fetch(`${app.url}/api/v1/roundtables`, {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
      const body = errorJson.parse(await response.json());
      expect(body.error).toEqual({
        code: "unauthenticated",
        message: "API token missing or invalid.",
      });
    });

    it("answers 401 once a token is revoked", async () => {
      const { actor, token } = await userWithToken(app.services);
      expect((await api(app, token, "GET", "/roundtables")).status).toBe(200);
      const [listed] = await app.services.accounts.listApiTokens(actor);
      await app.services.accounts.revokeApiToken(actor, listed!.id);
      expectError(await api(app, token, "GET", "/roundtables"), 401, "unauthenticated");
    });

    it("answers 403 to a member who lacks the right", async () => {
      const { token } = await userWithToken(app.services);
      const { id } = await tavolo(token);
      const observer = await memberWithToken(token, id, "observer");
      expectError(
        await api(app, observer.token, "POST", `/roundtables/${id}/organizations`, {
          name: "Comune",
          kind: "municipality",
        }),
        403,
        "forbidden",
      );
      expectError(
        await api(app, observer.token, "POST", `/roundtables/${id}/meetings`, {
          title: "Laboratorio",
          kind: "workshop",
          startsAt: "2026-12-01T18:00",
        }),
        403,
        "forbidden",
      );
    });

    it("answers 404 to an outsider, exactly as for a tavolo that does not exist", async () => {
      const { token } = await userWithToken(app.services);
      const { id } = await tavolo(token);
      const meeting = await api(app, token, "POST", `/roundtables/${id}/meetings`, {
        title: "Laboratorio",
        kind: "workshop",
        startsAt: "2026-12-01T18:00",
      });
      const outsider = await userWithToken(app.services);
      const seen = [];
      for (const [method, path, body] of [
        ["GET", `/roundtables/${id}`],
        ["GET", `/roundtables/${id}/organizations`],
        ["POST", `/roundtables/${id}/organizations`, { name: "X", kind: "other" }],
        ["GET", `/roundtables/${id}/meetings`],
        [
          "POST",
          `/roundtables/${id}/meetings`,
          { title: "X", kind: "workshop", startsAt: "2026-12-01T18:00" },
        ],
        ["GET", `/meetings/${meeting.json.id}`],
        ["GET", `/roundtables/${UNKNOWN_ID}`],
      ] as [string, string, unknown?][]) {
        const response = await api(app, outsider.token, method, path, body);
        seen.push(expectError(response, 404, "not_found"));
      }
      expect(new Set(seen.map((body) => JSON.stringify(body))).size).toBe(1);
    });

    it.each([
      ["an unknown tavolo", `/roundtables/${UNKNOWN_ID}`],
      ["an unknown meeting", `/meetings/${UNKNOWN_ID}`],
      ["a malformed tavolo id", "/roundtables/not-a-uuid"],
      ["a numeric id", "/meetings/123"],
      ["an id with SQL in it", "/roundtables/'%20or%20'1'='1"],
      ["a badly percent-encoded id", "/roundtables/%E0%A4%A"],
      ["a lone percent sign", "/meetings/%"],
      ["an id that is too long", `/roundtables/${UNKNOWN_ID}${"0".repeat(5000)}`],
      ["an unknown path", "/nothing-here"],
      ["a known path with an unknown method", "/roundtables"],
    ])("answers 404, never 500, for %s", async (name, path) => {
      const { token } = await userWithToken(app.services);
      const method = name.includes("unknown method") ? "DELETE" : "GET";
      expectError(await api(app, token, method, path), 404, "not_found");
    });

    it("answers 404 for organisations and meetings of a malformed tavolo id", async () => {
      const { token } = await userWithToken(app.services);
      for (const path of ["/roundtables/nope/organizations", "/roundtables/nope/meetings"]) {
        expectError(await api(app, token, "GET", path), 404, "not_found");
        expectError(
          await api(app, token, "POST", path, { name: "X", kind: "other" }),
          404,
          "not_found",
        );
      }
    });

    it("answers 409 to a second organisation with the same name", async () => {
      const { token } = await userWithToken(app.services);
      const { id } = await tavolo(token);
      const path = `/roundtables/${id}/organizations`;
      expect(
        (await api(app, token, "POST", path, { name: "Comune di Chieri", kind: "municipality" }))
          .status,
      ).toBe(201);
      const body = expectError(
        await api(app, token, "POST", path, { name: "comune di chieri", kind: "other" }),
        409,
        "conflict",
      );
      expect(body.error.fields).toEqual({
        name: "This roundtable already has an organisation with this name.",
      });
    });

    it.each([
      ["over the API's limit", 300 * 1024],
      ["over the server's limit", 1100 * 1024],
    ])("answers 413 to a body %s", async (_case, size) => {
      const { token } = await userWithToken(app.services);
      const response = await api(app, token, "POST", "/roundtables", {
        name: "Tavolo",
        territory: "x".repeat(size),
      });
      expectError(response, 413, "too_large");
    });

    it("answers 413 to an oversized body sent without a length", async () => {
      const { token } = await userWithToken(app.services);
      const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 0) controller.enqueue(new TextEncoder().encode('{"name":"'));
          if (sent >= 20) {
            controller.enqueue(new TextEncoder().encode('"}'));
            controller.close();
            return;
          }
          sent += 1;
          controller.enqueue(chunk);
        },
      });
      const response = await fetch(`${app.url}/api/v1/roundtables`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body,
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(413);
      expect(errorJson.parse(await response.json()).error.code).toBe("too_large");
    });
  });

  describe("the OpenAPI document", () => {
    const CONTRACT = [
      "get /roundtables",
      "post /roundtables",
      "get /roundtables/{id}",
      "get /roundtables/{id}/organizations",
      "post /roundtables/{id}/organizations",
      "get /roundtables/{id}/meetings",
      "post /roundtables/{id}/meetings",
      "post /cluster",
      "get /meetings/{id}",
      "put /meetings/{id}",
      "get /meetings/{id}/cards",
      "get /meetings/{id}/minutes",
      "post /meetings/{id}/minutes",
      "put /meetings/{id}/minutes",
      "post /meetings/{id}/minutes/finalize",
      "post /meetings/{id}/invites",
      "get /meetings/{id}/invites",
      "delete /meetings/{id}/invites/{inviteId}",
      "get /meetings/{id}/objectives",
      "get /roundtables/{id}/policy-areas",
      "put /roundtables/{id}/policy-areas",
      "get /roundtables/{id}/unheard",
      "get /pact-templates",
      "post /roundtables/{id}/pact-templates",
      "get /roundtables/{id}/pacts",
      "post /roundtables/{id}/pacts",
      "get /pacts/{id}",
      "put /pacts/{id}/sections/{key}",
      "post /pacts/{id}/import",
      "post /pacts/{id}/versions",
      "get /pacts/{id}/versions",
      "get /pacts/{id}/versions/{versionId}",
      "get /pacts/{id}/diff",
      "post /pacts/{id}/versions/{versionId}/restore",
      "get /pacts/{id}/history",
      "get /pacts/{id}/comments",
      "post /pacts/{id}/comments",
      "post /pacts/{id}/comments/{threadId}/replies",
      "post /pacts/{id}/comments/{threadId}/resolve",
      "post /pacts/{id}/comments/{threadId}/reopen",
      "delete /pacts/{id}/comments/{threadId}",
      "put /pacts/{id}/guest-comments",
      "get /pacts/{id}/export",
      "post /pacts/{id}/publication",
      "delete /pacts/{id}/publication",
      "get /meetings/{id}/minutes/export",
      "post /pacts/{id}/motions",
      "get /pacts/{id}/motions",
      "get /motions/{id}",
      "post /motions/{id}/ballots",
      "post /motions/{id}/objections",
      "post /motions/{id}/objections/{objectionId}/withdraw",
      "post /motions/{id}/close",
      "get /pacts/{id}/signers",
      "put /organizations/{orgId}/signers",
      "get /pacts/{id}/signatures",
      "post /pacts/{id}/versions/{versionId}/signatures",
      "get /pacts/{id}/signed-files",
      "post /pacts/{id}/versions/{versionId}/signed-files",
      "get /signed-files/{id}",
    ];

    /** Operations whose body is a file, not JSON. */
    const UPLOADS = [
      "post /pacts/{id}/import",
      "post /pacts/{id}/versions/{versionId}/signed-files",
    ];

    async function openApi() {
      const response = await fetch(`${app.url}/api/v1/openapi.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      return (await response.json()) as any;
    }

    it("is OpenAPI 3.1, served without a token", async () => {
      const document = await openApi();
      expect(document.openapi).toMatch(/^3\.1\.\d+$/);
      expect(document.info).toMatchObject({
        title: expect.any(String),
        version: expect.any(String),
      });
      expect(document.servers).toEqual([{ url: "/api/v1" }]);
      expect(document.components.securitySchemes.bearer).toEqual({
        type: "http",
        scheme: "bearer",
      });
      expect(document.security).toEqual([{ bearer: [] }]);
    });

    it("lists every operation of the contract with its method, and no other", async () => {
      const document = await openApi();
      const operations = Object.entries(document.paths as Record<string, object>).flatMap(
        ([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`),
      );
      expect(operations.sort()).toEqual([...CONTRACT].sort());
    });

    it("describes each operation: unique id, path parameters, body, responses", async () => {
      const document = await openApi();
      const ids = new Set<string>();
      for (const entry of CONTRACT) {
        const [method, path] = entry.split(" ") as [string, string];
        const operation = document.paths[path][method];
        expect(operation.summary, entry).toEqual(expect.any(String));
        expect(ids.has(operation.operationId), entry).toBe(false);
        ids.add(operation.operationId);
        const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect((operation.parameters ?? []).map((p: any) => [p.name, p.in, p.required])).toEqual(
          names.map((name) => [name, "path", true]),
        );
        if (UPLOADS.includes(entry)) {
          for (const body of Object.values(operation.requestBody.content) as any[])
            expect(body.schema, entry).toMatchObject({ type: "string", format: "binary" });
          expect(operation.responses["201"] ?? operation.responses["200"], entry).toBeDefined();
          expect(operation.responses["400"], entry).toBeDefined();
        } else if (method === "post" || method === "put") {
          expect(operation.requestBody.content["application/json"].schema.type, entry).toBe(
            "object",
          );
          expect(operation.responses["201"] ?? operation.responses["200"], entry).toBeDefined();
          expect(operation.responses["400"], entry).toBeDefined();
        } else {
          expect(operation.requestBody, entry).toBeUndefined();
          expect(operation.responses["200"], entry).toBeDefined();
        }
        for (const status of ["401", "429", ...(names.length ? ["403", "404"] : [])]) {
          expect(
            operation.responses[status]?.content["application/json"].schema,
            `${entry} ${status}`,
          ).toEqual({
            $ref: "#/components/schemas/Error",
          });
        }
      }
    });

    it("describes the bodies the API accepts", async () => {
      const document = await openApi();
      const meetingBody =
        document.paths["/roundtables/{id}/meetings"].post.requestBody.content["application/json"]
          .schema;
      expect([...meetingBody.required].sort()).toEqual(["kind", "startsAt", "title"]);
      expect(meetingBody.properties.kind.enum).toEqual(["workshop", "listening"]);
      expect(meetingBody.properties.agenda.type).toBe("array");
      expect(document.components.schemas.Error.properties.error.required.sort()).toEqual([
        "code",
        "message",
      ]);
    });

    it("resolves every $ref it uses", async () => {
      const document = await openApi();
      const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of new Set(refs)) {
        const target = ref
          .replace(/^#\//, "")
          .split("/")
          .reduce((node: any, key) => node?.[key], document);
        expect(target, ref).toBeDefined();
      }
    });
  });

  describe("rate limits", () => {
    let limited: TestApp;
    beforeAll(async () => {
      limited = await startTestApp({
        rateLimits: { ...createRateLimits(), api: new RateLimiter({ limit: 3, windowMs: 60_000 }) },
      });
    });
    afterAll(async () => {
      await limited.close();
    });

    it("answers 429 with Retry-After once a token is over its limit, other tokens unaffected", async () => {
      const busy = await userWithToken(limited.services);
      for (let i = 0; i < 3; i++) {
        expect((await api(limited, busy.token, "GET", "/roundtables")).status).toBe(200);
      }
      const refused = await api(limited, busy.token, "GET", "/roundtables");
      expectError(refused, 429, "rate_limited");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);

      const calm = await userWithToken(limited.services);
      expect((await api(limited, calm.token, "GET", "/roundtables")).status).toBe(200);
    });
  });
});
