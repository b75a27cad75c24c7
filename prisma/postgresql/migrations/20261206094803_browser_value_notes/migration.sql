-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "keyNotes" TEXT;

-- AlterTable
ALTER TABLE "PixelReceipt" ADD COLUMN     "clientIpKind" TEXT,
ADD COLUMN     "keyNotes" TEXT;

-- CreateIndex
CREATE INDEX "PixelReceipt_shopDomain_receivedAt_idx" ON "PixelReceipt"("shopDomain", "receivedAt");

