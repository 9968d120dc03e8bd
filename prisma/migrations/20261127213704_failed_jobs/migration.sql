-- CreateTable
CREATE TABLE "FailedJob" (
    "uuid" UUID NOT NULL,
    "prefix" TEXT NOT NULL,
    "connection" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "jobName" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "exceptionClass" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "stack" TEXT,
    "attempts" INTEGER NOT NULL,
    "failReason" TEXT NOT NULL,
    "failedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retriedAt" TIMESTAMP(3),
    "retriedBy" TEXT,
    "retriedJobId" TEXT,

    CONSTRAINT "FailedJob_pkey" PRIMARY KEY ("uuid")
);

-- CreateIndex
CREATE INDEX "FailedJob_prefix_queue_failedAt_idx" ON "FailedJob"("prefix", "queue", "failedAt");

-- CreateIndex
CREATE INDEX "FailedJob_prefix_failedAt_idx" ON "FailedJob"("prefix", "failedAt");

-- CreateIndex
CREATE INDEX "FailedJob_exceptionClass_idx" ON "FailedJob"("exceptionClass");

-- CreateIndex
CREATE INDEX "FailedJob_jobName_idx" ON "FailedJob"("jobName");

