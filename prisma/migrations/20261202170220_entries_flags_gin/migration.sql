-- CreateIndex
CREATE INDEX "Entry_flags_idx" ON "Entry" USING GIN ("flags");
