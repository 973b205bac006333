import { CATEGORY_ORDER } from "../shared/category-order.server.ts";
import { announcementMail } from "#emails/announcement/results.ts";
import type { Db } from "../shared/db.server.ts";
import { appUrl } from "../shared/env.server.ts";
import { DomainError } from "../shared/errors.server.ts";
import { enqueueMail } from "../shared/mail.server.ts";
import { decidedRanks, syncAwards } from "./results.server.ts";
import { changeContestPhase } from "../shared/status.server.ts";
import { pickLocale } from "#app/domain/text.ts";

type Locale = "vi" | "en";
interface Names {
  nameVi: string;
  nameEn: string;
}
interface Win {
  entryId: string;
  title: string;
  code: string;
  category: Names;
  tier: Names;
  amount: number;
  /** The recipient's part of a prize split between co-authors. */
  share?: { amount: number; shareBp: number };
}
const pick = pickLocale;

/**
 * Publishes the results: freezes the awards and payouts, moves the contest to PUBLISHED through
 * the phase service and queues the announcement to every entrant (winners read their prize),
 * all in one transaction — the results and their mails go out together or not at all. Refused
 * while a tie is unresolved or the final round is still open.
 */
export async function publishResults(
  db: Db,
  input: { contestId: string; actorId: string; requestId?: string },
): Promise<{ mails: number; awards: number }> {
  return db.$transaction(
    async (tx) => {
      const results = await syncAwards(tx, input.contestId);
      if (results.contest.phase !== "RESULTS_REVIEW") throw new DomainError("publish_phase");
      if (results.finalRound?.status !== "CLOSED") throw new DomainError("final_round_open");
      if (results.unresolvedTies > 0) {
        throw new DomainError("ties_unresolved", { count: results.unresolvedTies });
      }
      await changeContestPhase(tx, {
        contestId: input.contestId,
        to: "PUBLISHED",
        actorId: input.actorId,
        requestId: input.requestId,
      });

      const contest = await tx.contest.findUniqueOrThrow({ where: { id: input.contestId } });
      const entrants = await tx.entry.findMany({
        where: { contestId: input.contestId, status: { in: ["SUBMITTED", "ELIGIBLE", "INELIGIBLE"] } },
        select: {
          id: true,
          code: true,
          title: true,
          submitterId: true,
          submitter: { select: { email: true, name: true, locale: true } },
          category: { select: { nameVi: true, nameEn: true } },
          authors: {
            select: {
              id: true,
              email: true,
              fullName: true,
              shareBp: true,
              userId: true,
              user: { select: { locale: true } },
            },
          },
          award: {
            select: {
              amount: true,
              tier: { select: { nameVi: true, nameEn: true } },
              payouts: { select: { authorId: true, amount: true } },
            },
          },
        },
      });
      // A co-author without an account of their own still has a language if their address has one.
      const emails = [
        ...new Set(entrants.flatMap((e) => e.authors.map((a) => a.email.trim().toLowerCase()).filter(Boolean))),
      ];
      const localeByEmail = new Map(
        (await tx.user.findMany({ where: { email: { in: emails } }, select: { email: true, locale: true } })).map(
          (u) => [u.email.toLowerCase(), u.locale],
        ),
      );
      // One mail per address, listing every prize that address shares in.
      const people = new Map<string, { name: string; locale: Locale; wins: Win[] }>();
      const add = (email: string, name: string, locale: string, win?: Win) => {
        const key = email.trim().toLowerCase();
        if (!key) return;
        let p = people.get(key);
        if (!p) people.set(key, (p = { name, locale: locale === "en" ? "en" : "vi", wins: [] }));
        if (win && !p.wins.some((w) => w.entryId === win.entryId)) p.wins.push(win);
      };
      for (const e of entrants) {
        const award = e.award;
        const win = award
          ? {
              entryId: e.id,
              title: e.title,
              code: e.code ?? "",
              category: e.category,
              tier: award.tier,
              amount: award.amount,
            }
          : undefined;
        // What the author lines of one address receive: their own share, not the whole prize.
        const shareOf = (isMine: (a: (typeof e.authors)[number]) => boolean): Win["share"] => {
          if (!award) return undefined;
          const mine = e.authors.filter(isMine);
          if (mine.length === 0) return undefined;
          const amount = award.payouts
            .filter((p) => mine.some((a) => a.id === p.authorId))
            .reduce((s, p) => s + p.amount, 0);
          return amount === award.amount ? undefined : { amount, shareBp: mine.reduce((s, a) => s + a.shareBp, 0) };
        };
        const same = (x: string, y: string) => x.trim().toLowerCase() === y.trim().toLowerCase();
        add(
          e.submitter.email,
          e.submitter.name,
          e.submitter.locale,
          win && {
            ...win,
            share: shareOf((a) => a.userId === e.submitterId || (!!a.email && same(a.email, e.submitter.email))),
          },
        );
        // Co-authors hear about a prize they share in; entrants who did not win hear from the submitter's mail.
        if (win) {
          for (const a of e.authors) {
            if (a.email)
              add(a.email, a.fullName, a.user?.locale ?? localeByEmail.get(a.email.trim().toLowerCase()) ?? "vi", {
                ...win,
                share: shareOf((x) => !!x.email && same(x.email, a.email)),
              });
          }
        }
      }
      const resultsUrl = `${appUrl()}/contests/${contest.slug}/results`;
      for (const [email, p] of people) {
        const message = announcementMail({
          locale: p.locale,
          name: p.name,
          contestName: pick(p.locale, contest.nameVi, contest.nameEn),
          resultsUrl,
          wins: p.wins.map((w) => ({
            title: w.title,
            code: w.code,
            category: pick(p.locale, w.category.nameVi, w.category.nameEn),
            prize: pick(p.locale, w.tier.nameVi, w.tier.nameEn),
            amount: w.amount,
            share: w.share,
          })),
        });
        await enqueueMail(tx, {
          to: email,
          template: "announcement/results",
          locale: p.locale,
          message,
          dedupeKey: `announcement:${contest.id}:${email}`,
        });
      }
      const awards = results.categories.reduce((s, c) => s + c.allocation.awards.length, 0);
      return { mails: people.size, awards };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

export interface PublicResults {
  contest: { slug: string; name: string; publishedAt: string | null; timeZone: string };
  categories: {
    code: string;
    name: string;
    total: number;
    /** In ranking order; `rank` follows the final round's ranking with tie decisions applied. */
    prizes: {
      rank: number | null;
      tier: string;
      tierPosition: number;
      amount: number;
      entry: { code: string; title: string; outlet: string; authors: string[] };
    }[];
    /** Prizes of the category's table that no entry received, tier by tier. */
    unawarded: { tier: string; tierPosition: number; count: number }[];
  }[];
  total: number;
}

/** Published results for the public page and the JSON API; null before publication. */
export async function publicResults(db: Db, slug: string, locale: Locale): Promise<PublicResults | null> {
  const contest = await db.contest.findFirst({
    where: { slug, phase: "PUBLISHED" },
    include: {
      categories: {
        orderBy: CATEGORY_ORDER,
        select: {
          id: true,
          code: true,
          nameVi: true,
          nameEn: true,
          prizeTiers: {
            orderBy: { position: "asc" },
            select: { id: true, position: true, count: true, nameVi: true, nameEn: true },
          },
        },
      },
    },
  });
  if (!contest) return null;
  const [awards, published, ranks] = await Promise.all([
    db.award.findMany({
      where: { contestId: contest.id },
      select: {
        categoryId: true,
        tierId: true,
        entryId: true,
        amount: true,
        tier: { select: { position: true, nameVi: true, nameEn: true } },
        entry: {
          select: {
            code: true,
            title: true,
            outlet: true,
            authors: { orderBy: { position: "asc" }, select: { fullName: true, penName: true } },
          },
        },
      },
    }),
    db.auditEvent.findFirst({
      where: { contestId: contest.id, action: "contest.phase", targetId: contest.id },
      orderBy: { id: "desc" },
      select: { createdAt: true },
    }),
    decidedRanks(db, contest.id),
  ]);
  const rankOf = (entryId: string) => ranks.get(entryId) ?? null;
  const categories = contest.categories.map((c) => {
    const mine = awards.filter((a) => a.categoryId === c.id);
    const prizes = mine
      // Tier first, then the decided ranking: a tie decision's order shows within a tier too.
      .sort(
        (a, b) =>
          a.tier.position - b.tier.position ||
          (rankOf(a.entryId) ?? Infinity) - (rankOf(b.entryId) ?? Infinity) ||
          (a.entry.code ?? "").localeCompare(b.entry.code ?? ""),
      )
      .map((a) => ({
        rank: rankOf(a.entryId),
        tier: pick(locale, a.tier.nameVi, a.tier.nameEn),
        tierPosition: a.tier.position,
        amount: a.amount,
        entry: {
          code: a.entry.code ?? "",
          title: a.entry.title,
          outlet: a.entry.outlet,
          authors: a.entry.authors.map((x) => (x.penName ? `${x.fullName} (${x.penName})` : x.fullName)),
        },
      }));
    // Awards never exceed a tier's count (a tie across its end is decided before publication).
    const unawarded = c.prizeTiers
      .map((t) => ({
        tier: pick(locale, t.nameVi, t.nameEn),
        tierPosition: t.position,
        count: t.count - mine.filter((a) => a.tierId === t.id).length,
      }))
      .filter((u) => u.count > 0);
    return {
      code: c.code,
      name: pick(locale, c.nameVi, c.nameEn),
      total: prizes.reduce((s, p) => s + p.amount, 0),
      prizes,
      unawarded,
    };
  });
  return {
    contest: {
      slug: contest.slug,
      name: pick(locale, contest.nameVi, contest.nameEn),
      publishedAt: published?.createdAt.toISOString() ?? null,
      timeZone: contest.timeZone,
    },
    categories,
    total: categories.reduce((s, c) => s + c.total, 0),
  };
}
