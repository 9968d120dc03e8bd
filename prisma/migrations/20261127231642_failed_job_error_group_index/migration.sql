-- DropIndex
DROP INDEX "FailedJob_prefix_exceptionClass_errorGroup_failedAt_idx";

-- CreateIndex
CREATE INDEX "FailedJob_prefix_errorGroup_exceptionClass_failedAt_retried_idx" ON "FailedJob"("prefix", "errorGroup", "exceptionClass", "failedAt", "retriedAt");

