import { formatNumber } from "#app/domain/format.ts";
import { autoReason } from "#app/domain/stored-reasons.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, SubmitButton } from "#app/components/forms.tsx";
import { formatDateTime, Notice, StatusBadge } from "#app/components/organizer/ui.tsx";
import { formatIsoDate, toIsoDate } from "#app/domain/dates.ts";
import { formatPercent } from "#app/domain/format.ts";
import { notFound } from "#app/server/shared/errors.server.ts";
import { loadOrganizedContest } from "#app/server/organizer/context.server.ts";
import { decideEligibility, getEntryDetail } from "#app/server/organizer/entries.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";
import { orgText } from "#app/server/organizer/i18n.server.ts";
import { attempt, refusalText } from "#app/server/shared/refusals.server.ts";
import { statusOf } from "#app/domain/errors.ts";
import { getLocale } from "#app/i18n/locale.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, contest } = await loadOrganizedContest(request, params.slug);
  const e = await getEntryDetail(db, contest.id, params.entryId ?? "");
  if (!e) throw notFound();
  const file = (f: { id: string; originalName: string; mimeType: string; sizeBytes: bigint }) => ({
    id: f.id,
    name: f.originalName,
    mime: f.mimeType,
    size: Number(f.sizeBytes),
  });
  return {
    slug: contest.slug,
    timeZone: contest.timeZone,
    entry: {
      id: e.id,
      code: e.code,
      title: e.title,
      summary: e.summary,
      outlet: e.outlet,
      kind: e.kind,
      channel: e.channel,
      status: e.status,
      statusReason: e.statusReason,
      flags: e.flags,
      submittedAt: e.submittedAt?.toISOString() ?? null,
      decidedAt: e.decidedAt?.toISOString() ?? null,
      postmarkDate: e.postmarkDate ? toIsoDate(e.postmarkDate) : null,
      receivedDate: e.receivedDate ? toIsoDate(e.receivedDate) : null,
      registeredBy: e.registeredBy?.name ?? null,
      category: e.category.nameVi,
      submitter: e.submitter,
      declaredOriginal: e.declaredOriginal,
      declaredOtherAward: e.declaredOtherAward,
      otherAwardDetails: e.otherAwardDetails,
      parts: e.parts.map((p) => ({
        id: p.id,
        position: p.position,
        title: p.title,
        publishedOn: toIsoDate(p.publishedOn),
        url: p.url,
        files: p.files.map(file),
      })),
      authors: e.authors.map((a) => ({
        id: a.id,
        fullName: a.fullName,
        penName: a.penName,
        agency: a.agency,
        email: a.email,
        share: a.shareBp / 100,
      })),
      files: e.files.map(file),
    },
  };
}

const DecideSchema = z.object({
  decision: z.enum(["ELIGIBLE", "INELIGIBLE"]),
  reason: z.string().trim().max(2000).default(""),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, contest, user } = await loadOrganizedContest(request, params.slug);
  const parsed = DecideSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: orgText(request).t("organizer:invalidForm"), ok: false }, { status: 400 });
  const r = await attempt(request, () =>
    decideEligibility(db, {
      contestId: contest.id,
      entryIds: [params.entryId ?? ""],
      ...parsed.data,
      actorId: user.id,
    }),
  );
  if (!r.ok) return data({ error: r.message, ok: false }, { status: r.status });
  const failed = r.value.failed[0];
  if (failed)
    return data(
      { error: refusalText(failed.refusal, getLocale(request)), ok: false },
      { status: statusOf(failed.refusal.code) },
    );
  return { error: null, ok: true };
}

type FileView = { id: string; name: string; mime: string; size: number };

function Evidence({ slug, entryId, file }: { slug: string; entryId: string; file: FileView }) {
  const { i18n } = useTranslation();
  const src = `/organizer/${slug}/entries/${entryId}/files/${file.id}`;
  // One decimal in the reader's digits ("1,5 MB" / "1.5 MB").
  const size = `${formatNumber(file.size / 1024 / 1024, i18n.language, 1)} MB`;
  return (
    <li className="evidence">
      <a href={`${src}?download=1`}>{file.name}</a>{" "}
      <span className="muted">
        ({file.mime}, {size})
      </span>
      {file.mime.startsWith("audio/") ? <audio controls preload="none" src={src} aria-label={file.name} /> : null}
      {file.mime.startsWith("video/") ? (
        <video controls preload="none" src={src} aria-label={file.name} width={480} />
      ) : null}
      {file.mime.startsWith("image/") ? (
        <img src={src} alt={file.name} loading="lazy" className="evidence__img" />
      ) : null}
    </li>
  );
}

