import { describe, expect, it } from "vitest";
import { AppError, ERROR_STATUS, isAppError } from "../../core/errors";
import {
  email,
  inviteInput,
  logInInput,
  meetingInput,
  organizationInput,
  parseInput,
  roundtableInput,
  signUpInput,
} from "../../core/schemas";

/** The field errors parseInput reports for an input, or null when it is accepted. */
function fieldErrors(schema: Parameters<typeof parseInput>[0], input: unknown) {
  try {
    parseInput(schema, input);
    return null;
  } catch (error) {
    if (!isAppError(error)) throw error;
    expect(error.code).toBe("invalid");
    expect(error.messageKey).toBe("error.invalid");
    return error.fields;
  }
}

describe("email addresses", () => {
  it.each([
    ["  Giulia.Ferrero@Example.IT ", "giulia.ferrero@example.it"],
    ["segreteria@comune.chieri.to.it", "segreteria@comune.chieri.to.it"],
  ])("accepts %j as %j", (input, expected) => {
    expect(email.parse(input)).toBe(expected);
  });

  it.each([
    ["", "validation.required"],
    ["   ", "validation.required"],
    ["not-an-email", "validation.email"],
    ["a@b", "validation.email"],
    [`${"a".repeat(250)}@example.it`, "validation.too_long"],
    [undefined, "validation.required"],
    [42, "validation.required"],
  ])("refuses %j with %s", (input, key) => {
    expect(
      fieldErrors(signUpInput, { email: input, name: "N", password: "long-enough-pw" }),
    ).toEqual({
      email: key,
    });
  });
});

describe("sign-up and sign-in input", () => {
  it("trims the name and keeps the password as typed", () => {
    expect(
      parseInput(signUpInput, { email: "a@b.it", name: "  Sara Conti ", password: " 10 chars! " }),
    ).toEqual({ email: "a@b.it", name: "Sara Conti", password: " 10 chars! " });
  });

  it.each([
    [{ password: "short" }, { password: "validation.password_short" }],
    [{ password: "x".repeat(201) }, { password: "validation.too_long" }],
    [{ name: "" }, { name: "validation.required" }],
    [{ name: "x".repeat(81) }, { name: "validation.too_long" }],
  ])("refuses %j", (change, fields) => {
    const base = { email: "a@b.it", name: "Sara", password: "long-enough-pw" };
    expect(fieldErrors(signUpInput, { ...base, ...change })).toEqual(fields);
  });

  it("names every missing field at once", () => {
    expect(fieldErrors(signUpInput, {})).toEqual({
      email: "validation.required",
      name: "validation.required",
      password: "validation.required",
    });
  });

  it("does not ask for a long password to sign in, only a present one", () => {
    expect(parseInput(logInInput, { email: "a@b.it", password: "x" }).password).toBe("x");
    expect(fieldErrors(logInInput, { email: "a@b.it", password: "" })).toEqual({
      password: "validation.required",
    });
  });
});

describe("tavolo and organisation input", () => {
  it("turns an empty description into no description", () => {
    expect(
      parseInput(roundtableInput, { name: "T", territory: "Chieri", description: "  " }),
    ).toEqual({ name: "T", territory: "Chieri", description: undefined });
  });

  it.each([
    [{ name: "Comune", kind: "municipality" }, null],
    [{ name: "Comune", kind: "church" }, { kind: "validation.choice" }],
    [{ name: "", kind: "school" }, { name: "validation.required" }],
    [{ name: "x".repeat(161), kind: "school" }, { name: "validation.too_long" }],
  ])("organisation %j gives %j", (input, fields) => {
    expect(fieldErrors(organizationInput, input)).toEqual(fields);
  });
});

describe("invite input", () => {
  it.each([
    [{ role: "member" }, null],
    [{ role: "member", organizationId: "" }, null],
    [{ role: "member", organizationId: "3f1c9a52-7f0e-4d0b-9d61-2b1f0b5c8e11" }, null],
    [{ role: "admin" }, { role: "validation.choice" }],
    [{ role: "member", organizationId: "nope" }, { organizationId: "validation.choice" }],
    [{ role: "member", note: "x".repeat(121) }, { note: "validation.too_long" }],
  ])("%j gives %j", (input, fields) => {
    expect(fieldErrors(inviteInput, input)).toEqual(fields);
  });

  it("reads an empty organisation as none", () => {
    expect(parseInput(inviteInput, { role: "observer", organizationId: "" }).organizationId).toBe(
      undefined,
    );
  });
});

