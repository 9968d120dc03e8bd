-- AlterTable
ALTER TABLE "FailedJob" ADD COLUMN     "run" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "FailedJob_prefix_queue_jobId_run_key" ON "FailedJob"("prefix", "queue", "jobId", "run");

