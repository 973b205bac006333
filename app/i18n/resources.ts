// Messages per namespace and language. Each feature keeps its own namespace file so that
// parallel work does not collide in one big file; add new namespaces to both languages.
import viCommon from "./locales/vi/common.json";
import enCommon from "./locales/en/common.json";
import viContest from "./locales/vi/contest.json";
import enContest from "./locales/en/contest.json";

export const resources = {
  vi: { common: viCommon, contest: viContest },
  en: { common: enCommon, contest: enContest },
} as const;
