import { useEffect, useId, useState } from "react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { DateInput } from "../date-input.tsx";

/** Inputs of the entry editor, wired for screen readers like app/components/forms.tsx. */
export function Errors({ id, errors }: { id: string; errors: string[] }) {
  const { t } = useTranslation();
  if (!errors.length) return null;
  return (
    <div id={id} className="field-error" role="alert">
      {errors.map((e) => (
        <div key={e}>{t(e, { defaultValue: e })}</div>
      ))}
    </div>
  );
}

export function TextField({
  label,
  value,
  onChange,
  errors = [],
  type = "text",
  hint,
  required,
  disabled,
  multiline,
  autoComplete,
  inputMode,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  errors?: string[];
  type?: "text" | "date" | "url" | "email" | "text-decimal";
  hint?: string;
  required?: boolean;
  disabled?: boolean;
  multiline?: boolean;
  autoComplete?: string;
  inputMode?: "decimal";
}) {
  const { t } = useTranslation();
  const id = useId();
  if (type === "date") hint ??= t("dateField.hint");
  const describedBy =
    [hint ? `${id}-hint` : "", errors.length ? `${id}-err` : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    value,
    disabled,
    required,
    "aria-invalid": errors.length ? true : undefined,
    "aria-describedby": describedBy,
    autoComplete,
  } as const;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      ) : null}
      {multiline ? (
        <textarea {...common} rows={4} onChange={(e) => onChange(e.target.value)} />
      ) : type === "date" ? (
        <DateInput {...common} onValueChange={onChange} />
      ) : (
        <input
          {...common}
          type={type === "text-decimal" ? "text" : type}
          inputMode={inputMode}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <Errors id={`${id}-err`} errors={errors} />
    </div>
  );
}

export function CheckField({
  label,
  checked,
  onChange,
  errors = [],
  disabled,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  errors?: string[];
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="field check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={errors.length ? `${id}-err` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      <Errors id={`${id}-err`} errors={errors} />
    </div>
  );
}

export function DeadlineBanner({
  deadline,
  leftMs: initialLeft,
  open,
  deadlinePassed,
}: {
  deadline: string;
  leftMs: number;
  open: boolean;
  deadlinePassed: boolean;
}) {
  const { t } = useTranslation("entry");
  // Counts down from the server's figure, so the browser's own clock does not matter.
  const [leftMs, setLeft] = useState(initialLeft);
  useEffect(() => {
    const started = Date.now();
    setLeft(initialLeft);
    const timer = setInterval(() => setLeft(Math.max(0, initialLeft - (Date.now() - started))), 30_000);
    return () => clearInterval(timer);
  }, [initialLeft]);
  const totalMinutes = Math.max(0, Math.floor(leftMs / 60_000));
  const left = {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
  };
  return (
    <p className={open ? "deadline-banner" : "deadline-banner deadline-banner--closed"} role="status">
      {/* Three different situations: counting down, the deadline day is over, or the organizers
          stopped taking entries before it (then saying "deadline passed" would be false). */}
      {open && leftMs > 0
        ? t("deadlineBanner", { deadline, ...left })
        : deadlinePassed || leftMs <= 0
          ? t("deadlinePassed", { deadline })
          : t("notAccepting", { deadline })}
    </p>
  );
}
