-- CreateEnum
CREATE TYPE "ChainStatus" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ChainStepStatus" AS ENUM ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED');

-- CreateEnum
CREATE TYPE "CalcomBookingStatus" AS ENUM ('ACCEPTED', 'PENDING', 'CANCELLED');

-- CreateTable
CREATE TABLE "Batch" (
    "id" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "connection" TEXT NOT NULL,
    "allowFailures" BOOLEAN NOT NULL DEFAULT false,
    "totalJobs" INTEGER NOT NULL DEFAULT 0,
    "pendingJobs" INTEGER NOT NULL DEFAULT 0,
    "failedJobs" INTEGER NOT NULL DEFAULT 0,
    "cancelledJobs" INTEGER NOT NULL DEFAULT 0,
    "failedJobIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "callbacks" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChainRun" (
    "id" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "ChainStatus" NOT NULL DEFAULT 'RUNNING',
    "currentStep" INTEGER NOT NULL DEFAULT 0,
    "failedStep" INTEGER,
    "error" TEXT,
    "catchHandler" TEXT,
    "catchArgs" JSONB,
    "catchDoneAt" TIMESTAMP(3),
    "catchError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ChainRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChainStep" (
    "id" TEXT NOT NULL,
    "chainId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "jobName" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "connection" TEXT,
    "payload" JSONB NOT NULL,
    "jobId" TEXT NOT NULL,
    "status" "ChainStepStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB,
    "error" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ChainStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "callCount" INTEGER NOT NULL,
    "callMinutes" INTEGER NOT NULL,
    "callChargeCents" INTEGER NOT NULL,
    "appointmentCount" INTEGER NOT NULL,
    "appointmentChargeCents" INTEGER NOT NULL,
    "totalCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "batchId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalcomBooking" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "chainId" TEXT,
    "uid" TEXT NOT NULL,
    "status" "CalcomBookingStatus" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "CalcomBooking_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Batch_prefix_createdAt_idx" ON "Batch"("prefix", "createdAt");

-- CreateIndex
CREATE INDEX "ChainRun_prefix_createdAt_idx" ON "ChainRun"("prefix", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChainStep_chainId_index_key" ON "ChainStep"("chainId", "index");

-- CreateIndex
CREATE INDEX "Invoice_month_idx" ON "Invoice"("month");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_companyId_month_key" ON "Invoice"("companyId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "CalcomBooking_appointmentId_key" ON "CalcomBooking"("appointmentId");

-- CreateIndex
CREATE UNIQUE INDEX "CalcomBooking_uid_key" ON "CalcomBooking"("uid");

-- AddForeignKey
ALTER TABLE "ChainStep" ADD CONSTRAINT "ChainStep_chainId_fkey" FOREIGN KEY ("chainId") REFERENCES "ChainRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

