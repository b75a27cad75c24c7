-- PostgreSQL twin of prisma/migrations/20261126071542_init: its change is part of 20261126073456_shop_activation.
SELECT 1;
