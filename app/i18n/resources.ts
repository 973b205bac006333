// Messages per namespace and language. Each feature keeps its own namespace file so that
// parallel work does not collide in one big file; add new namespaces to both languages.
// One line per namespace below, so merges of parallel work stay trivial.
import viCommon from "./locales/vi/common.json" with { type: "json" };
import enCommon from "./locales/en/common.json" with { type: "json" };
import viAuth from "./locales/vi/auth.json" with { type: "json" };
import enAuth from "./locales/en/auth.json" with { type: "json" };
import viContest from "./locales/vi/contest.json" with { type: "json" };
import enContest from "./locales/en/contest.json" with { type: "json" };
import viAccount from "./locales/vi/account.json" with { type: "json" };
import enAccount from "./locales/en/account.json" with { type: "json" };
import viEntry from "./locales/vi/entry.json" with { type: "json" };
import enEntry from "./locales/en/entry.json" with { type: "json" };
import viJudging from "./locales/vi/judging.json" with { type: "json" };
import enJudging from "./locales/en/judging.json" with { type: "json" };
import viOrganizer from "./locales/vi/organizer.json" with { type: "json" };
import enOrganizer from "./locales/en/organizer.json" with { type: "json" };
import viOutbox from "./locales/vi/outbox.json" with { type: "json" };
import enOutbox from "./locales/en/outbox.json" with { type: "json" };
import viResults from "./locales/vi/results.json" with { type: "json" };
import enResults from "./locales/en/results.json" with { type: "json" };
import viSecurity from "./locales/vi/security.json" with { type: "json" };
import enSecurity from "./locales/en/security.json" with { type: "json" };
import viPrivacy from "./locales/vi/privacy.json" with { type: "json" };
import enPrivacy from "./locales/en/privacy.json" with { type: "json" };
import viRefusals from "./locales/vi/refusals.json" with { type: "json" };
import enRefusals from "./locales/en/refusals.json" with { type: "json" };
import viCli from "./locales/vi/cli.json" with { type: "json" };
import enCli from "./locales/en/cli.json" with { type: "json" };
import viApi from "./locales/vi/api.json" with { type: "json" };
import enApi from "./locales/en/api.json" with { type: "json" };
import viMail from "./locales/vi/mail.json" with { type: "json" };
import enMail from "./locales/en/mail.json" with { type: "json" };

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
    mail: viMail,
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
    mail: enMail,
  },
} as const;
