import { expect, type Page } from "@playwright/test";

export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in from /login and waits for the console to render. */
export async function signIn(page: Page, email: string, password: string, next = "/"): Promise<void> {
  await page.goto(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`);
  await fillSignIn(page, email, password);
  await expect(page.getByTestId("user-menu-button")).toBeVisible();
}

/** A sidebar link by its label (the console's pages belong to other screens; the nav is the shell's). */
export function section(page: Page, label: string) {
  return page.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: label, exact: true });
}
