import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useAppLinkClick, useCurrentPage } from "#app/components/app-links.tsx";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { ErrorList } from "#app/components/forms.tsx";
import { formatInstant } from "#app/domain/format.ts";

/** Organizer-area building blocks: navigation, checkbox/select/textarea fields, status badges. */
export function OrganizerNav({ slug }: { slug: string }) {
  const { t } = useTranslation("organizer");
  const items = [
    ["", "nav.overview"],
    ["settings", "nav.settings"],
    ["categories", "nav.categories"],
    ["rounds", "nav.rounds"],
    ["entries", "nav.entries"],
    ["mailed", "nav.mailed"],
    ["judges", "nav.judges"],
    ["agencies", "nav.agencies"],
    ["assignments", "nav.assignments"],
    ["results", "nav.results"],
    ["audit", "nav.audit"],
  ] as const;
  // Plain links under one handler: eleven NavLinks were ~12 µs each on every organizer page.
  const onClick = useAppLinkClick();
  const current = useCurrentPage();
  return (
    <nav aria-label={t("nav.label")} className="org-nav" onClick={onClick}>
      <ul>
        {items.map(([path, key]) => {
          const to = `/organizer/${slug}${path ? `/${path}` : ""}`;
          return (
            <li key={key}>
              <a href={to} data-app-link="" aria-current={current(to, !path)}>
                {t(key)}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

type Meta = FieldMetadata<string | number | boolean | undefined | null>;

export function CheckboxField({ label, field, hint }: { label: string; field: Meta; hint?: string }) {
  const props = getInputProps(field as FieldMetadata<boolean>, { type: "checkbox" });
  return (
    <div className="field field--check">
      <input {...props} key={props.key} aria-describedby={hint ? `${field.id}-hint` : undefined} />
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <div id={`${field.id}-hint`} className="hint">
          {hint}
        </div>
      ) : null}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function SelectField({
  label,
  field,
  options,
}: {
  label: string;
  field: Meta;
  options: { value: string; label: string }[];
}) {
  const props = getSelectProps(field as FieldMetadata<string>);
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <select {...props} key={props.key}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextAreaField({
  label,
  field,
  hint,
  rows = 3,
}: {
  label: string;
  field: Meta;
  hint?: string;
  rows?: number;
}) {
  const props = getTextareaProps(field as FieldMetadata<string>, {
    ariaDescribedBy: hint ? `${field.id}-hint` : undefined,
  });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <div id={`${field.id}-hint`} className="hint">
          {hint}
        </div>
      ) : null}
      <textarea {...props} key={props.key} rows={rows} />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation("organizer");
  return (
    <span className="badge" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

/** A polite live region for the result of the last action. */
export function Notice({ children, tone = "ok" }: { children: React.ReactNode; tone?: "ok" | "error" }) {
  if (!children) return null;
  return (
    <div className={`org-notice org-notice--${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/** dd/mm/yyyy HH:mm in the contest's time zone, as everywhere else (app/domain/format.ts). */
export function formatDateTime(iso: string | null, timeZone: string): string {
  return iso ? formatInstant(iso, timeZone) : "";
}
