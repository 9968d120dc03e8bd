// Password hashing for console users (bcryptjs: pure JS, no native build step).
import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";
import { AppError } from "../http/app-error";

/** Cost 12 ≈ a quarter second per check here: slow for guessing, fine for a sign-in. */
export const BCRYPT_COST = 12;
export const MIN_PASSWORD_LENGTH = 8;

export class WeakPassword extends AppError {
  override name = "WeakPassword";
  override readonly status = 400;
  override readonly code = "weak_password";
}

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new WeakPassword(`Password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  // bcrypt only uses the first 72 bytes; longer inputs would silently share a hash.
  if (Buffer.byteLength(password, "utf8") > 72) throw new WeakPassword("Password must be at most 72 bytes long.");
}

export async function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  checkPasswordStrength(password);
  return bcrypt.hash(password, cost);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (!hash) return false;
  return bcrypt.compare(password, hash);
}

/** A hash of a random password, compared against when the email is unknown, so timing does not reveal accounts. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= bcrypt.hash(randomBytes(16).toString("hex"), BCRYPT_COST);
  return dummyHash;
}

/** 20 characters from a 56-letter alphabet without look-alikes (~116 bits). */
export function generatePassword(length = 20): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    // Rejection sampling keeps the distribution uniform (256 is not a multiple of 56).
    if (bytes[i] < 224) out += alphabet[bytes[i] % alphabet.length];
  }
  return out.length === length ? out : generatePassword(length);
}
