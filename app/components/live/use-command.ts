// Sends a facilitator's commands on /live and keeps the last refusal to show in an alert.
import { useCallback, useState } from "react";
import type { LiveCommand } from "../../../core/live";
import type { LiveMeeting } from "../../collab/use-live";
import { useI18n } from "../../i18n/use-i18n";

export interface CommandRunner {
  run(command: LiveCommand): Promise<boolean>;
  /** The server's message for the last refused command (cleared by the next accepted one). */
  error: string | null;
  pending: boolean;
}

export function useCommand(live: LiveMeeting): CommandRunner {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const { command } = live;
  const run = useCallback(
    async (next: LiveCommand) => {
      setPending(true);
      try {
        const reply = await command(next);
        if (reply.ok) {
          setError(null);
          return true;
        }
        setError(reply.error.message === "offline" ? t("console.offline") : reply.error.message);
        return false;
      } finally {
        setPending(false);
      }
    },
    [command, t],
  );
  return { run, error, pending };
}
