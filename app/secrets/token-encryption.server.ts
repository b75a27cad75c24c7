import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getConfig } from "../config.server";

/**
 * AES-256-GCM for secrets Tandem must keep (Meta access tokens, Shopify access tokens).
 * Stored form: "v1:<iv>:<tag>:<ciphertext>", base64url parts. The key is 32 bytes from
 * TOKEN_ENCRYPTION_KEY; a wrong key or altered ciphertext fails loudly (GCM tag check).
 */
const VERSION = "v1";

export type SecretBox = { seal(plaintext: string): string; open(sealed: string): string };

export function createSecretBox(hexKey: string): SecretBox {
  const key = Buffer.from(hexKey, "hex");
  if (key.length !== 32) throw new Error("TOKEN_ENCRYPTION_KEY must be 32 bytes (64 hex characters)");
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext]
        .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
        .join(":");
    },
    open(sealed) {
      const [version, iv, tag, ciphertext] = sealed.split(":");
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("not a sealed secret");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}

export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}:`) && value.split(":").length === 4;
}

let processBox: SecretBox | undefined;

/** The process's box, keyed by TOKEN_ENCRYPTION_KEY. */
export function getSecretBox(): SecretBox {
  processBox ??= createSecretBox(getConfig().TOKEN_ENCRYPTION_KEY);
  return processBox;
}
