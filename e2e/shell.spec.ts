// The console frame at phone and desktop widths, by keyboard, in dark mode.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { VIEWER } from "./users";

const SECTIONS = ["Dashboard", "Queues", "Failed jobs", "Batches", "Tags", "Supervisors", "Webhooks", "Metrics", "Audit log"];

test.describe("at 1440 px", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("the sidebar lists every section and marks the current one", async ({ page }) => {
    await signIn(page, VIEWER.email, VIEWER.password);
    const nav = page.getByRole("navigation", { name: "Console sections" });
    await expect(nav.getByRole("link")).toHaveText(SECTIONS);
    await expect(page.getByRole("button", { name: "Menu", exact: true })).toBeHidden();
    await nav.getByRole("link", { name: "Supervisors" }).click();
    await expect(page).toHaveURL(/\/supervisors$/);
    await expect(nav.getByRole("link", { name: "Supervisors" })).toHaveAttribute("aria-current", "page");
    await page.screenshot({ path: "test-results/shell-1440.png" });
  });
});

test.describe("at 375 px", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the navigation collapses behind a Menu button that works by keyboard", async ({ page }) => {
    await signIn(page, VIEWER.email, VIEWER.password);
    const menu = page.getByRole("button", { name: "Menu", exact: true });
    await expect(menu).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Console sections" })).toBeHidden();
    // No horizontal scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await menu.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: "Close", exact: true })).toHaveAttribute("aria-expanded", "true");
    const nav = page.getByRole("navigation", { name: "Console sections" });
    await expect(nav.getByRole("link")).toHaveText(SECTIONS);
    await page.screenshot({ path: "test-results/shell-375-open.png" });

    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
    await expect(page.getByRole("button", { name: "Menu", exact: true })).toBeFocused();

    await page.keyboard.press("Enter");
    await nav.getByRole("link", { name: "Metrics" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/metrics$/);
    await expect(nav).toBeHidden();
  });

  test("the user menu opens, shows the role and closes with Escape", async ({ page }) => {
    await signIn(page, VIEWER.email, VIEWER.password);
    const button = page.getByRole("button", { name: /Viewer/ });
    await button.focus();
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu", { name: "Account" });
    await expect(menu).toContainText("Viewer: may read, not act");
    await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(button).toBeFocused();
  });
});

test.describe("dark mode", () => {
  test.use({ colorScheme: "dark", viewport: { width: 1440, height: 900 } });

  test("follows prefers-color-scheme", async ({ page }) => {
    await signIn(page, VIEWER.email, VIEWER.password);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    // zinc-950 in Tailwind 4 is oklch(14.1% ...): a dark colour, whichever notation the browser reports.
    const lightness = await page.evaluate((bg) => {
      const probe = document.createElement("div");
      probe.style.color = bg;
      document.body.append(probe);
      const canvas = document.createElement("canvas").getContext("2d")!;
      canvas.fillStyle = getComputedStyle(probe).color;
      canvas.fillRect(0, 0, 1, 1);
      const [r, g, b] = canvas.getImageData(0, 0, 1, 1).data;
      probe.remove();
      return (r + g + b) / 3;
    }, background);
    expect(lightness).toBeLessThan(40);
    await page.screenshot({ path: "test-results/shell-dark.png" });
  });
});
