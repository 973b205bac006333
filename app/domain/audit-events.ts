/**
 * Every action code the app writes to the audit log, and how an event becomes a sentence in the
 * reader's language. Codes stay stable in the database; words live in the catalogues
 * (organizer.json → audit.event.<code with _ for .>, audit.name.<…> for the filter).
 * Adding an audit() call with a new code fails typecheck until the code is listed here, and the
 * unit test fails until both catalogues have its sentence.
 */
import { formatNumber } from "./format.ts";
import { autoReason, tieReason } from "./stored-reasons.ts";

export const AUDIT_ACTIONS = [
  "assignments.generate",
  "assignment.add",
  "assignment.override",
  "assignment.remove",
  "agency.create",
  "agency.update",
  "agency.delete",
  "category.create",
  "category.update",
  "category.delete",
  "contest.create",
  "contest.phase",
  "contest.rules",
  "contest.two_factor",
  "criterion.create",
  "criterion.update",
  "criterion.delete",
  "entry.create",
  "entry.update",
  "entry.delete",
  "entry.status",
  "entry.register_mailed",
  "entry.import_csv",
  "entry.file.add",
  "entry.file.remove",
  "judge.invite",
  "judge.accept",
  "judge.scope",
  "judge.remove",
  "judge.recuse",
  "judge.abstain",
  "judge.conflict",
  "organizer.grant",
  "organizer.revoke",
  "outbox.requeue",
  "round.create",
  "round.update",
  "round.delete",
  "round.open",
  "round.close",
  "score.submit",
  "score.reopen",
  "score.import",
  "tie.resolve",
  "tier.create",
  "tier.update",
  "tier.delete",
  "user.register",
  "user.verify_email",
  "user.reset_password",
  "user.change_password",
  "user.create_admin",
  "user.data_export",
  "user.erasure",
  "user.sign_out_everywhere",
  "user.two_factor.enable",
  "user.two_factor.disable",
  "user.two_factor.reset",
  "user.two_factor.recovery_codes",
  "user.two_factor.recovery_code_used",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(v: string): v is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(v);
}

/** Catalogue keys are flat: "user.two_factor.enable" → "user_two_factor_enable". */
export const auditKey = (action: string) => action.replace(/\./g, "_");

type Json = Record<string, unknown>;
export interface AuditEventLike {
  action: string;
  actorName: string | null;
  targetType: string;
  targetId: string;
  entryId: string | null;
  before: unknown;
  after: unknown;
}

/** Names the server looked up for the ids an event mentions. */
export interface AuditNames {
  entry(id: string): string | undefined;
  user(id: string): string | undefined;
  round(id: string): string | undefined;
  category(id: string): string | undefined;
  tier(id: string): string | undefined;
  criterion(id: string): string | undefined;
}

export type Translate = (key: string, params?: Record<string, unknown>) => string;

const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? (v.flat(2) as unknown[]).filter((x): x is string => typeof x === "string") : [];

/** Every id an event points at, so the server can fetch the names in one query per table. */
export function auditIds(e: AuditEventLike): {
  entries: string[];
  users: string[];
  rounds: string[];
  categories: string[];
  tiers: string[];
  criteria: string[];
} {
  const a = obj(e.after);
  const b = obj(e.before);
  const by = (type: string) => (e.targetType === type ? [e.targetId] : []);
  return {
    entries: [...(e.entryId ? [e.entryId] : []), ...by("Entry"), ...strs(a.order), ...strs(b.entryIds)],
    users: [...by("User"), str(a.userId), str(b.userId), str(a.judgeId), str(b.judgeId)].filter(Boolean),
    rounds: [...by("Round"), str(a.roundId), str(b.roundId), ...strs(a.roundIds)].filter(Boolean),
    categories: [...by("Category"), str(a.categoryId), ...strs(a.categoryIds)].filter(Boolean),
    tiers: by("PrizeTier"),
    criteria: by("Criterion"),
  };
}

/** A name kept in the event itself (a deleted round, tier…), in the reader's language. */
function ownName(locale: string, ...sources: Json[]): string {
  for (const s of sources) {
    const n = locale === "en" ? str(s.nameEn) || str(s.nameVi) : str(s.nameVi);
    if (n) return n;
    if (str(s.name)) return str(s.name);
  }
  return "";
}

