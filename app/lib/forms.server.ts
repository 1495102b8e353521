// Runs a form action: AppErrors become a 4xx with per-field catalogue keys; nothing else is caught.
import { data } from "@remix-run/node";
import { isAppError } from "../../core/errors";

export interface FormFailure {
  ok: false;
  formError: string;
  /** Values for the message's `{placeholders}`. */
  formVars?: Record<string, string | number>;
  fields: Record<string, string>;
  values?: Record<string, string>;
}

export async function runForm<T>(
  formData: FormData,
  work: () => Promise<T>,
): Promise<T | ReturnType<typeof data<FormFailure>>> {
  try {
    return await work();
  } catch (error) {
    if (!isAppError(error)) throw error;
    // Echo what was typed (never passwords) so that nothing is lost on an error.
    const values: Record<string, string> = {};
    for (const [key, value] of formData) {
      if (typeof value === "string" && !/password/i.test(key)) values[key] = value;
    }
    return data<FormFailure>(
      {
        ok: false,
        formError: error.messageKey,
        ...(error.vars ? { formVars: error.vars } : {}),
        fields: error.fields ?? {},
        values,
      },
      { status: error.status },
    );
  }
}

export function formObject(formData: FormData): Record<string, string> {
  const object: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string") object[key] = value;
  }
  return object;
}
