import type { Prisma } from "#app/generated/prisma/client.ts";
import { formatIsoDate, isBeforeDeadline, timeLeftMs, toIsoDate } from "#app/domain/dates.ts";
import { isOpenForChanges } from "#app/domain/eligibility.ts";
import { acceptedLabels } from "#app/domain/evidence-labels.ts";
import { formatBytes } from "#app/domain/bytes.ts";
import type { Locale } from "#app/i18n/i18n.ts";
import type { CategoryOption } from "#app/domain/entry-editor.ts";
import { now } from "../shared/clock.server.ts";
import { categoryRulesOf, contestRulesOf } from "./entries.server.ts";

type ContestWithCategories = Prisma.ContestGetPayload<{ include: { categories: true } }>;

/** What the entry editor needs to know about the contest, in the reader's language. */
export function editorContext(contest: ContestWithCategories, locale: Locale) {
  const t = now();
  const rules = contestRulesOf(contest);
  const categories: (CategoryOption & { accepts: { types: string; max: string }; acceptMime: string })[] =
    contest.categories.map((c) => {
      const r = categoryRulesOf(c);
      const mimes = r.evidenceRules.flatMap((x) => x.mimeTypes);
      const max = Math.max(...r.evidenceRules.map((x) => x.maxBytes));
      return {
        id: c.id,
        name: locale === "en" ? c.nameEn || c.nameVi : c.nameVi,
        ...r,
        accepts: { types: acceptedLabels(mimes), max: formatBytes(max, locale) },
        acceptMime: mimes.join(","),
      };
    });
  return {
    contest: {
      slug: contest.slug,
      name: locale === "en" ? contest.nameEn || contest.nameVi : contest.nameVi,
      rules,
      deadline: formatIsoDate(toIsoDate(contest.submissionDeadline)),
      leftMs: timeLeftMs(t, rules.submissionDeadline, rules.timeZone),
      open: isOpenForChanges(rules, t),
      /** The deadline day is over; otherwise a closed contest was closed by its organizers. */
      deadlinePassed: !isBeforeDeadline(t, rules.submissionDeadline, rules.timeZone),
    },
    categories,
    serverNow: t.toISOString(),
  };
}