/**
 * The sentence of one event, e.g. "Nguyễn Văn Tổ Chức chuyển tác phẩm BI-001 từ “Đã nộp” sang
 * “Đủ điều kiện”. Lý do: …". `t` reads the organizer catalogue in the reader's language.
 */
export function auditSentence(e: AuditEventLike, names: AuditNames, t: Translate, locale: string): string {
  const a = obj(e.after);
  const b = obj(e.before);
  const unknown = t("audit.unknown");
  const entryId = e.entryId ?? (e.targetType === "Entry" ? e.targetId : "");
  const roundId = e.targetType === "Round" ? e.targetId : str(a.roundId) || str(b.roundId);
  const categoryId = e.targetType === "Category" ? e.targetId : str(a.categoryId);
  const userId = e.targetType === "User" ? e.targetId : str(a.userId) || str(b.userId);
  const list = (ids: string[], find: (id: string) => string | undefined) =>
    ids.length ? ids.map((id) => find(id) ?? unknown).join(", ") : t("judges.all");
  const label = (group: string, code: unknown) =>
    str(code) ? t(`${group}.${str(code)}`, { defaultValue: str(code) }) : "";
  const params: Record<string, unknown> = {
    actor: e.actorName || t("audit.system"),
    entry: (entryId && names.entry(entryId)) || str(a.code) || str(a.title) || str(b.title) || unknown,
    round: (roundId && names.round(roundId)) || ownName(locale, b, a) || unknown,
    category: (categoryId && names.category(categoryId)) || ownName(locale, b, a) || unknown,
    tier: (e.targetType === "PrizeTier" && names.tier(e.targetId)) || ownName(locale, b, a) || unknown,
    criterion: (e.targetType === "Criterion" && names.criterion(e.targetId)) || ownName(locale, b, a) || unknown,
    user: (userId && names.user(userId)) || str(a.email) || unknown,
    judge: ((str(a.judgeId) || str(b.judgeId)) && names.user(str(a.judgeId) || str(b.judgeId))) || unknown,
    agency: str(a.name) || str(b.name),
    overrideReason: str(a.overrideReason),
    email: str(a.email) || str(a.to),
    file: str(a.name) || str(b.name),
    categories: list(strs(a.categoryIds), names.category),
    rounds: list(strs(a.roundIds), names.round),
    entries: (strs(a.order).length ? strs(a.order) : strs(b.entryIds))
      .map((id) => names.entry(id) ?? unknown)
      .join(", "),
    count: Number(a.rows ?? a.created ?? a.assignmentsRemoved ?? 0),
    removed: Number(a.removed ?? 0),
    total: typeof a.total === "number" ? formatNumber(a.total, locale, 2) : "",
    line: str(a.line),
    changed: Object.keys(a).length,
    from: "",
    to: "",
  };
  if (e.action === "entry.status") {
    params.from = label("status", b.status);
    params.to = label("status", a.status);
  } else if (e.action === "contest.phase") {
    params.from = label("phase", b.phase);
    params.to = label("phase", a.phase);
  } else if (e.action === "contest.two_factor") {
    params.to = t(a.requireTwoFactor ? "audit.on" : "audit.off");
  }
  let sentence = t(`audit.event.${auditKey(e.action)}`, { ...params, defaultValue: "" });
  if (!sentence) sentence = t("audit.event.other", { ...params, action: e.action });
  // Reasons the app wrote are codes (or, in older rows, Vietnamese text): worded for the reader.
  const tie =
    e.action === "tie.resolve"
      ? tieReason({ decision: str(a.decision), reason: str(a.reason), rule: str(a.rule) })
      : { reason: str(a.reason), rule: null };
  const reason = tie.reason.trim();
  if (tie.rule)
    sentence += " " + t("audit.reason", { reason: t(`results:ruleName.${tie.rule}`, { defaultValue: tie.rule }) });
  else if (reason) {
    const auto = autoReason(reason);
    sentence += " " + t("audit.reason", { reason: auto ? t(`audit.autoReason.${auto}`) : reason });
  }
  return sentence;
}
