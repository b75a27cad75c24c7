-- CreateTable
CREATE TABLE "DataTask" (
    "name" TEXT NOT NULL,
    "doneAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DataTask_pkey" PRIMARY KEY ("name")
);

