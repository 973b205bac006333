-- AlterTable
ALTER TABLE "Score" ADD COLUMN     "weightedTotal" DOUBLE PRECISION;

-- Sheets submitted before this column existed get their total now (Σ value × weight, the
-- same sum the aggregates used to compute on every read); drafts stay null.
UPDATE "Score" s SET "weightedTotal" = t."total"
FROM (
  SELECT v."scoreId", SUM(v."value" * c."weight")::float8 AS "total"
  FROM "ScoreValue" v JOIN "Criterion" c ON c."id" = v."criterionId"
  GROUP BY v."scoreId"
) t
WHERE t."scoreId" = s."id" AND s."status" = 'SUBMITTED';
