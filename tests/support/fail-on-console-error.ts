// A test that makes the code log an error fails, unless it expects it (vi.spyOn(console, "error")).
import { afterEach, beforeEach, vi } from "vitest";

let errors: unknown[][] = [];
const original = console.error;

beforeEach(() => {
  errors = [];
  console.error = (...args: unknown[]) => {
    errors.push(args);
    original(...args);
  };
});

afterEach(() => {
  const seen = errors;
  console.error = original;
  if (seen.length > 0 && !vi.isMockFunction(console.error)) {
    throw new Error(
      `console.error was called:\n${seen.map((a) => a.map(String).join(" ")).join("\n")}`,
    );
  }
});
