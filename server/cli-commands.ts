// CLI commands as functions of the services: run by `npm run tavolo` directly or through a running server.
import { parseArgs } from "node:util";
import { isAppError } from "../core/errors";
import { translate } from "../core/i18n";
import { CLUSTER_USAGE } from "./cli-cluster";
import type { Services } from "./services";

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export const CLI_USAGE = `Usage: npm run tavolo -- <command> [options]

Commands:
  user:create --email E --name N --password P [--admin]   create an account
  token:create --email E [--name LABEL]                    print a new API token for that account
${CLUSTER_USAGE}`;

function describeError(error: unknown): string {
  if (isAppError(error)) {
    const fields = Object.entries(error.fields ?? {})
      .map(([field, key]) => `  --${field}: ${translate("en", key)}`)
      .join("\n");
    return `${translate("en", error.messageKey)}${fields ? `\n${fields}` : ""}`;
  }
  return error instanceof Error ? error.message : String(error);
}

export async function runCliCommand(services: Services, argv: string[]): Promise<CliResult> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "user:create": {
        const { values } = parseArgs({
          args: rest,
          options: {
            email: { type: "string" },
            name: { type: "string" },
            password: { type: "string" },
            admin: { type: "boolean", default: false },
          },
          strict: true,
        });
        const actor = await services.accounts.createUser({
          email: values.email ?? "",
          name: values.name ?? "",
          password: values.password ?? "",
          isAdmin: values.admin,
        });
        return {
          stdout: `created user ${actor.userId}${actor.isAdmin ? " (admin)" : ""}\n`,
          stderr: "",
          exitCode: 0,
        };
      }
      case "token:create": {
        const { values } = parseArgs({
          args: rest,
          options: { email: { type: "string" }, name: { type: "string" } },
          strict: true,
        });
        if (!values.email)
          return { stdout: "", stderr: "token:create needs --email\n", exitCode: 2 };
        const token = await services.accounts.createApiToken(values.email, values.name ?? "cli");
        return { stdout: `${token}\n`, stderr: "", exitCode: 0 };
      }
      case "help":
      case "--help":
        return { stdout: CLI_USAGE, stderr: "", exitCode: 0 };
      case undefined:
        // A usage error: the usage goes where errors go, so a script reading stdout gets nothing.
        return { stdout: "", stderr: CLI_USAGE, exitCode: 2 };
      default:
        return { stdout: "", stderr: `Unknown command: ${command}\n\n${CLI_USAGE}`, exitCode: 2 };
    }
  } catch (error) {
    return { stdout: "", stderr: `Error: ${describeError(error)}\n`, exitCode: 1 };
  }
}
