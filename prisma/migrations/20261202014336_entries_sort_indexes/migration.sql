-- CreateIndex
CREATE INDEX "Entry_contestId_title_idx" ON "Entry"("contestId", "title");

-- CreateIndex
CREATE INDEX "Entry_contestId_submittedAt_idx" ON "Entry"("contestId", "submittedAt");

-- CreateIndex
CREATE INDEX "Entry_contestId_status_id_idx" ON "Entry"("contestId", "status", "id");
