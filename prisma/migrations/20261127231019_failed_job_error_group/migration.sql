-- AlterTable
ALTER TABLE "FailedJob" ADD COLUMN     "errorGroup" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "FailedJob_prefix_exceptionClass_errorGroup_failedAt_idx" ON "FailedJob"("prefix", "exceptionClass", "errorGroup", "failedAt");

