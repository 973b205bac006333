import type { MailLocale } from "../layout.ts";

/** What a submission receipt states: shared by the receipt mail and its PDF. */
export interface ReceiptData {
  locale: MailLocale;
  code: string;
  contestName: string;
  categoryName: string;
  title: string;
  outlet: string;
  kind: "SINGLE" | "SERIES";
  submitterName: string;
  /** dd/mm/yyyy HH:mm, Vietnam time. */
  submittedAt: string;
  /** dd/mm/yyyy HH:mm, the last minute of the deadline day, Vietnam time. */
  deadline: string;
  parts: {
    position: number;
    title: string;
    publishedOn: string;
    url: string;
    files: { name: string; size: string; sha256: string }[];
  }[];
  authors: { fullName: string; penName: string; agency: string; share: string }[];
  editUrl: string;
}

export function receiptLines(d: ReceiptData): { label: string; value: string }[] {
  const vi = d.locale === "vi";
  return [
    { label: vi ? "Mã tác phẩm" : "Entry code", value: d.code },
    { label: vi ? "Giải" : "Award", value: d.contestName },
    { label: vi ? "Thể loại" : "Category", value: d.categoryName },
    { label: vi ? "Tên tác phẩm" : "Title", value: d.title },
    { label: vi ? "Cơ quan đăng, phát" : "Outlet", value: d.outlet },
    {
      label: vi ? "Hình thức" : "Kind",
      value:
        d.kind === "SERIES"
          ? vi
            ? `Loạt bài (${d.parts.length} kỳ)`
            : `Series (${d.parts.length} parts)`
          : vi
            ? "Tác phẩm đơn"
            : "Single work",
    },
    {
      label: vi ? "Thời điểm nộp" : "Submitted at",
      value: `${d.submittedAt} (${vi ? "giờ Việt Nam" : "Vietnam time"})`,
    },
  ];
}

export function partLine(d: ReceiptData, p: ReceiptData["parts"][number]): string {
  const vi = d.locale === "vi";
  const head = `${vi ? "Kỳ" : "Part"} ${p.position}${p.title ? ` — ${p.title}` : ""}: ${vi ? "đăng/phát ngày" : "published"} ${p.publishedOn}`;
  return [head, p.url, ...p.files.map((f) => `${f.name} (${f.size}, sha256 ${f.sha256.slice(0, 16)}…)`)]
    .filter(Boolean)
    .join(" · ");
}

export function authorLine(d: ReceiptData, a: ReceiptData["authors"][number]): string {
  const pen = a.penName ? ` (${d.locale === "vi" ? "bút danh" : "pen name"} ${a.penName})` : "";
  return `${a.fullName}${pen}${a.agency ? `, ${a.agency}` : ""} — ${a.share}`;
}
