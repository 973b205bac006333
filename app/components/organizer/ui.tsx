import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useCallback } from "react";
import { useLocation, useNavigate, useNavigation } from "@remix-run/react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { ErrorList } from "#app/components/forms.tsx";
import { formatInstant } from "#app/domain/format.ts";

/** Organizer-area building blocks: navigation, checkbox/select/textarea fields, status badges. */
export function OrganizerNav({ slug }: { slug: string }) {
  const { t } = useTranslation("organizer");
  const onLink = useLinkClick();
  // NavLink's rules, worked out once for the 11 items (NavLink's hooks per item were a tenth of
  // the server's rendering of an organizer page): the current item is the page shown or one of
  // its sub-pages (the overview only itself); "pending" marks the one being navigated to.
  const here = useLocation().pathname.toLowerCase();
  const next = useNavigation().location?.pathname.toLowerCase();
  const matches = (at: string | undefined, to: string, end: boolean) =>
    at !== undefined && (at === to || (!end && at.startsWith(`${to}/`)));
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
  return (
    <nav aria-label={t("nav.label")} className="org-nav">
      <ul>
        {items.map(([path, key]) => {
          const to = `/organizer/${slug}${path ? `/${path}` : ""}`;
          const active = matches(here, to.toLowerCase(), !path);
          const pending = matches(next, to.toLowerCase(), !path);
          const className = [active ? "active" : "", pending ? "pending" : ""].filter(Boolean).join(" ");
          return (
            <li key={key}>
              <a
                data-discover="true"
                href={to}
                onClick={onLink}
                aria-current={active ? "page" : undefined}
                className={className || undefined}
              >
                {t(key)}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/**
 * The click handler of a plain `<a data-discover="true" href="/absolute/path">`, which then
 * behaves as Remix's <Link> does: a plain left click navigates client-side (to the same page:
 * replacing the history entry), a modified or middle click is the browser's, and
 * `data-discover` lets Remix find the route ahead of the click. For long lists of links,
 * where <Link>'s hooks per link (path resolution twice, a navigate function, prefetch state)
 * were much of the page's server rendering.
 */
export function useLinkClick(): (e: React.MouseEvent<HTMLAnchorElement>) => void {
  const navigate = useNavigate();
  const location = useLocation();
  const here = `${location.pathname}${location.search}${location.hash}`;
  return useCallback(
    (e: React.MouseEvent<HTMLAnchorElement>) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.altKey || e.ctrlKey || e.shiftKey) return;
      const href = e.currentTarget.getAttribute("href");
      if (!href) return;
      e.preventDefault();
      navigate(href, { replace: href === here });
    },
    [navigate, here],
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