describe("meeting input", () => {
  const base = { title: "Laboratorio", kind: "workshop", startsAt: "2026-12-01T18:00" };

  it.each([
    ["2026-12-01T18:00", true],
    ["2026-12-01T18:00:30", true],
    ["2026-12-01T18:00:00Z", true],
    ["2026-12-01T18:00:00+01:00", true],
    ["2026-12-01T18:00:00.250+01:00", true],
    ["2026-02-30T18:00", false],
    ["2026-12-01T24:00", false],
    ["2026-12-01", false],
    ["1 dicembre 2026, 18:00", false],
    ["", false],
  ])("start time %j accepted: %s", (startsAt, accepted) => {
    expect(fieldErrors(meetingInput, { ...base, startsAt })).toEqual(
      accepted ? null : { startsAt: "validation.datetime" },
    );
  });

  it.each([
    ["https://meet.example.org/tavolo", true],
    ["http://meet.example.org/tavolo", true],
    ["", true],
    ["javascript:alert(1)", false],
    ["ftp://files.example.org", false],
    ["meet.example.org", false],
  ])("online link %j accepted: %s", (onlineUrl, accepted) => {
    expect(fieldErrors(meetingInput, { ...base, onlineUrl })).toEqual(
      accepted ? null : { onlineUrl: "validation.url" },
    );
  });

  it("keeps agenda items in order, reads form strings as numbers, and defaults what a step opens", () => {
    const data = parseInput(meetingInput, {
      ...base,
      agenda: [
        { title: "Accoglienza", durationMinutes: "15", writing: false },
        { title: "Raccolta", durationMinutes: 40 },
        { title: "Priorità", durationMinutes: 10, writing: false, voting: true, editing: false },
      ],
    });
    expect(data.agenda).toEqual([
      { title: "Accoglienza", durationMinutes: 15, writing: false, voting: false, editing: true },
      { title: "Raccolta", durationMinutes: 40, writing: true, voting: false, editing: true },
      { title: "Priorità", durationMinutes: 10, writing: false, voting: true, editing: false },
    ]);
  });

  it("refuses what a step opens when it is not a boolean", () => {
    expect(
      fieldErrors(meetingInput, {
        ...base,
        agenda: [{ title: "Ok", durationMinutes: 10, voting: "yes" }],
      }),
    ).toHaveProperty(["agenda.0.voting"]);
  });

  it("defaults to an empty agenda", () => {
    expect(parseInput(meetingInput, base).agenda).toEqual([]);
  });

  it("names each bad agenda field by its path", () => {
    expect(
      fieldErrors(meetingInput, {
        ...base,
        agenda: [
          { title: "Ok", durationMinutes: 10 },
          { title: "", durationMinutes: "abc" },
          { title: "Troppo", durationMinutes: 601 },
          { title: "Zero", durationMinutes: 0 },
          { title: "Mezzo", durationMinutes: 1.5 },
        ],
      }),
    ).toEqual({
      "agenda.1.title": "validation.required",
      "agenda.1.durationMinutes": "validation.number",
      "agenda.2.durationMinutes": "validation.duration",
      "agenda.3.durationMinutes": "validation.duration",
      "agenda.4.durationMinutes": "validation.number",
    });
  });

  it("refuses more than fifty agenda items", () => {
    const agenda = Array.from({ length: 51 }, (_, i) => ({ title: `P${i}`, durationMinutes: 5 }));
    expect(fieldErrors(meetingInput, { ...base, agenda })).toEqual({
      agenda: "validation.too_many",
    });
  });

  it("reports a body that is not an object under the field name _", () => {
    expect(fieldErrors(meetingInput, [])).toEqual({ _: "validation.invalid" });
    expect(fieldErrors(meetingInput, null)).toEqual({ _: "validation.invalid" });
  });
});

describe("the one error shape", () => {
  it.each(Object.entries(ERROR_STATUS))("maps %s to HTTP %i", (code, status) => {
    expect(new AppError(code as keyof typeof ERROR_STATUS, "error.invalid").status).toBe(status);
  });

  it("recognises an AppError by its shape, even from another module copy", () => {
    const foreign = Object.assign(new Error("error.not_found"), {
      name: "AppError",
      code: "not_found",
    });
    expect(isAppError(foreign)).toBe(true);
    expect(isAppError(new Error("error.not_found"))).toBe(false);
    expect(isAppError(Object.assign(new Error("x"), { name: "AppError", code: "teapot" }))).toBe(
      false,
    );
    expect(isAppError({ name: "AppError", code: "not_found" })).toBe(false);
  });
});
