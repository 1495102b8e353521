// The one error shape: services throw AppError, the API and forms render it.

export const ERROR_STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** Field name → message key in the catalogues (e.g. "validation.required"). */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** A catalogue key for the message, so forms can show it in the user's language. */
  readonly messageKey: string;
  readonly fields?: FieldErrors;
  /** Values for the message's `{placeholders}` (e.g. who already signed). */
  readonly vars?: Record<string, string | number>;

  constructor(
    code: ErrorCode,
    messageKey: string,
    fields?: FieldErrors,
    vars?: Record<string, string | number>,
  ) {
    super(messageKey);
    this.name = "AppError";
    this.code = code;
    this.messageKey = messageKey;
    this.fields = fields;
    this.vars = vars;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/**
 * Structural, not `instanceof`: the Remix bundle and the server load core/ as separate module
 * copies, so an AppError thrown by a service is not an instance of the bundle's class.
 */
export function isAppError(error: unknown): error is AppError {
  return (
    error instanceof Error &&
    error.name === "AppError" &&
    typeof (error as AppError).code === "string" &&
    (error as AppError).code in ERROR_STATUS
  );
}
