// Messages per namespace and language. Each feature keeps its own namespace file so that
// parallel work does not collide in one big file; add new namespaces to both languages.
// One line per namespace below, so merges of parallel work stay trivial.
import viCommon from "./locales/vi/common.json";
import enCommon from "./locales/en/common.json";
import viAuth from "./locales/vi/auth.json";
import enAuth from "./locales/en/auth.json";
import viContest from "./locales/vi/contest.json";
import enContest from "./locales/en/contest.json";
import viOutbox from "./locales/vi/outbox.json";
import enOutbox from "./locales/en/outbox.json";
import viOrganizer from "./locales/vi/organizer.json";
import enOrganizer from "./locales/en/organizer.json";

export const resources = {
  vi: {
    common: viCommon,
    auth: viAuth,
    contest: viContest,
    outbox: viOutbox,
    organizer: viOrganizer,
  },
  en: {
    common: enCommon,
    auth: enAuth,
    contest: enContest,
    outbox: enOutbox,
    organizer: enOrganizer,
  },
} as const;
