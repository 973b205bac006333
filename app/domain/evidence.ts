/** Evidence rules of a category (a contest setting): which file kinds, which types, how big. */
import { z } from "zod";

export const FILE_KINDS = ["document", "image", "audio", "video"] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const EvidenceRuleSchema = z.object({
  kind: z.enum(FILE_KINDS),
  /** Sniffed MIME types accepted for this kind, e.g. ["application/pdf"]. */
  mimeTypes: z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/)).min(1),
  maxBytes: z.number().int().positive(),
});
export const EvidenceRulesSchema = z.array(EvidenceRuleSchema);
export type EvidenceRule = z.infer<typeof EvidenceRuleSchema>;

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** The rule that admits a file of this sniffed type, or null. */
export function ruleForMime(rules: readonly EvidenceRule[], mime: string): EvidenceRule | null {
  return rules.find((r) => r.mimeTypes.includes(mime)) ?? null;
}
