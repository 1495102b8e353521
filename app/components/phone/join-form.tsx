// The one question a remote contributor answers before joining: a name (or none) and a group.
import { useId, useState } from "react";
import { CONTRIBUTOR_GROUPS, type ContributorGroup } from "../../../core/domain";
import { useI18n } from "../../i18n/use-i18n";
import { newGuestKey, type GuestProfile } from "./guest-storage";

export function JoinForm({ onJoin }: { onJoin: (profile: GuestProfile) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState("");
  const [anonymous, setAnonymous] = useState(false);
  const [group, setGroup] = useState<ContributorGroup | "">("");
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="card phone__join"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = name.trim();
        if (!anonymous && trimmed === "") {
          setProblem(t("join.name_missing"));
          return;
        }
        if (group === "") {
          setProblem(t("join.group_missing"));
          return;
        }
        onJoin({ name: anonymous ? "" : trimmed, group, guestKey: newGuestKey() });
      }}
    >
      <p>{t("join.lead")}</p>
      <p className="notice notice--error" role="alert" hidden={!problem}>
        {problem}
      </p>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t("join.name")}</label>
        <p className="field__hint" id={`${id}-name-hint`}>
          {t("join.name_hint")}
        </p>
        <input
          id={`${id}-name`}
          name="name"
          maxLength={60}
          autoComplete="nickname"
          disabled={anonymous}
          value={anonymous ? "" : name}
          onChange={(event) => setName(event.target.value)}
          aria-describedby={`${id}-name-hint`}
        />
      </div>
      <div className="field field--checkbox">
        <label>
          <input
            type="checkbox"
            checked={anonymous}
            onChange={(event) => setAnonymous(event.target.checked)}
          />{" "}
          {t("join.anonymous")}
        </label>
      </div>
      <fieldset className="phone__groups">
        <legend>{t("join.group")}</legend>
        {CONTRIBUTOR_GROUPS.map((value) => (
          <label key={value} className="phone__group">
            <input
              type="radio"
              name="group"
              value={value}
              checked={group === value}
              onChange={() => setGroup(value)}
            />{" "}
            {t(`contributor_group.${value}`)}
          </label>
        ))}
      </fieldset>
      <p className="muted">{t("join.privacy")}</p>
      <button type="submit" className="button phone__big-button">
        {t("join.submit")}
      </button>
    </form>
  );
}
