// Messages per namespace and language. Each feature keeps its own namespace file so that
// parallel work does not collide in one big file; add new namespaces to both languages.
// One line per namespace below, so merges of parallel work stay trivial.
import viCommon from "./locales/vi/common.json";
import enCommon from "./locales/en/common.json";
import viAuth from "./locales/vi/auth.json";
import enAuth from "./locales/en/auth.json";
import viContest from "./locales/vi/contest.json";
import enContest from "./locales/en/contest.json";
import viAccount from "./locales/vi/account.json";
import enAccount from "./locales/en/account.json";
import viEntry from "./locales/vi/entry.json";
import enEntry from "./locales/en/entry.json";
import viJudging from "./locales/vi/judging.json";
import enJudging from "./locales/en/judging.json";
import viOrganizer from "./locales/vi/organizer.json";
import enOrganizer from "./locales/en/organizer.json";
import viOutbox from "./locales/vi/outbox.json";
import enOutbox from "./locales/en/outbox.json";
import viResults from "./locales/vi/results.json";
import enResults from "./locales/en/results.json";
import viSecurity from "./locales/vi/security.json";
import enSecurity from "./locales/en/security.json";
import viPrivacy from "./locales/vi/privacy.json";
import enPrivacy from "./locales/en/privacy.json";
import viRefusals from "./locales/vi/refusals.json";
import enRefusals from "./locales/en/refusals.json";
import viCli from "./locales/vi/cli.json";
import enCli from "./locales/en/cli.json";
import viApi from "./locales/vi/api.json";
import enApi from "./locales/en/api.json";

export const resources = {
  vi: {
    common: viCommon,
    auth: viAuth,
    contest: viContest,
    account: viAccount,
    entry: viEntry,
    judging: viJudging,
    organizer: viOrganizer,
    outbox: viOutbox,
    results: viResults,
    security: viSecurity,
    privacy: viPrivacy,
    refusals: viRefusals,
    cli: viCli,
    api: viApi,
  },
  en: {
    common: enCommon,
    auth: enAuth,
    contest: enContest,
    account: enAccount,
    entry: enEntry,
    judging: enJudging,
    organizer: enOrganizer,
    outbox: enOutbox,
    results: enResults,
    security: enSecurity,
    privacy: enPrivacy,
    refusals: enRefusals,
    cli: enCli,
    api: enApi,
  },
} as const;
