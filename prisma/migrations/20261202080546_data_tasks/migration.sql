-- CreateTable
CREATE TABLE "DataTask" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "doneAt" DATETIME NOT NULL
);
