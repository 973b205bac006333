-- CreateIndex
CREATE INDEX "Score_roundId_judgeId_idx" ON "Score"("roundId", "judgeId");
