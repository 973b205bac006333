import { getI18n } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { domainMessageText } from "./messages.server.ts";

/** Words of the organizer pages in the request's language (refusals go through `attempt`). */
export function orgText(request: Request) {
  const i18n = getI18n(getLocale(request));
  return {
    /** A mailed-entry line error "key|value" of the organizer namespace. */
    message: (m: string) => domainMessageText(i18n.t, m, getLocale(request)),
    t: i18n.t.bind(i18n),
  };
}