/** One entry as the organizer reviews it: parts, authors, playable evidence, flags and the decision. */
export default function EntryPage() {
  const { t, i18n } = useTranslation("organizer");
  const { entry: e, slug, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  // A reason the app wrote (a withdrawal) is a code, worded in the reader's language.
  const statusReasonText = (reason: string) => {
    const auto = autoReason(reason);
    return auto ? t(`audit.autoReason.${auto}`) : reason;
  };
  return (
    <section>
      <p>
        <Link to={`/organizer/${slug}/entries`}>← {t("entry.back")}</Link>
      </p>
      <h1>
        {e.code ? `${e.code} · ` : ""}
        {e.title}
      </h1>
      <p>
        <StatusBadge status={e.status} /> {e.statusReason ? <span>— {statusReasonText(e.statusReason)}</span> : null}
      </p>
      <dl className="facts">
        <div>
          <dt>{t("entries.category")}</dt>
          <dd>{e.category}</dd>
        </div>
        <div>
          <dt>{t("entry.outlet")}</dt>
          <dd>{e.outlet || "—"}</dd>
        </div>
        <div>
          <dt>{t("entry.kind")}</dt>
          <dd>{t(`kind.${e.kind}`)}</dd>
        </div>
        <div>
          <dt>{t("entries.channel")}</dt>
          <dd>{t(`channel.${e.channel}`)}</dd>
        </div>
        {e.submittedAt ? (
          <div>
            <dt>{t("entries.submittedAt")}</dt>
            <dd>{formatDateTime(e.submittedAt, timeZone)}</dd>
          </div>
        ) : null}
        {e.postmarkDate ? (
          <div>
            <dt>{t("entry.postmark")}</dt>
            <dd>{formatIsoDate(e.postmarkDate)}</dd>
          </div>
        ) : null}
        {e.receivedDate ? (
          <div>
            <dt>{t("entry.received")}</dt>
            <dd>
              {formatIsoDate(e.receivedDate)}
              {e.registeredBy ? ` · ${t("entry.registeredBy", { name: e.registeredBy })}` : ""}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("entry.submitter")}</dt>
          <dd>
            {e.submitter.name} · {e.submitter.email}
            {e.submitter.phone ? ` · ${e.submitter.phone}` : ""}
          </dd>
        </div>
      </dl>
      {e.summary ? <p>{e.summary}</p> : null}
      {e.flags.length ? (
        <div className="card flags" role="note" aria-label={t("entries.flags")}>
          <h2>{t("entries.flags")}</h2>
          <ul>
            {e.flags.map((f) => (
              <li key={f}>{t(`flags.${f}`)}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <h2>{t("entry.parts")}</h2>
      <ol>
        {e.parts.map((p) => (
          <li key={p.id}>
            {p.title ? <strong>{p.title} · </strong> : null}
            {t("entry.publishedOn", { date: formatIsoDate(p.publishedOn) })}
            {p.url ? (
              <>
                {" "}
                ·{" "}
                <a href={p.url} rel="noreferrer noopener" target="_blank">
                  {p.url}
                </a>
              </>
            ) : null}
            {p.files.length ? (
              <ul>
                {p.files.map((f) => (
                  <Evidence key={f.id} slug={slug} entryId={e.id} file={f} />
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      {e.files.length ? (
        <>
          <h2>{t("entry.files")}</h2>
          <ul>
            {e.files.map((f) => (
              <Evidence key={f.id} slug={slug} entryId={e.id} file={f} />
            ))}
          </ul>
        </>
      ) : null}

      <div className="table-scroll" tabIndex={0}>
        <table>
          <caption>{t("entry.authors")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("entry.fullName")}</th>
              <th scope="col">{t("entry.penName")}</th>
              <th scope="col">{t("entry.agency")}</th>
              <th scope="col">Email</th>
              <th scope="col" className="num">
                {t("entry.share")}
              </th>
            </tr>
          </thead>
          <tbody>
            {e.authors.map((a) => (
              <tr key={a.id}>
                <td>{a.fullName}</td>
                <td>{a.penName}</td>
                <td>{a.agency}</td>
                <td>{a.email}</td>
                <td className="num">{formatPercent(a.share, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {e.status !== "WITHDRAWN" && e.status !== "DRAFT" ? (
        <Form method="post" className="card">
          <h2>{t("entry.decide")}</h2>
          <Notice>{result?.ok ? t("entry.decided") : null}</Notice>
          <div className="field">
            <label htmlFor="reason">{t("entries.reason")}</label>
            <textarea id="reason" name="reason" rows={3} aria-describedby="reason-hint" />
            <div id="reason-hint" className="hint">
              {t("entries.reasonHint")}
            </div>
          </div>
          <ErrorList errors={result?.error ? [result.error] : []} />
          <div className="inline-actions">
            <SubmitButton name="decision" value="ELIGIBLE" pending={busy}>
              {t("entries.markEligible")}
            </SubmitButton>
            <SubmitButton name="decision" value="INELIGIBLE" pending={busy} className="btn btn--secondary">
              {t("entries.markIneligible")}
            </SubmitButton>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
