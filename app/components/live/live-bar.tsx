// The strip every live view shows: the meeting's status and step, what the step opens, the timer
// (the same on every screen), and whether this device is connected.
import { useEffect, useRef, useState } from "react";
import { capabilitiesOf } from "../../../core/live";
import type { LiveMeeting } from "../../collab/use-live";
import { useI18n } from "../../i18n/use-i18n";
import { formatRemaining, useCountdown } from "./use-countdown";

/** A short double beep through WebAudio (no file to load); silently nothing where unsupported. */
function beep(): void {
  try {
    const audio = new AudioContext();
    for (const [start, frequency] of [
      [0, 880],
      [0.25, 660],
    ] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, audio.currentTime + start);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + start + 0.2);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(audio.currentTime + start);
      oscillator.stop(audio.currentTime + start + 0.2);
    }
    window.setTimeout(() => void audio.close(), 800);
  } catch {
    // No audio on this device: the visual cue is enough.
  }
}

export function LiveBar({ live }: { live: LiveMeeting }) {
  const { t } = useI18n();
  const state = live.state;
  const remaining = useCountdown(state?.timer, live.clockOffsetMs);
  const [sound, setSound] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const timeUp = remaining === 0 && state?.timer.kind === "running";

  // Say the step aloud when it changes (not on the first state: the page already shows it).
  const stepKey = state ? `${state.status}:${state.step?.id ?? ""}` : null;
  const previousStep = useRef<string | null>(null);
  useEffect(() => {
    if (!state || stepKey === null) return;
    if (previousStep.current !== null && previousStep.current !== stepKey) {
      setAnnouncement(
        state.step
          ? t("live_bar.announce_step", { title: state.step.title })
          : t(`live_bar.status_${state.status}`),
      );
    }
    previousStep.current = stepKey;
  }, [stepKey, state, t]);

  const wasTimeUp = useRef(false);
  useEffect(() => {
    if (timeUp && !wasTimeUp.current) {
      setAnnouncement(t("live_bar.time_up"));
      if (sound) beep();
    }
    wasTimeUp.current = timeUp;
  }, [timeUp, sound, t]);

  const capabilities = state ? capabilitiesOf(state) : null;
  const opens = [
    capabilities?.writing ? t("live_bar.opens_writing") : null,
    state?.step?.voting && state.status === "live" ? t("live_bar.opens_voting") : null,
  ].filter(Boolean);

  return (
    <section className="live-bar" aria-label={t("live_bar.label")}>
      <div className="live-bar__phase">
        <span className={`live-bar__status live-bar__status--${state?.status ?? "unknown"}`}>
          {state ? t(`live_bar.status_${state.status}`) : t("live_bar.status_unknown")}
        </span>
        {state?.step && (
          <>
            <span className="visually-hidden">{t("live_bar.step")}: </span>
            <span className="live-bar__step">{state.step.title}</span>
          </>
        )}
        {state?.status === "live" && (
          <span className="live-bar__opens">
            {state.boardLocked
              ? t("live_bar.board_locked")
              : opens.length > 0
                ? opens.join(" · ")
                : t("live_bar.opens_nothing")}
          </span>
        )}
      </div>
      <div className="live-bar__clock">
        {remaining !== null && state && (
          <span
            role="timer"
            aria-label={t("live_bar.timer")}
            className={timeUp ? "live-bar__timer live-bar__timer--done" : "live-bar__timer"}
          >
            {formatRemaining(remaining)}
            {state.timer.kind === "paused" && (
              <span className="live-bar__paused"> {t("live_bar.paused")}</span>
            )}
            {timeUp && <span className="live-bar__paused"> {t("live_bar.time_up")}</span>}
          </span>
        )}
        <button
          type="button"
          className="button button--secondary button--small"
          aria-pressed={sound}
          onClick={() => setSound((on) => !on)}
        >
          {t("live_bar.sound")}
        </button>
      </div>
      {/* Always present, so that screen readers announce the change when it is filled. */}
      <p className="live-bar__connection" role="status">
        {live.connected ? null : state ? (
          <span className="live-bar__offline">{t("live_bar.offline")}</span>
        ) : (
          <span>{t("live_bar.connecting")}</span>
        )}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
